/**
 * What an append checks against the log before it writes: ids already stored (an idempotent
 * retry, or other content under a stored id), stream versions that continue the log's, and
 * unique claims that no other owner holds.
 */
import { CURRENT_DATA_VERSION, type StoredEvent } from '../domain/events';
import { streamVersionBreak } from '../domain/streamVersions';
import { uniqueClaimsOf, type UniqueClaim } from '../domain/uniqueness';
import { canonicalJson } from './canonical';
import { IdempotencyError, StreamSequenceError, UniqueConstraintError } from './errors';
import { FirstIndexOfId } from './firstIndexOfId';
import type { LogIndex } from './logIndex';
import type { LogState } from './logState';
import { eventsAt } from './reads';
import type { PlacedEvent, Placements } from './types';

/** How an event compares with what is stored under its id (ids not stored are left out). */
export type StoredMatch = 'same' | 'other';

/** What identifies an event's content, and its place in its stream when it has one. */
export type ComparableEvent = {
  id: string;
  type: string;
  streamId: string;
  data: unknown;
  dataVersion?: number;
  streamVersion?: number;
};

/** The content an event id stands for: retries must repeat it exactly. */
export const contentOf = (event: {
  type: string;
  streamId: string;
  data: unknown;
  dataVersion?: number;
}): string =>
  canonicalJson([
    event.type,
    event.streamId,
    event.dataVersion ?? CURRENT_DATA_VERSION,
    event.data,
  ]);

/** What a bulk append checks of placed events it holds. */
export const placementsOf = (events: readonly PlacedEvent[]): Placements => ({
  count: events.length,
  id: (index) => events[index]?.id ?? '',
  streamId: (index) => events[index]?.streamId ?? '',
  streamVersion: (index) => events[index]?.streamVersion ?? 0,
  claims: (index) => {
    const event = events[index];
    return event ? uniqueClaimsOf(event) : [];
  },
});

/**
 * Compares the given events with those stored under their ids (see EventStore.classify), each
 * with the position it is stored at. The index gives the positions whose ids hash alike; the
 * events there are read to compare the ids themselves.
 */
export async function classifyNow(
  log: LogState,
  events: readonly ComparableEvent[],
): Promise<Map<string, { match: StoredMatch; position: number }>> {
  const candidates = events.map((event) => log.index.candidatesOf(event.id));
  const matches = new Map<string, { match: StoredMatch; position: number }>();
  const positions = [...new Set(candidates.flat())].sort((a, b) => a - b);
  if (positions.length === 0) return matches;
  const stored = new Map<number, StoredEvent>();
  for (const event of await eventsAt(log, positions)) stored.set(event.position, event);
  events.forEach((event, i) => {
    const existing = candidates[i]
      ?.map((position) => stored.get(position))
      .find((candidate) => candidate?.id === event.id);
    if (existing === undefined || matches.get(event.id)?.match === 'other') return;
    const same =
      contentOf(existing) === contentOf(event) &&
      (event.streamVersion === undefined || event.streamVersion === existing.streamVersion);
    matches.set(event.id, { match: same ? 'same' : 'other', position: existing.position });
  });
  return matches;
}

/**
 * Which of the given events are already stored with the same content, and where; throws on
 * other content.
 */
export async function storedDuplicates(
  log: LogState,
  events: readonly ComparableEvent[],
): Promise<Map<string, number>> {
  const duplicates = new Map<string, number>();
  for (const [id, { match, position }] of await classifyNow(log, events)) {
    if (match === 'other')
      throw new IdempotencyError(id, 'this id is already stored with other content.');
    duplicates.set(id, position);
  }
  return duplicates;
}

/**
 * Checks a bulk append against the log, in order: ids not repeated, stream versions that
 * continue the log's, unique claims free. Throws the first refusal; returns the indices of the
 * events to write (not in `duplicates`, which are stored already with the same content).
 */
export function checkPlacements(
  index: LogIndex,
  placements: Placements,
  duplicates: ReadonlyMap<string, number>,
): number[] {
  const versions = new Map<string, number>();
  const seenIds = new FirstIndexOfId();
  const claims = new ClaimOverlay(index);
  const fresh: number[] = [];
  for (let at = 0; at < placements.count; at++) {
    const id = placements.id(at);
    if (duplicates.size > 0 && duplicates.has(id)) continue;
    if (seenIds.firstUse(id, at) !== undefined)
      throw new StreamSequenceError(id, at, 'it appears twice in the batch');
    const streamId = placements.streamId(at);
    const streamVersion = placements.streamVersion(at);
    const version = versions.get(streamId) ?? index.streamVersion(streamId);
    const versionBreak = streamVersionBreak(streamId, streamVersion, version);
    if (versionBreak !== null) throw new StreamSequenceError(id, at, versionBreak);
    versions.set(streamId, streamVersion);
    claims.check(placements.claims(at));
    fresh.push(at);
  }
  return fresh;
}

/**
 * Unique claims made earlier in the same batch, on top of the log's: an owner's new claim
 * releases its previous value, so another owner may take it later in the batch.
 */
export class ClaimOverlay {
  private readonly owners = new Map<string, string | null>();
  private readonly held = new Map<string, string>();

  constructor(private readonly index: LogIndex) {}

  /** Refuses an event's unique claims if another owner holds them. */
  check(claims: readonly UniqueClaim[]): void {
    for (const claim of claims) {
      const key = `${claim.slot}:${claim.value}`;
      const owner = this.ownerOf(key, claim.slot, claim.value);
      if (owner != null && owner !== claim.owner)
        throw new UniqueConstraintError(claim.slot, claim.value, owner);
      const heldBy = `${claim.slot}|${claim.owner}`;
      const previous = this.held.get(heldBy) ?? this.index.heldKey(claim.slot, claim.owner);
      // As in LogIndex.add: a key that two owners' older values share stays with its holder.
      if (
        previous !== undefined &&
        previous !== key &&
        this.ownerOf(previous, claim.slot, previous.slice(claim.slot.length + 1)) === claim.owner
      )
        this.owners.set(previous, null);
      this.owners.set(key, claim.owner);
      this.held.set(heldBy, key);
    }
  }

  private ownerOf(key: string, slot: string, value: string): string | null | undefined {
    return this.owners.has(key) ? this.owners.get(key) : this.index.uniqueOwner(slot, value);
  }
}
