/**
 * A PostgreSQL cluster of our own, run from the machine's PostgreSQL binaries (Debian's
 * `postgresql` package puts them in /usr/lib/postgresql/<major>/bin): the server's default
 * database, kept in a folder under the project, and the tests' throwaway one.
 *
 * PostgreSQL refuses to run as root. Started by root, the cluster is made and run as an
 * unprivileged user (`postgres`, which the package creates). It listens on 127.0.0.1 only, on a
 * free port chosen at each start, with no Unix socket, and asks for a password made at init.
 */
import { execFile, type ExecFileOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import pg from 'pg';

export const POSTGRES_MISSING_HELP =
  "Install Debian's postgresql package (apt-get install postgresql), set PG_BIN to a folder " +
  'holding initdb, pg_ctl and postgres, or set DATABASE_URL to a PostgreSQL server you can use.';

/** No PostgreSQL binaries, or no user to run them as. */
export class LocalPostgresUnavailable extends Error {
  override readonly name = 'LocalPostgresUnavailable';
}

const SUPERUSER = 'order_desk';
export const LOCAL_DATABASE = 'order_desk';

export interface LocalPostgres {
  /** A connection string to the cluster's `order_desk` database. */
  readonly url: string;
  /** Whether this process started the cluster (and so stops it). */
  readonly startedHere: boolean;
  stop(): Promise<void>;
}

export interface LocalPostgresOptions {
  /** The folder of the cluster: its data, password and log. Made when missing. */
  readonly folder: string;
  /** Settings for a throwaway cluster (tests): no fsync; it is deleted when stopped. */
  readonly throwaway?: boolean;
}

interface Binaries {
  readonly dir: string;
  readonly major: number;
}

/** The newest PostgreSQL whose initdb, pg_ctl and postgres are found (PG_BIN first). */
async function findBinaries(): Promise<Binaries> {
  const hasAll = (dir: string) =>
    ['initdb', 'pg_ctl', 'postgres'].every((name) => existsSync(join(dir, name)));
  const candidates: string[] = [];
  if (process.env.PG_BIN) candidates.push(process.env.PG_BIN);
  const debianRoot = '/usr/lib/postgresql';
  if (existsSync(debianRoot)) {
    const majors = (await readdir(debianRoot))
      .filter((name) => /^\d+$/.test(name))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...majors.map((major) => join(debianRoot, major, 'bin')));
  }
  candidates.push(...(process.env.PATH ?? '').split(delimiter).filter(Boolean));
  for (const dir of candidates) {
    if (!hasAll(dir)) continue;
    const version = await run(join(dir, 'postgres'), ['--version'], {});
    const major = Number(/(\d+)(\.\d+)?/.exec(version)?.[1]);
    return { dir, major };
  }
  throw new LocalPostgresUnavailable(`No PostgreSQL binaries found. ${POSTGRES_MISSING_HELP}`);
}

interface RunAs {
  readonly uid: number;
  readonly gid: number;
  readonly name: string;
}

/** Who runs the cluster: this process's user, or `postgres` (PG_USER) when this is root. */
async function clusterUser(): Promise<RunAs | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const name = process.env.PG_USER ?? 'postgres';
  try {
    const uid = Number(await run('id', ['-u', name], {}));
    const gid = Number(await run('id', ['-g', name], {}));
    return { uid, gid, name };
  } catch {
    throw new LocalPostgresUnavailable(
      `PostgreSQL refuses to run as root, and there is no user "${name}" to run it as. ` +
        `Run as an unprivileged user, create that user, or set PG_USER. ${POSTGRES_MISSING_HELP}`,
    );
  }
}

function run(file: string, args: readonly string[], options: ExecFileOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { ...options, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) {
        const output = `${stdout}${stderr}`.trim();
        reject(new Error(`${file} ${args.join(' ')} failed: ${output || error.message}`));
      } else resolve(stdout.trim());
    });
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('no free port'));
      });
    });
  });
}

/** Makes `path` the cluster user's (when this is root) so that PostgreSQL may write there. */
async function handOver(path: string, user: RunAs | undefined): Promise<void> {
  if (user) await chown(path, user.uid, user.gid);
}

const clusterSettings = (throwaway: boolean): string =>
  [
    '',
    '# Set by the order desk server (server/src/db/localPostgres.ts).',
    "listen_addresses = '127.0.0.1'",
    "unix_socket_directories = ''",
    'max_connections = 200',
    ...(throwaway ? ['fsync = off', 'synchronous_commit = off', 'full_page_writes = off'] : []),
    '',
  ].join('\n');

/** Starts the cluster in `options.folder` (making it first), or joins it if it already runs. */
export async function startLocalPostgres(options: LocalPostgresOptions): Promise<LocalPostgres> {
  const binaries = await findBinaries();
  const user = await clusterUser();
  const folder = options.folder;
  const dataDir = join(folder, 'data');
  const passwordFile = join(folder, 'password');
  const logFile = join(folder, 'postgres.log');
  const asUser: ExecFileOptions = user
    ? { uid: user.uid, gid: user.gid, cwd: folder, env: { ...process.env, HOME: folder } }
    : { cwd: folder };
  const tool = (name: string) => join(binaries.dir, name);

  await mkdir(folder, { recursive: true });
  // The cluster user must reach the folder; what is secret in it (the password) is 0600.
  await chmod(folder, 0o755);

  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    await rm(dataDir, { recursive: true, force: true });
    await mkdir(dataDir, { mode: 0o700 });
    await handOver(dataDir, user);
    const password = randomBytes(24).toString('base64url');
    // initdb reads the password from a file the cluster user can read; it is gone right after.
    const initPasswordFile = join(folder, 'initdb-password');
    await writeFile(initPasswordFile, password, { mode: 0o600 });
    await handOver(initPasswordFile, user);
    try {
      await run(
        tool('initdb'),
        [
          '--pgdata',
          dataDir,
          '--username',
          SUPERUSER,
          '--pwfile',
          initPasswordFile,
          '--auth',
          'scram-sha-256',
          '--encoding',
          'UTF8',
          '--locale',
          'C',
          ...(options.throwaway ? ['--no-sync'] : []),
        ],
        asUser,
      );
    } catch (error) {
      throw new LocalPostgresUnavailable(
        `Could not make a PostgreSQL cluster in ${dataDir}` +
          (user ? ` as user ${user.name} (it must be able to reach that folder)` : '') +
          `: ${error instanceof Error ? error.message : String(error)}`,
      );
    } finally {
      await rm(initPasswordFile, { force: true });
    }
    await writeFile(join(dataDir, 'postgresql.conf'), clusterSettings(options.throwaway ?? false), {
      flag: 'a',
    });
    await writeFile(passwordFile, password, { mode: 0o600 });
  }

  const madeBy = Number((await readFile(join(dataDir, 'PG_VERSION'), 'utf8')).trim());
  if (madeBy !== binaries.major)
    throw new LocalPostgresUnavailable(
      `The cluster in ${dataDir} was made by PostgreSQL ${madeBy}, but the binaries found are ` +
        `PostgreSQL ${binaries.major} (${binaries.dir}). Set PG_BIN to PostgreSQL ${madeBy}'s, ` +
        `or move the folder away to start afresh.`,
    );
  const password = (await readFile(passwordFile, 'utf8')).trim();

  // A cluster left running (by a server that was killed, or one running now) is joined as it is.
  const runningPort = await portOfRunningCluster(tool('pg_ctl'), dataDir, asUser);
  const startedHere = runningPort === undefined;
  let port = runningPort;
  if (port === undefined) {
    port = await freePort();
    if (!existsSync(logFile)) {
      await writeFile(logFile, '');
      await handOver(logFile, user);
    }
    await run(
      tool('pg_ctl'),
      [
        'start',
        '--pgdata',
        dataDir,
        '--log',
        logFile,
        '--wait',
        '--timeout',
        '120',
        '-o',
        `-p ${port}`,
      ],
      asUser,
    ).catch(async (error: unknown) => {
      const log = await readFile(logFile, 'utf8').catch(() => '');
      throw new LocalPostgresUnavailable(
        `PostgreSQL did not start: ${error instanceof Error ? error.message : String(error)}\n` +
          log.split('\n').slice(-15).join('\n'),
      );
    });
  }

  const serverUrl = (database: string) =>
    `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  await createDatabaseIfMissing(serverUrl('postgres'), LOCAL_DATABASE);

  return {
    url: serverUrl(LOCAL_DATABASE),
    startedHere,
    async stop() {
      if (!startedHere) return;
      await run(
        tool('pg_ctl'),
        ['stop', '--pgdata', dataDir, '--mode', 'fast', '--wait', '--timeout', '60'],
        asUser,
      );
      if (options.throwaway) await rm(folder, { recursive: true, force: true });
    },
  };
}

/** The port of the cluster running on `dataDir`, or undefined when none runs. */
async function portOfRunningCluster(
  pgCtl: string,
  dataDir: string,
  asUser: ExecFileOptions,
): Promise<number | undefined> {
  try {
    await run(pgCtl, ['status', '--pgdata', dataDir], asUser);
  } catch {
    return undefined;
  }
  // postmaster.pid: pid, data directory, start time, port, …
  const lines = (await readFile(join(dataDir, 'postmaster.pid'), 'utf8')).split('\n');
  const port = Number(lines[3]);
  return Number.isInteger(port) && port > 0 ? port : undefined;
}

/** Creates `database` on the server at `maintenanceUrl` unless it exists. */
export async function createDatabaseIfMissing(
  maintenanceUrl: string,
  database: string,
): Promise<void> {
  const client = new pg.Client({ connectionString: maintenanceUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0)
      await client.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}
