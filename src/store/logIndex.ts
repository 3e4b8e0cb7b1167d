import type { StoredEvent } from '../domain/events';
import { uniqueClaimsOf, type UniqueClaim } from '../domain/uniqueness';
import { FirstIndexOfId } from './firstIndexOfId';

/**
 * What every append checks, held in memory per tab: stream versions, event ids and unique
 * claims. IndexedDB indexes cost a write per event and per index; these maps cost ~100 bytes per
 * event and are brought up to date from the log inside each append's transaction.
 */
export class LogIndex {
  head = 0;
  /** Positions of each stream's events; the stream version is the list's length. */
  private readonly streams = new Map<string, number[]>();
  /** Each id's position: a log's ids are unique, so the first use is the only one. */
  private readonly ids = new FirstIndexOfId();
  /** `${slot}:${value}` → owner, and `${slot}|${owner}` → the key the owner holds. */
  private readonly uniqueOwners = new Map<string, string>();
  private readonly heldKeys = new Map<string, string>();

  apply(events: readonly StoredEvent[]): void {
    for (const event of events)
      this.add(event.id, event.streamId, event.position, uniqueClaimsOf(event));
  }

  /** The next event of the log, by what the index keeps of it. */
  add(id: string, streamId: string, position: number, claims: readonly UniqueClaim[]): void {
    let positions = this.streams.get(streamId);
    if (!positions) {
      positions = [];
      this.streams.set(streamId, positions);
    }
    positions.push(position);
    this.ids.firstUse(id, position);
    for (const claim of claims) {
      const held = `${claim.slot}|${claim.owner}`;
      const previous = this.heldKeys.get(held);
      // Not when another owner holds it: two values recorded under an older normalization can
      // share a key now, and the later one holds it.
      if (previous !== undefined && this.uniqueOwners.get(previous) === claim.owner)
        this.uniqueOwners.delete(previous);
      const key = `${claim.slot}:${claim.value}`;
      this.uniqueOwners.set(key, claim.owner);
      this.heldKeys.set(held, key);
    }
    this.head = position;
  }

  streamVersion(streamId: string): number {
    return this.streams.get(streamId)?.length ?? 0;
  }

  streamPositions(streamId: string): readonly number[] {
    return this.streams.get(streamId) ?? [];
  }

  positionOf(eventId: string): number | undefined {
    return this.ids.get(eventId);
  }

  uniqueOwner(slot: string, value: string): string | undefined {
    return this.uniqueOwners.get(`${slot}:${value}`);
  }

  /** The `${slot}:${value}` key an owner holds in a slot, if any. */
  heldKey(slot: string, owner: string): string | undefined {
    return this.heldKeys.get(`${slot}|${owner}`);
  }

  get streamCount(): number {
    return this.streams.size;
  }
}
