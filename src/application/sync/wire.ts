/**
 * Between the local log and the sync protocol (docs/sync.md): pending events grouped into the
 * commits a push sends, and a pull's CloudEvents checked into events the log can take.
 */
import { customerStreamId, type StoredEvent } from '../../domain/events';
import { catalogUpcasters } from '../../domain/upcasters';
import type { EventTexts, PlacedEvent } from '../../store/types';
import { walkElements } from '../eventLogFile/split';
import { checkCloudEvent } from '../eventLogFile/parse';
import type { PullReply, PushCommit, PushEvent } from './syncClient';

/** The protocol's limits on one push (docs/sync.md, Limits), with room below the body's. */
export const PUSH_LIMITS = { commits: 500, events: 2000, bytes: 900 * 1024 } as const;

/**
 * The events one command recorded, by the command's id (their causation id) and stream: a
 * command is one decision on one stream, and its events sit together in the log.
 */
export function commandsOf(events: readonly StoredEvent[]): StoredEvent[][] {
  const commands: StoredEvent[][] = [];
  let current: StoredEvent[] | undefined;
  for (const event of events) {
    const first = current?.[0];
    if (
      current !== undefined &&
      first !== undefined &&
      first.metadata.causationId === event.metadata.causationId &&
      first.streamId === event.streamId
    )
      current.push(event);
    else {
      current = [event];
      commands.push(current);
    }
  }
  return commands;
}

export const pushEventOf = (event: StoredEvent): PushEvent => ({
  id: event.id,
  type: event.type,
  time: event.time,
  dataversion: event.dataVersion,
  data: event.data,
  correlationid: event.metadata.correlationId,
  causationid: event.metadata.causationId,
  ...(event.metadata.actor === undefined ? {} : { actor: event.metadata.actor }),
});

/**
 * The first pending commands as one push, within the protocol's limits: each with the stream
 * version it was decided against, and an order placed for a customer registered earlier in the
 * same push depending on that commit.
 */
export function pushOf(commands: readonly (readonly StoredEvent[])[]): PushCommit[] {
  const commits: PushCommit[] = [];
  const lastCommitOn = new Map<string, number>();
  let events = 0;
  let bytes = 0;
  for (const command of commands) {
    const first = command[0];
    if (first === undefined) continue;
    const pushed = command.map(pushEventOf);
    const size = JSON.stringify(pushed).length;
    if (
      commits.length === PUSH_LIMITS.commits ||
      (commits.length > 0 &&
        (events + command.length > PUSH_LIMITS.events || bytes + size > PUSH_LIMITS.bytes))
    )
      break;
    const customer =
      first.type === 'OrderPlaced'
        ? lastCommitOn.get(customerStreamId(first.data.customer_id))
        : undefined;
    commits.push({
      stream: first.streamId,
      expectedVersion: first.streamVersion - 1,
      ...(customer === undefined ? {} : { dependsOn: [customer] }),
      events: pushed,
    });
    lastCommitOn.set(first.streamId, commits.length - 1);
    events += command.length;
    bytes += size;
  }
  return commits;
}

/**
 * The pushing device: the server's own attribute, not the event log format's (not stored). Taken
 * as it is, not copied out: a copy without it cost a fifth of checking a page.
 */
const SERVER_ATTRIBUTES: ReadonlySet<string> = new Set(['device']);

/** How this project's server begins a page (server/src/app.ts): its events' array follows. */
const PAGE_START = /^\{"head":\d{1,16},"events":\[/u;
/** What ends each event's JSON on this project's server: its own attribute, the device's id. */
const DEVICE_ATTRIBUTE = new TextEncoder().encode(',"device":');
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const CLOSE_BRACE = new TextEncoder().encode('}');

/**
 * Where each of a page's `count` events is in the page's bytes, as the event log file's JSON
 * (the server's `device` attribute left out), placed at the positions after `after`: a sealed
 * chunk keeps these bytes instead of serializing the events again. Undefined when the page is
 * not laid out as this project's server writes it (the events are then serialized).
 */
export function serverTextsOf(
  bytes: Uint8Array,
  count: number,
  after: number,
): EventTexts | undefined {
  const head = PAGE_START.exec(new TextDecoder().decode(bytes.subarray(0, 48)));
  if (head === null || count === 0) return undefined;
  const commas: number[] = [];
  const walk = walkElements(bytes, head[0].length, count, Number.POSITIVE_INFINITY, commas);
  if (!walk.closed || walk.elements !== count) return undefined;
  const spans = new Uint32Array(2 * count);
  for (let i = 0; i < count; i++) {
    const start = i === 0 ? head[0].length : (commas[i - 1] ?? 0) + 1;
    const end = i + 1 < count ? (commas[i] ?? 0) : walk.end;
    const attribute = deviceAttributeAt(bytes, start, end);
    if (attribute === undefined) return undefined;
    spans[2 * i] = start;
    spans[2 * i + 1] = attribute;
  }
  return { first: after + 1, bytes, spans, closing: CLOSE_BRACE };
}

/**
 * Where `,"device":"…"}` begins at the end of the element from `start` to `end`, the device's
 * id being text without escapes; undefined when the element does not end so.
 */
function deviceAttributeAt(bytes: Uint8Array, start: number, end: number): number | undefined {
  if (bytes[end - 1] !== CLOSE_BRACE[0] || bytes[end - 2] !== QUOTE) return undefined;
  let quote = end - 3;
  while (quote > start && bytes[quote] !== QUOTE && bytes[quote] !== BACKSLASH) quote--;
  const attribute = quote - DEVICE_ATTRIBUTE.length;
  if (bytes[quote] !== QUOTE || attribute <= start) return undefined;
  for (let i = 0; i < DEVICE_ATTRIBUTE.length; i++)
    if (bytes[attribute + i] !== DEVICE_ATTRIBUTE[i]) return undefined;
  return attribute;
}

/** A pull's events that the app cannot take: the sync stops rather than store them. */
export class UnreadableServerEventError extends Error {
  override readonly name = 'UnreadableServerEventError';
}

/**
 * A pull's events, checked as an event log file's are, placed at the positions after `after`
 * (the server's positions, which the confirmed log shares).
 */
export function serverEventsOf(
  cloudEvents: readonly Record<string, unknown>[],
  after: number,
): PlacedEvent[] {
  return cloudEvents.map((cloudEvent, index) => {
    const position = after + index + 1;
    if (Number(cloudEvent.sequence) !== position)
      throw new UnreadableServerEventError(
        `The sync server sent event ${String(cloudEvent.id)} as position ${String(cloudEvent.sequence)} where ${position} was due.`,
      );
    const checked = checkCloudEvent(cloudEvent, catalogUpcasters, SERVER_ATTRIBUTES);
    if ('reasons' in checked)
      throw new UnreadableServerEventError(
        `The sync server sent event ${String(cloudEvent.id)}, which this app cannot read: ${checked.reasons.join('; ')}. Update the app.`,
      );
    return checked.event;
  });
}

/** A pull's page, checked: its events placed after `after`, and where their JSON is in it. */
export interface CheckedPage {
  readonly head: number;
  readonly after: number;
  readonly events: PlacedEvent[];
  readonly texts?: EventTexts;
}

/** A pull's page for the events after `after`, checked (see serverEventsOf, serverTextsOf). */
export function checkedPage(page: PullReply, after: number): CheckedPage {
  const events = serverEventsOf(page.events, after);
  const texts = serverTextsOf(page.bytes, events.length, after);
  return { head: page.head, after, events, ...(texts === undefined ? {} : { texts }) };
}
