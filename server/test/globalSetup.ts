/**
 * A real PostgreSQL for the server's tests, found or started before any test runs:
 * - DATABASE_URL set: a fresh database on that server (the role needs CREATEDB), dropped after;
 * - otherwise a throwaway cluster from the machine's PostgreSQL binaries, deleted after.
 * Without either, the run stops at once and says what to install.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createPool } from '../src/db/database';
import {
  createDatabaseIfMissing,
  LocalPostgresUnavailable,
  startLocalPostgres,
} from '../src/db/localPostgres';
import { migrate } from '../src/db/migrations';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

async function freshDatabaseOn(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `order_desk_test_${process.pid}_${Date.now()}`;
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

async function throwawayCluster(): Promise<{ url: string; drop(): Promise<void> }> {
  const folder = await mkdtemp(join(tmpdir(), 'order-desk-test-pg-'));
  try {
    const cluster = await startLocalPostgres({ folder, throwaway: true });
    return { url: cluster.url, drop: () => cluster.stop() };
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    if (error instanceof LocalPostgresUnavailable)
      throw new Error(`The server tests need a real PostgreSQL. ${error.message}`, {
        cause: error,
      });
    throw error;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const given = process.env.DATABASE_URL;
  const database = given ? await freshDatabaseOn(given) : await throwawayCluster();
  const pool = createPool(database.url, 1);
  try {
    await migrate(pool);
  } catch (error) {
    await database.drop();
    throw error;
  } finally {
    await pool.end();
  }
  project.provide('databaseUrl', database.url);
  return () => database.drop();
}
