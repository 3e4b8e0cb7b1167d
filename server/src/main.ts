/**
 * `npm run server`: the sync server, on its own PostgreSQL cluster in server/.data unless
 * DATABASE_URL names another. Also makes desks and owner invites (docs/sync.md, "Running it").
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createDesk, createInvite, readName } from './access/access';
import { createPool } from './db/database';
import { LocalPostgresUnavailable, startLocalPostgres } from './db/localPostgres';
import { migrate } from './db/migrations';
import { HttpError } from './httpError';
import { startServer } from './startServer';

const USAGE = `Usage:
  npm run server [-- --host 127.0.0.1 --port 8787]     run the sync server
  npm run server -- create-desk --name <desk name> --owner <person>
                                                       make a desk; prints its owner's invite
  npm run server -- owner-invite --desk <desk id> --owner <person>
                                                       a new owner invite for a desk

Options: --data-dir <folder> (the embedded PostgreSQL's, default server/.data)
Environment: DATABASE_URL (use this PostgreSQL instead of the embedded one), HOST, PORT,
  CORS_ORIGIN (origins allowed to call from a browser, comma-separated; default *),
  PG_BIN (a folder with initdb, pg_ctl and postgres), PG_USER (runs them when started as root)`;

const DEFAULT_PORT = 8787;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    host: { type: 'string' },
    port: { type: 'string' },
    'data-dir': { type: 'string' },
    name: { type: 'string' },
    owner: { type: 'string' },
    desk: { type: 'string' },
    help: { type: 'boolean' },
  },
});

interface Database {
  readonly url: string;
  stop(): Promise<void>;
}

async function openDatabase(): Promise<Database> {
  const given = process.env.DATABASE_URL;
  if (given) return { url: given, stop: () => Promise.resolve() };
  const folder = resolve(values['data-dir'] ?? resolve(import.meta.dirname, '..', '.data'));
  console.log(`Embedded PostgreSQL in ${folder} (set DATABASE_URL to use another)…`);
  return startLocalPostgres({ folder });
}

function printInvite(invite: { code: string; person: string; expiresAt: string }): void {
  console.log(`Owner invite for ${invite.person}: ${invite.code}`);
  console.log(
    `(single use, valid until ${invite.expiresAt}: enter it with the server's URL on the desk's Sync page)`,
  );
}

/** A command that makes something in the database, then stops. */
async function runCommand(command: string, database: Database): Promise<void> {
  const pool = createPool(database.url, 2);
  try {
    await migrate(pool);
    if (command === 'create-desk') {
      const name = readName(values.name, '--name (the desk’s name)');
      const owner = readName(values.owner, '--owner (the owner’s name)');
      const { desk, invite } = await createDesk(pool, name, owner);
      console.log(`Desk "${desk.name}" made: ${desk.id}`);
      printInvite(invite);
    } else {
      const owner = readName(values.owner, '--owner (the owner’s name)');
      const desk = values.desk ?? '';
      printInvite(await createInvite(pool, desk, owner, 'owner', 72, null));
    }
  } finally {
    await pool.end();
  }
}

async function serve(database: Database): Promise<void> {
  const port = Number(values.port ?? process.env.PORT ?? DEFAULT_PORT);
  const server = await startServer({
    databaseUrl: database.url,
    host: values.host ?? process.env.HOST ?? '127.0.0.1',
    port,
    logger: true,
    ...(process.env.CORS_ORIGIN ? { corsOrigin: process.env.CORS_ORIGIN } : {}),
  });
  console.log(`Order desk sync server listening on ${server.url}`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping…`);
    server
      .close()
      .then(() => database.stop())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(error);
          process.exit(1);
        },
      );
  };
  process.once('SIGINT', () => {
    stop('SIGINT');
  });
  process.once('SIGTERM', () => {
    stop('SIGTERM');
  });
}

async function main(): Promise<void> {
  const command = positionals[0] ?? 'serve';
  if (values.help || !['serve', 'create-desk', 'owner-invite'].includes(command)) {
    console.log(USAGE);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const database = await openDatabase();
  if (command === 'serve') {
    try {
      await serve(database);
    } catch (error) {
      await database.stop();
      throw error;
    }
    return;
  }
  try {
    await runCommand(command, database);
  } finally {
    await database.stop();
  }
}

main().catch((error: unknown) => {
  if (error instanceof LocalPostgresUnavailable || error instanceof HttpError)
    console.error(error.message);
  else console.error(error);
  process.exit(1);
});
