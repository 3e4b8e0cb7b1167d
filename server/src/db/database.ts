/**
 * The connection pool and transactions. Positions and heads are bigint in PostgreSQL; they are read
 * as JavaScript numbers (exact up to 2^53, far beyond any desk's log).
 */
import pg from 'pg';

const types = new pg.TypeOverrides();
types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));

export function createPool(connectionString: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString, max, types });
  // An idle client whose connection breaks (the database restarted) is dropped from the pool;
  // without a listener the error would end the process.
  pool.on('error', () => undefined);
  return pool;
}

/** A connection of its own, outside the pool, named in pg_stat_activity. */
export function connectClient(connectionString: string, name: string): pg.Client {
  return new pg.Client({ connectionString, types, application_name: name });
}

/** The name of this process's append listener's connection in pg_stat_activity. */
export const listenerName = (): string => `order-desk listener ${process.pid}`;

/** Runs `work` in a transaction on one connection: committed if it returns, rolled back if not. */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    try {
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: unknown) => {
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      });
      throw error;
    }
  } finally {
    // A connection that could not roll back is closed rather than handed to the next caller.
    client.release(broken);
  }
}

/** Whether `error` is PostgreSQL ending a transaction to break a deadlock (it wrote nothing). */
export const isDeadlock = (error: unknown): boolean =>
  error instanceof pg.DatabaseError && error.code === '40P01';

/** Whether `error` is PostgreSQL's unique_violation on the constraint `constraint`. */
export const isUniqueViolation = (error: unknown, constraint: string): boolean =>
  error instanceof pg.DatabaseError && error.code === '23505' && error.constraint === constraint;
