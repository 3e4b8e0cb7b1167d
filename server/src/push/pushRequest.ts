/**
 * Reads a push request's body (docs/sync.md, "Push") into commits to append, or the reasons, in
 * plain words, why it is refused. Event data is checked against the catalog by the domain's own
 * validation, after the domain's upcasters bring an older data version up to the current one;
 * the server does not replay business rules, which the deciding device applied.
 */
import { isValidId, isValidTime } from '../../../src/domain/ids';
import { streamIdOf, type DomainEvent, type EventType } from '../../../src/domain/events';
import { uniqueClaimsOf, type UniqueClaim } from '../../../src/domain/uniqueness';
import { catalogUpcasters } from '../../../src/domain/upcasters';
import { isEventType, isPlainObject, validatePayload } from '../../../src/domain/validation';

export const MAX_COMMITS_PER_PUSH = 500;
export const MAX_EVENTS_PER_COMMIT = 100;
export const MAX_EVENTS_PER_PUSH = 2000;
/** A refusal lists at most this many reasons: enough to fix a client, small enough to read. */
const MAX_REASONS = 20;

export interface EventToAppend {
  readonly id: string;
  readonly type: EventType;
  readonly time: string;
  readonly dataVersion: number;
  /** The data as sent (at its own data version), as JSON text. */
  readonly dataJson: string;
  readonly correlationId: string;
  readonly causationId: string;
  readonly actor: string | null;
  /** The stream the event belongs to, by its data. */
  readonly stream: string;
  /** The unique values (customer emails) the event claims, read at the current data version. */
  readonly claims: readonly UniqueClaim[];
}

export interface CommitToAppend {
  readonly stream: string;
  /** The stream's version the device decided against: 0 for a stream that has no events yet. */
  readonly expectedVersion: number;
  readonly events: readonly EventToAppend[];
  /**
   * Earlier commits of the push (by index) that this one was decided on top of, on other streams
   * (an order for a customer registered in an earlier commit): refused with any of them.
   */
  readonly dependsOn: readonly number[];
}

export type PushRequest = { readonly commits: CommitToAppend[] } | { readonly reasons: string[] };

const EVENT_FIELDS: ReadonlySet<string> = new Set([
  'id',
  'type',
  'time',
  'data',
  'dataversion',
  'correlationid',
  'causationid',
  'actor',
]);
/** Fields a device might send out of habit (they are in the export format) but may not set. */
const STAMPED_BY_SERVER: Readonly<Record<string, string>> = {
  source: 'the server stamps "source" with the device that pushes',
  sequence: 'the server gives positions',
  streamversion: 'the server gives stream versions, from the commit\'s "expectedVersion"',
};

const shown = (value: unknown): string => {
  const text = JSON.stringify(value) as string | undefined;
  if (text === undefined) return String(value);
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
};

/** Reasons collected up to MAX_REASONS, each after the path of what it is about. */
class Reasons {
  readonly list: string[] = [];
  add(path: string, reason: string): void {
    if (this.list.length < MAX_REASONS) this.list.push(`${path}: ${reason}`);
  }
  get full(): boolean {
    return this.list.length >= MAX_REASONS;
  }
}

function unknownKeys(
  value: Record<string, unknown>,
  known: ReadonlySet<string>,
  path: string,
  reasons: Reasons,
): void {
  for (const key of Object.keys(value))
    if (!known.has(key))
      reasons.add(
        path,
        Object.hasOwn(STAMPED_BY_SERVER, key)
          ? `"${key}" may not be sent: ${STAMPED_BY_SERVER[key] ?? ''}`
          : `"${key}" is not a field of the protocol (unknown fields are refused)`,
      );
}

const isVersion = (value: unknown): value is number =>
  Number.isSafeInteger(value) && (value as number) >= 0;

function readEvent(value: unknown, path: string, reasons: Reasons): EventToAppend | undefined {
  if (!isPlainObject(value)) {
    reasons.add(path, 'an event must be a JSON object');
    return undefined;
  }
  const before = reasons.list.length;
  unknownKeys(value, EVENT_FIELDS, path, reasons);
  const { id, type, time, data, dataversion, actor } = value;
  if (!(typeof id === 'string' && isValidId(id)))
    reasons.add(path, `"id" must be 1 to 64 letters, digits, "-" or "_", not ${shown(id)}`);
  if (!isEventType(type))
    reasons.add(path, `"type" ${shown(type)} is not an event type of the catalog`);
  if (!(typeof time === 'string' && isValidTime(time)))
    reasons.add(
      path,
      `"time" must be an RFC 3339 UTC time with milliseconds, such as 2026-01-31T09:30:00.000Z, not ${shown(time)}`,
    );
  // The catalog takes year 0000 (JavaScript has one); PostgreSQL's calendar has no year 0.
  if (typeof time === 'string' && isValidTime(time) && time < '0001')
    reasons.add(path, `"time" must be in year 0001 or later, not ${shown(time)}`);
  for (const name of ['correlationid', 'causationid'] as const) {
    const given = value[name];
    if (given !== undefined && !(typeof given === 'string' && isValidId(given)))
      reasons.add(
        path,
        `"${name}" must be 1 to 64 letters, digits, "-" or "_", not ${shown(given)}`,
      );
  }
  if (actor !== undefined && !(typeof actor === 'string' && actor.trim() !== ''))
    reasons.add(path, `"actor" must be text that is not empty, not ${shown(actor)}`);
  if (!Number.isSafeInteger(dataversion) || (dataversion as number) < 1) {
    reasons.add(path, `"dataversion" must be a whole number, 1 or more, not ${shown(dataversion)}`);
    return undefined;
  }
  if (!isEventType(type) || typeof id !== 'string') return undefined;
  const version = dataversion as number;
  const versionProblem = catalogUpcasters.problem(type, version);
  if (versionProblem !== null) {
    reasons.add(path, versionProblem);
    return undefined;
  }
  if (!Object.hasOwn(value, 'data')) {
    reasons.add(path, '"data" is missing');
    return undefined;
  }
  let current: unknown;
  try {
    current = catalogUpcasters.upcast(type, version, data);
  } catch (error) {
    reasons.add(path, error instanceof Error ? error.message : String(error));
    return undefined;
  }
  for (const problem of validatePayload(type, catalogUpcasters.currentVersion, current))
    reasons.add(`${path}.data`, problem);
  if (reasons.list.length > before || reasons.full) return undefined;
  // Checked against the catalog above: the payload is this type's.
  const event = { type, data: current } as DomainEvent;
  return {
    id,
    type,
    time: time as string,
    dataVersion: version,
    dataJson: JSON.stringify(data),
    correlationId: typeof value.correlationid === 'string' ? value.correlationid : id,
    causationId: typeof value.causationid === 'string' ? value.causationid : id,
    actor: typeof actor === 'string' ? actor : null,
    stream: streamIdOf(event),
    claims: uniqueClaimsOf(event),
  };
}

const COMMIT_FIELDS: ReadonlySet<string> = new Set([
  'stream',
  'expectedVersion',
  'events',
  'dependsOn',
]);

/** `dependsOn`: indexes of earlier commits, each once; absent means none. */
function readDependencies(
  value: unknown,
  index: number,
  path: string,
  reasons: Reasons,
): number[] | undefined {
  if (value === undefined) return [];
  if (
    Array.isArray(value) &&
    value.every((earlier) => Number.isSafeInteger(earlier) && earlier >= 0 && earlier < index) &&
    new Set(value).size === value.length
  )
    return value as number[];
  reasons.add(
    path,
    `"dependsOn" must list indexes of earlier commits of this push (0 to ${index - 1}), each once, not ${shown(value)}`,
  );
  return undefined;
}

function readCommit(
  value: unknown,
  index: number,
  reasons: Reasons,
  ids: Set<string>,
): CommitToAppend | undefined {
  const path = `commits[${index}]`;
  if (!isPlainObject(value)) {
    reasons.add(
      path,
      'a commit must be a JSON object with "stream", "expectedVersion" and "events"',
    );
    return undefined;
  }
  const before = reasons.list.length;
  unknownKeys(value, COMMIT_FIELDS, path, reasons);
  const { stream, expectedVersion, events } = value;
  const dependsOn = readDependencies(value.dependsOn, index, path, reasons);
  if (typeof stream !== 'string')
    reasons.add(path, `"stream" must be a stream id such as order-1234, not ${shown(stream)}`);
  if (!isVersion(expectedVersion))
    reasons.add(
      path,
      `"expectedVersion" must be the stream's version before the commit (0 for a new stream), not ${shown(expectedVersion)}`,
    );
  if (!Array.isArray(events) || events.length < 1 || events.length > MAX_EVENTS_PER_COMMIT) {
    reasons.add(path, `"events" must be a list of 1 to ${MAX_EVENTS_PER_COMMIT} events`);
    return undefined;
  }
  const read: EventToAppend[] = [];
  for (let at = 0; at < events.length && !reasons.full; at++) {
    const eventPath = `${path}.events[${at}]`;
    const event = readEvent(events[at], eventPath, reasons);
    if (!event) continue;
    if (ids.has(event.id)) reasons.add(eventPath, `the event id ${event.id} is in this push twice`);
    ids.add(event.id);
    if (typeof stream === 'string' && event.stream !== stream)
      reasons.add(
        eventPath,
        `the event belongs to the stream ${event.stream}, not ${stream}: a commit holds one stream's events`,
      );
    read.push(event);
  }
  if (
    reasons.list.length > before ||
    typeof stream !== 'string' ||
    !isVersion(expectedVersion) ||
    !dependsOn
  )
    return undefined;
  return { stream, expectedVersion, events: read, dependsOn };
}

/** The commits of a push body, or why it is refused. */
export function readPushRequest(body: unknown): PushRequest {
  const reasons = new Reasons();
  if (!isPlainObject(body))
    return { reasons: ['the body must be a JSON object: {"commits": [...]}'] };
  unknownKeys(body, new Set(['commits']), 'the body', reasons);
  const { commits } = body;
  if (!Array.isArray(commits) || commits.length < 1 || commits.length > MAX_COMMITS_PER_PUSH)
    return {
      reasons: [
        ...reasons.list,
        `"commits" must be a list of 1 to ${MAX_COMMITS_PER_PUSH} commits`,
      ],
    };
  const total = commits.reduce<number>(
    (sum, commit) =>
      sum + (isPlainObject(commit) && Array.isArray(commit.events) ? commit.events.length : 0),
    0,
  );
  if (total > MAX_EVENTS_PER_PUSH)
    return {
      reasons: [
        `a push holds at most ${MAX_EVENTS_PER_PUSH} events (this one has ${total}): send the rest in the next push`,
      ],
    };
  const ids = new Set<string>();
  const read: CommitToAppend[] = [];
  for (let index = 0; index < commits.length && !reasons.full; index++) {
    const commit = readCommit(commits[index], index, reasons, ids);
    if (commit) read.push(commit);
  }
  return reasons.list.length > 0 ? { reasons: reasons.list } : { commits: read };
}
