/**
 * A real PostgreSQL for the server's tests, found or started before any test runs:
 * - DATABASE_URL set: a fresh database on that server (the role needs CREATEDB), dropped after;
 * - otherwise a throwaway cluster from the machine's PostgreSQL binaries, deleted after.
 * Without either, the run stops at once and says what to install.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { createPool } from '../src/db/database';
import { LocalPostgresUnavailable, startLocalPostgres } from '../src/db/localPostgres';
import { migrate } from '../src/db/migrations';
import { freshDatabaseOn } from './freshDatabase';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
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
