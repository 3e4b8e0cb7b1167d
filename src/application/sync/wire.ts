/**
 * Between the local log and the sync protocol (docs/sync.md): pending events grouped into the
 * commits a push sends, and a pull's CloudEvents checked into events the log can take.
 */
import { customerStreamId, type StoredEvent } from '../../domain/events';
import { catalogUpcasters } from '../../domain/upcasters';
import type { PlacedEvent } from '../../store/types';
import { checkCloudEvent } from '../eventLogFile/parse';
import type { PushCommit, PushEvent } from './syncClient';

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
