/**
 * One server process: the pool, the schema brought up to date, the append listener and the HTTP
 * API, listening. Processes share nothing but the database, so any number can run side by side.
 */
import type { AddressInfo } from 'node:net';
import type pg from 'pg';
import { DeskNotifier } from './deskNotifier';
import { buildApp } from './app';
import { connectClient, createPool, listenerName } from './db/database';
import { migrate } from './db/migrations';

export interface ServerOptions {
  readonly databaseUrl: string;
  /** 127.0.0.1 unless told otherwise: the server is reached through a proxy that adds TLS. */
  readonly host?: string;
  /** 0: any free port. */
  readonly port?: number;
  readonly corsOrigin?: string;
  readonly logger?: boolean;
  readonly poolSize?: number;
}

export interface RunningServer {
  /** The base URL, e.g. http://127.0.0.1:8787 */
  readonly url: string;
  readonly pool: pg.Pool;
  close(): Promise<void>;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const pool = createPool(options.databaseUrl, options.poolSize);
  const notifier = new DeskNotifier(
    () => connectClient(options.databaseUrl, listenerName()),
    (message) => {
      console.error(message);
    },
  );
  try {
    await migrate(pool);
    await notifier.start();
    const app = await buildApp({
      pool,
      notifier,
      ...(options.corsOrigin === undefined ? {} : { corsOrigin: options.corsOrigin }),
      ...(options.logger === undefined ? {} : { logger: options.logger }),
    });
    await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
    const address = app.server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return {
      url: `http://${host}:${address.port}`,
      pool,
      async close() {
        await app.close();
        await pool.end();
      },
    };
  } catch (error) {
    await notifier.close();
    await pool.end();
    throw error;
  }
}
