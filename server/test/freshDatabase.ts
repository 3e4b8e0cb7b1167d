import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createDatabaseIfMissing } from '../src/db/localPostgres';

/** A new, empty database on the PostgreSQL server at `serverUrl`: its address, and dropping it. */
export async function freshDatabaseOn(
  serverUrl: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `order_desk_test_${process.pid}_${randomUUID().slice(0, 8)}`;
  await createDatabaseIfMissing(serverUrl, name);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
      await client.end();
    },
  };
}
