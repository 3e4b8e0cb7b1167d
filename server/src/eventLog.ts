/**
 * A desk's event log in PostgreSQL: the append of a push and the read of a pull.
 *
 * Global order: an append first locks the desk's row (its head) for the rest of its transaction,
 * so a desk's appends run one after another and each hands out the positions after the head it
 * read. Positions are therefore gapless, and a transaction that takes later positions commits
 * later: a reader never sees position n + 1 before n. A sequence could give out numbers in one
 * order and commit them in another, leaving gaps for a moment, or for good after a rollback.
 */
import pg from 'pg';
import { deviceRevoked, type Device } from './access/access';
import { inTransaction, isDeadlock, isUniqueViolation } from './db/database';
import { APPENDED_CHANNEL, notify } from './deskNotifier';
import { CHUNK_SIZE, CLOUD_EVENT_JSON, sealChunks } from './eventJson';
import {
  planPush,
  type AcceptedEvent,
  type HeldClaim,
  type PushPlan,
  type RejectedCommit,
  type StoredEventFacts,
} from './push/planPush';
import type { CommitToAppend } from './push/pushRequest';

export interface PushResult {
  readonly head: number;
  readonly accepted: readonly AcceptedEvent[];
  readonly rejected: readonly RejectedCommit[];
}

async function storedEvents(
  client: pg.ClientBase,
  desk: string,
  commits: readonly CommitToAppend[],
): Promise<Map<string, StoredEventFacts>> {
  const events = commits.flatMap((commit) => commit.events);
  // Event ids are unique across desks, and a retried push is rare: look for its ids alone first,
  // and compare the data of the few found. Not a named statement: its plan is made for each push.
  // A plan kept from when the table was small scans all of it, which a large table makes slow
  // until the next ANALYZE.
  const found = await client.query<{ event_id: string }>(
    'SELECT event_id FROM events WHERE event_id = ANY($1::text[])',
    [events.map((event) => event.id)],
  );
  const facts = new Map<string, StoredEventFacts>();
  if (found.rowCount === 0) return facts;
  const foundIds = new Set(found.rows.map((row) => row.event_id));
  const sent = events.filter((event) => foundIds.has(event.id));
  const compared = await client.query<{
    event_id: string;
    on_this_desk: boolean;
    stream_id: string;
    stream_version: number;
    global_position: number;
    type: string;
    data_version: number;
    same_data: boolean;
  }>(
    `SELECT e.event_id, e.desk = $1 AS on_this_desk, e.stream_id, e.stream_version,
            e.global_position, e.type, e.data_version, e.data::jsonb = sent.data::jsonb AS same_data
     FROM unnest($2::text[], $3::text[]) AS sent (event_id, data)
     JOIN events e ON e.event_id = sent.event_id`,
    [desk, sent.map((event) => event.id), sent.map((event) => event.dataJson)],
  );
  for (const row of compared.rows)
    facts.set(row.event_id, {
      onThisDesk: row.on_this_desk,
      stream: row.stream_id,
      streamVersion: row.stream_version,
      position: row.global_position,
      type: row.type,
      dataVersion: row.data_version,
      sameData: row.same_data,
    });
  return facts;
}

async function streamVersions(
  client: pg.ClientBase,
  desk: string,
  commits: readonly CommitToAppend[],
): Promise<Map<string, number>> {
  const streams = [...new Set(commits.map((commit) => commit.stream))];
  // max() over the (desk, stream_id, stream_version) unique index: one index probe per stream.
  const result = await client.query<{ stream_id: string; version: number | null }>({
    name: 'stream-versions',
    text: `SELECT s.stream_id,
            (SELECT max(stream_version) FROM events e
             WHERE e.desk = $1 AND e.stream_id = s.stream_id) AS version
     FROM unnest($2::text[]) AS s (stream_id)`,
    values: [desk, streams],
  });
  return new Map(result.rows.map((row) => [row.stream_id, row.version ?? 0]));
}

async function heldClaims(
  client: pg.ClientBase,
  desk: string,
  commits: readonly CommitToAppend[],
): Promise<HeldClaim[]> {
  const claims = commits.flatMap((commit) => commit.events.flatMap((event) => event.claims));
  if (claims.length === 0) return [];
  const result = await client.query<HeldClaim>(
    `SELECT DISTINCT c.slot, c.value, c.owner
     FROM unnest($2::text[], $3::text[], $4::text[]) AS claimed (slot, value, owner)
     JOIN unique_claims c ON c.desk = $1 AND c.slot = claimed.slot
                         AND (c.value = claimed.value OR c.owner = claimed.owner)`,
    [
      desk,
      claims.map((claim) => claim.slot),
      claims.map((claim) => claim.value),
      claims.map((claim) => claim.owner),
    ],
  );
  return result.rows;
}

async function write(client: pg.ClientBase, device: Device, plan: PushPlan): Promise<void> {
  const { rows } = plan;
  // The events and the desk's new head in one statement.
  await client.query({
    name: 'append',
    text: `WITH appended AS (
       INSERT INTO events (desk, global_position, stream_id, stream_version, event_id, type,
                           data_version, data, time, source, device, correlation_id,
                           causation_id, actor)
       SELECT $1, position, stream_id, stream_version, event_id, type, data_version, data::json,
              time::timestamptz, $2, $3, correlation_id, causation_id, actor
       FROM unnest($4::bigint[], $5::text[], $6::integer[], $7::text[], $8::text[],
                   $9::integer[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[])
            AS row (position, stream_id, stream_version, event_id, type, data_version, data,
                    time, correlation_id, causation_id, actor)
     )
     UPDATE desks SET head = $15 WHERE id = $1`,
    values: [
      device.desk,
      device.source,
      device.id,
      rows.map((row) => row.position),
      rows.map((row) => row.event.stream),
      rows.map((row) => row.streamVersion),
      rows.map((row) => row.event.id),
      rows.map((row) => row.event.type),
      rows.map((row) => row.event.dataVersion),
      rows.map((row) => row.event.dataJson),
      rows.map((row) => row.event.time),
      rows.map((row) => row.event.correlationId),
      rows.map((row) => row.event.causationId),
      rows.map((row) => row.event.actor),
      plan.head,
    ],
  });
  // The chunks this append completes, written once: the desk's row is locked until the commit.
  const headBefore = plan.head - rows.length;
  if (Math.floor(plan.head / CHUNK_SIZE) > Math.floor(headBefore / CHUNK_SIZE)) {
    // The planner cannot know how few events a chunk's range holds and guesses a share of the
    // table: on a large one it would compile the statement (JIT), at many times its cost.
    await client.query('SET LOCAL jit = off');
    await client.query({
      name: 'seal-chunks',
      text: sealChunks('WHERE d.id = $1'),
      values: [device.desk],
    });
  }
  if (plan.releasedOwners.length > 0) {
    await client.query(
      `DELETE FROM unique_claims
       WHERE desk = $1 AND (slot, owner) IN (SELECT * FROM unnest($2::text[], $3::text[]))`,
      [
        device.desk,
        plan.releasedOwners.map((owner) => owner.slot),
        plan.releasedOwners.map((owner) => owner.owner),
      ],
    );
    await client.query(
      `INSERT INTO unique_claims (desk, slot, value, owner)
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[])`,
      [
        device.desk,
        plan.heldClaims.map((claim) => claim.slot),
        plan.heldClaims.map((claim) => claim.value),
        plan.heldClaims.map((claim) => claim.owner),
      ],
    );
  }
}

/**
 * How often a push is tried when another desk took one of its event ids meanwhile, or held one
 * while waiting for another (a deadlock, which PostgreSQL breaks by ending one of the two).
 */
const ATTEMPTS = 3;

/**
 * Appends the commits of one push from `device`, all in one transaction, then wakes the desk's
 * long-polls (a notification that fails is told to `log`).
 */
export async function appendPush(
  pool: pg.Pool,
  device: Device,
  commits: readonly CommitToAppend[],
  log: (message: string) => void,
): Promise<PushResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await inTransaction(pool, async (client) => {
        // The device's row too, shared: a revocation committed since the token was checked is
        // seen here, and one under way waits for this push, so none is written after it.
        const locked = await client.query<{ head: number; revoked: boolean }>({
          name: 'lock-head',
          text: `SELECT d.head, v.revoked_at IS NOT NULL AS revoked
                 FROM desks d JOIN devices v ON v.id = $2 AND v.desk = d.id
                 WHERE d.id = $1 FOR NO KEY UPDATE OF d FOR SHARE OF v`,
          values: [device.desk, device.id],
        });
        const head = locked.rows[0]?.head;
        if (head === undefined) throw new Error(`desk ${device.desk} is missing`);
        if (locked.rows[0]?.revoked) throw deviceRevoked();
        const plan = planPush(commits, {
          head,
          stored: await storedEvents(client, device.desk, commits),
          versions: await streamVersions(client, device.desk, commits),
          claims: await heldClaims(client, device.desk, commits),
        });
        if (plan.rows.length > 0) await write(client, device, plan);
        return {
          written: plan.rows.length > 0,
          push: { head: plan.head, accepted: plan.accepted, rejected: plan.rejected },
        };
      });
      if (result.written) await notify(pool, APPENDED_CHANNEL, device.desk, log);
      return result.push;
    } catch (error) {
      // Only another desk's append can take an id under this desk's lock, or hold one this push
      // needs while it waits for one this push took; the next attempt finds it stored and refuses
      // the commit that reused it, or writes what the ended one would have.
      if (
        attempt < ATTEMPTS &&
        (isUniqueViolation(error, 'events_event_id_key') || isDeadlock(error))
      )
        continue;
      throw error;
    }
  }
}

export interface EventPage {
  readonly head: number;
  readonly count: number;
  /** The page's events as a JSON array's text, in global order. */
  readonly eventsJson: string;
  /** Whether the device reading was revoked (checked with the events). */
  readonly revoked: boolean;
}

/** Part of a page: its events' texts in order, with the head and revocation read with them. */
interface PagePart {
  readonly head: number;
  readonly revoked: boolean;
  readonly count: number;
  readonly texts: readonly string[];
}

/**
 * The events after `after`, at most `limit`, each written by PostgreSQL, in index order without a
 * sort. A read near the head, before the desk's next chunk boundary, is this statement alone.
 */
async function eventsOneByOne(
  pool: pg.Pool,
  desk: string,
  after: number,
  limit: number,
  device: string,
): Promise<PagePart | undefined> {
  const part = await pool.query<[number, boolean, string]>({
    name: 'read-events',
    text: `SELECT (SELECT head FROM desks WHERE id = $1),
                  (SELECT revoked_at IS NOT NULL FROM devices WHERE id = $4),
                  ${CLOUD_EVENT_JSON}
           FROM events e WHERE desk = $1 AND global_position > $2
           ORDER BY global_position LIMIT $3`,
    values: [desk, after, limit, device],
    rowMode: 'array',
  });
  const first = part.rows[0];
  if (!first) return undefined;
  const texts = part.rows.map((row) => row[2]);
  return { head: first[0], revoked: first[1], count: texts.length, texts };
}

/**
 * The events after `boundary` (a chunk's end), at most `limit`: the sealed chunks from there that
 * lie wholly in the range, as stored, while they follow each other (a chunk missing ends them),
 * then the events after them written one by one.
 */
async function chunksThenEvents(
  pool: pg.Pool,
  desk: string,
  boundary: number,
  limit: number,
  device: string,
): Promise<PagePart | undefined> {
  const part = await pool.query<[number, boolean, number, number, string]>({
    name: 'read-chunks',
    text: `WITH run AS (
             SELECT first_position, events_json FROM (
               SELECT first_position, events_json,
                      row_number() OVER (ORDER BY first_position) AS nth
               FROM event_chunks
               WHERE desk = $1 AND first_position > $2::bigint
                 AND first_position <= $2::bigint + $3::bigint - ${CHUNK_SIZE - 1}
             ) AS chunk
             WHERE first_position = $2::bigint + (nth - 1) * ${CHUNK_SIZE} + 1
           ),
           run_end AS (
             SELECT coalesce(max(first_position) + ${CHUNK_SIZE - 1}, $2::bigint) AS last
             FROM run
           )
           SELECT (SELECT head FROM desks WHERE id = $1),
                  (SELECT revoked_at IS NOT NULL FROM devices WHERE id = $4),
                  part.position, part.events, part.json
           FROM (
             SELECT first_position AS position, ${CHUNK_SIZE} AS events, events_json AS json
             FROM run
             UNION ALL
             -- In index order with a limit, as pulls read before chunks: the plan stays an index
             -- range scan however much the table grew since it was made. Bounded by the page
             -- too, so that the planner expects a page of events, not a share of the table
             -- (which it would compile, JIT, at many times the cost).
             (SELECT e.global_position, 1, ${CLOUD_EVENT_JSON}
              FROM events e
              WHERE e.desk = $1 AND e.global_position > (SELECT last FROM run_end)
                AND e.global_position <= $2::bigint + $3::bigint
              ORDER BY e.global_position
              LIMIT (SELECT $2::bigint + $3::bigint - last FROM run_end))
           ) AS part`,
    values: [desk, boundary, limit, device],
    rowMode: 'array',
  });
  const first = part.rows[0];
  if (!first) return undefined;
  // The two parts come in no set order: sorting their few rows here spares PostgreSQL a sort
  // that would carry their texts.
  part.rows.sort((one, other) => one[2] - other[2]);
  let count = 0;
  const texts = part.rows.map((row) => {
    count += row[3];
    return row[4];
  });
  return { head: first[0], revoked: first[1], count, texts };
}

/**
 * The events of `desk` after `after`, at most `limit`, and the head (at least the last event's
 * position), for `device`, which is told if it was revoked meanwhile. Positions are gapless, so
 * the page is the positions after + 1 … after + limit that exist. Those up to the first chunk
 * boundary are written one by one, which is all a read near the head needs; from the boundary on,
 * the page sends the sealed chunks as stored, then the events after them one by one. The second
 * part's statement reads the head again, so it is at least the last position of both parts. The
 * server joins the texts without parsing them.
 */
export async function readEvents(
  pool: pg.Pool,
  desk: string,
  after: number,
  limit: number,
  device: string,
): Promise<EventPage> {
  const boundary = Math.ceil(after / CHUNK_SIZE) * CHUNK_SIZE;
  const beforeBoundary = Math.min(boundary, after + limit) - after;
  const upToBoundary =
    beforeBoundary > 0
      ? await eventsOneByOne(pool, desk, after, beforeBoundary, device)
      : undefined;
  // Read on only when the events reach the boundary and the page has room for more.
  const fromBoundary =
    beforeBoundary === 0 || (upToBoundary?.count === beforeBoundary && beforeBoundary < limit)
      ? await chunksThenEvents(pool, desk, boundary, limit - beforeBoundary, device)
      : undefined;
  const latest = fromBoundary ?? upToBoundary;
  if (!latest) return readHead(pool, desk, device);
  const texts = [...(upToBoundary?.texts ?? []), ...(fromBoundary?.texts ?? [])];
  return {
    head: latest.head,
    count: (upToBoundary?.count ?? 0) + (fromBoundary?.count ?? 0),
    eventsJson: `[${texts.join(',')}]`,
    revoked: latest.revoked,
  };
}

/** An empty page: the head, and whether `device` was revoked. */
async function readHead(pool: pg.Pool, desk: string, device: string): Promise<EventPage> {
  const head = await pool.query<{ head: number; revoked: boolean }>({
    name: 'read-head',
    text: `SELECT head, (SELECT revoked_at IS NOT NULL FROM devices WHERE id = $2) AS revoked
           FROM desks WHERE id = $1`,
    values: [desk, device],
  });
  const found = head.rows[0];
  if (!found) throw new Error(`desk ${desk} is missing`);
  return { head: found.head, count: 0, eventsJson: '[]', revoked: found.revoked };
}
