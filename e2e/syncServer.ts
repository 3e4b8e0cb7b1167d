/**
 * A real sync server for the end-to-end tests: one per Playwright worker that needs it, on a
 * throwaway PostgreSQL cluster of its own (from the machine's binaries, run as `postgres` when
 * the tests run as root), deleted when the worker ends. Ports SYNC_E2E_PORT (8791) and up, on
 * 127.0.0.1.
 */
import { test as base } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDesk } from '../server/src/access/access';
import { LocalPostgresUnavailable, startLocalPostgres } from '../server/src/db/localPostgres';
import { startServer } from '../server/src/startServer';

// Overridable, as E2E_PORT is, so that several suites can run side by side on one machine.
const FIRST_PORT = Number(process.env.SYNC_E2E_PORT ?? 8791);

export interface SyncServer {
  /** The server's address, as a person types it on the Sync page. */
  readonly url: string;
  /** Makes a desk; resolves to its owner's invite code. */
  newDesk(name: string, owner: string): Promise<string>;
  /** Stops the server and starts it again on the same port and database. */
  restart(): Promise<void>;
}

export const test = base.extend<object, { syncServer: SyncServer }>({
  syncServer: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures it is given
    async ({}, use, workerInfo) => {
      const folder = await mkdtemp(join(tmpdir(), 'order-desk-e2e-pg-'));
      let cluster;
      try {
        cluster = await startLocalPostgres({ folder, throwaway: true });
      } catch (error) {
        await rm(folder, { recursive: true, force: true });
        if (error instanceof LocalPostgresUnavailable)
          throw new Error(`The sync tests need a real PostgreSQL. ${error.message}`, {
            cause: error,
          });
        throw error;
      }
      try {
        const options = { databaseUrl: cluster.url, port: FIRST_PORT + workerInfo.parallelIndex };
        let server = await startServer(options);
        try {
          await use({
            url: server.url,
            newDesk: async (name, owner) =>
              (await createDesk(server.pool, name, owner)).invite.code,
            restart: async () => {
              await server.close();
              server = await startServer(options);
            },
          });
        } finally {
          await server.close();
        }
      } finally {
        await cluster.stop();
      }
    },
    // Making a cluster takes seconds alone, more on a busy machine.
    { scope: 'worker', timeout: 180_000 },
  ],
});

export { expect } from '@playwright/test';
