/**
 * The schema, as numbered migrations applied in order at start. A migration is never edited once
 * released: a change is a new one. Several server processes may start at once; an advisory lock
 * lets one of them migrate while the others wait.
 */
import type pg from 'pg';
import { CHUNK_SIZE, sealChunks } from '../eventJson';

const migrations: readonly string[] = [
  /* 1: desks, devices, invites, the event log and the unique claims. */ `
  CREATE TABLE desks (
    id          text PRIMARY KEY,
    name        text NOT NULL,
    -- The head row: the desk's last global position. An append locks it (FOR NO KEY UPDATE),
    -- which puts a desk's appends in one line and hands out positions in commit order.
    head        bigint NOT NULL DEFAULT 0 CHECK (head >= 0),
    created_at  timestamptz NOT NULL DEFAULT now()
  );

  CREATE TABLE devices (
    id           uuid PRIMARY KEY,
    desk         text NOT NULL REFERENCES desks (id),
    person       text NOT NULL,
    role         text NOT NULL CHECK (role IN ('owner', 'member')),
    -- SHA-256 of the device token: the token itself is never stored.
    token_hash   bytea NOT NULL UNIQUE,
    joined_at    timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    revoked_at   timestamptz
  );
  CREATE INDEX devices_by_desk ON devices (desk, joined_at);

  CREATE TABLE invites (
    -- SHA-256 of the invite code.
    code_hash   bytea PRIMARY KEY,
    desk        text NOT NULL REFERENCES desks (id),
    person      text NOT NULL,
    role        text NOT NULL CHECK (role IN ('owner', 'member')),
    -- Null: made on the command line (a desk's first owner invite).
    created_by  uuid REFERENCES devices (id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    used_by     uuid REFERENCES devices (id)
  );

  -- A pull writes each event's JSON by concatenation, without escaping (eventLog.ts): the CHECKs
  -- keep every column written that way to characters that need none.
  CREATE TABLE events (
    desk            text NOT NULL REFERENCES desks (id),
    global_position bigint NOT NULL CHECK (global_position >= 1),
    stream_id       text NOT NULL CHECK (stream_id ~ '^[A-Za-z0-9_-]+$'),
    stream_version  integer NOT NULL CHECK (stream_version >= 1),
    event_id        text NOT NULL CHECK (event_id ~ '^[A-Za-z0-9_-]{1,64}$'),
    type            text NOT NULL CHECK (type ~ '^[A-Za-z]+$'),
    data_version    integer NOT NULL,
    -- The payload as the device sent it, checked and written out by the server (json keeps the
    -- text as it is, so a pull passes it on without rewriting it).
    data            json NOT NULL,
    time            timestamptz NOT NULL,
    source          text NOT NULL CHECK (source ~ '^[A-Za-z0-9:._-]+$'),
    device          uuid NOT NULL REFERENCES devices (id),
    correlation_id  text NOT NULL CHECK (correlation_id ~ '^[A-Za-z0-9_-]{1,64}$'),
    causation_id    text NOT NULL CHECK (causation_id ~ '^[A-Za-z0-9_-]{1,64}$'),
    actor           text,
    PRIMARY KEY (desk, global_position),
    UNIQUE (desk, stream_id, stream_version),
    UNIQUE (event_id)
  );

  -- Values only one owner may hold on a desk (the domain's unique claims: a customer's email,
  -- normalized by the domain's normalizeEmail). An owner holds one value per slot at a time.
  CREATE TABLE unique_claims (
    desk  text NOT NULL REFERENCES desks (id),
    slot  text NOT NULL,
    value text NOT NULL,
    owner text NOT NULL,
    PRIMARY KEY (desk, slot, value),
    UNIQUE (desk, slot, owner)
  );
  `,
  /* 2: sealed chunks of the events' JSON, for the events stored already too. */ `
  -- A desk's events by runs of ${CHUNK_SIZE} positions from 1, each the JSON a pull sends for
  -- them, written once by the append that completes it (eventJson.ts): a pull sends whole
  -- chunks instead of having each event written again.
  CREATE TABLE event_chunks (
    desk           text NOT NULL REFERENCES desks (id),
    first_position bigint NOT NULL CHECK (first_position % ${CHUNK_SIZE} = 1),
    events_json    text NOT NULL,
    PRIMARY KEY (desk, first_position)
  );
  -- Compressed, as text is by default: reading and decompressing a chunk costs no more CPU than
  -- reading the several times more pages of an uncompressed one (STORAGE EXTERNAL), which would
  -- also double the disk the events take.
  ${sealChunks('')};
  `,
];

/** Any constant both sides agree on: the lock is only ever taken here. */
const MIGRATION_LOCK = 4_210_019;

/**
 * Applies the migrations not yet applied, up to version `to` (all of them unless told: the tests
 * bring a database to an older version first); returns how many it applied.
 */
export async function migrate(pool: pg.Pool, to = migrations.length): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await client.query(
        `CREATE TABLE IF NOT EXISTS schema_migrations (
           version    integer PRIMARY KEY,
           applied_at timestamptz NOT NULL DEFAULT now()
         )`,
      );
      const applied = await client.query<{ version: number }>(
        'SELECT coalesce(max(version), 0) AS version FROM schema_migrations',
      );
      const from = applied.rows[0]?.version ?? 0;
      if (from > migrations.length)
        throw new Error(
          `The database is at schema version ${from}, newer than this server knows ` +
            `(${migrations.length}): run a newer server.`,
        );
      for (let version = from + 1; version <= to; version++) {
        await client.query('BEGIN');
        try {
          await client.query(migrations[version - 1] ?? '');
          await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw error;
        }
      }
      return Math.max(to - from, 0);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}
