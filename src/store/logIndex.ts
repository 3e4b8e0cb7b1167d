import type { StoredEvent } from '../domain/events';
import { uniqueClaimsOf, type UniqueClaim } from '../domain/uniqueness';
import { hashOf, otherHashOf } from '../lib/hash';
import {
  numberPart,
  partOf,
  stringParts,
  stringsFromParts,
  unpackStrings,
  type PackedStrings,
  type PartSource,
} from '../lib/packedStrings';
import { slotsFor, StringNumbers, tableFits } from '../lib/stringNumbers';

/** A growable Int32Array: the index's columns. */
class Column {
  values: Int32Array;
  length: number;

  constructor(initial?: Int32Array) {
    this.values = initial ?? new Int32Array(1024);
    this.length = initial?.length ?? 0;
  }

  push(value: number): void {
    if (this.length === this.values.length) {
      const grown = new Int32Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = value;
  }

  get(index: number): number {
    return this.values[index] as number;
  }
}

/** The index's columns, as a snapshot stores them (see `LogIndex.parts`). */
export interface LogIndexParts<Strings = PackedStrings> {
  readonly streamOf: Int32Array;
  readonly streamBefore: Int32Array;
  readonly idHash: Int32Array;
  readonly idOtherHash: Int32Array;
  readonly streamIds: Strings;
  /**
   * What the columns above give, stored too so that a restore need not work it out again (a pass
   * over every position and a table of every id: a third of a cold start at a million events).
   */
  readonly streamTable: Int32Array;
  readonly versions: Int32Array;
  readonly lasts: Int32Array;
  readonly idSlots: Int32Array;
  /** Unique claims: `${slot}:${value}` keys and their owners. */
  readonly claimKeys: Strings;
  readonly claimOwners: Strings;
}

/** The index's parts as a snapshot writes them, each made when it is written. */
export const indexSourcesOf = (parts: LogIndexParts<readonly string[]>): PartSource[] => [
  ...numberPart('streamOf', parts.streamOf),
  ...numberPart('streamBefore', parts.streamBefore),
  ...numberPart('idHash', parts.idHash),
  ...numberPart('idOtherHash', parts.idOtherHash),
  ...stringParts('streamIds', parts.streamIds),
  ...numberPart('streamTable', parts.streamTable),
  ...numberPart('versions', parts.versions),
  ...numberPart('lasts', parts.lasts),
  ...numberPart('idSlots', parts.idSlots),
  ...stringParts('claimKeys', parts.claimKeys),
  ...stringParts('claimOwners', parts.claimOwners),
];

/** The index's parts from named typed arrays; throws if one is missing or of another kind. */
export const indexPartsOf = (data: Readonly<Record<string, unknown>>): LogIndexParts => ({
  streamOf: partOf(data, 'streamOf', Int32Array),
  streamBefore: partOf(data, 'streamBefore', Int32Array),
  idHash: partOf(data, 'idHash', Int32Array),
  idOtherHash: partOf(data, 'idOtherHash', Int32Array),
  streamIds: stringsFromParts(data, 'streamIds'),
  streamTable: partOf(data, 'streamTable', Int32Array),
  versions: partOf(data, 'versions', Int32Array),
  lasts: partOf(data, 'lasts', Int32Array),
  idSlots: partOf(data, 'idSlots', Int32Array),
  claimKeys: stringsFromParts(data, 'claimKeys'),
  claimOwners: stringsFromParts(data, 'claimOwners'),
});

/**
 * What every append checks, held in memory per tab: stream versions, event ids and unique
 * claims. IndexedDB indexes cost a write per event and per index; this costs ~20 bytes per event
 * in typed arrays, is brought up to date from the log inside each append's transaction, and is
 * stored with every snapshot so that a tab opens without reading the whole log.
 *
 * Event ids are kept as two 32-bit hashes, not as strings (a million ids as strings cost ~60 MB):
 * a lookup gives the positions whose hashes match, and the caller reads those events to compare
 * the ids themselves (see `candidatesOf`).
 */
export class LogIndex {
  // Per position; index 0 stands for "before the first event".
  /** The stream's number. */
  private readonly streamOf: Column;
  /** The position of the stream's event before this one; 0 for its first. */
  private readonly streamBefore: Column;
  private readonly idHash: Column;
  private readonly idOtherHash: Column;

  private readonly streamIds: string[];
  private readonly streamNumbers: StringNumbers;
  /** Per stream: its version, and the position of its latest event. */
  private versions: Int32Array;
  private lasts: Int32Array;
  /** Open addressing over the id hashes: a position, or 0 for a free slot. */
  private slots: Int32Array;
  /** `${slot}:${value}` → owner, and `${slot}|${owner}` → the key the owner holds. */
  /** The claims a snapshot stored, until they are first needed (a start needs none of them). */
  private storedClaims: { keys: PackedStrings; owners: PackedStrings } | undefined;
  private claimMaps: { owners: Map<string, string>; held: Map<string, string> } | undefined;
  /**
   * How each position's claims changed the maps, to undo them (`truncate`): for the positions
   * added since the index was made (a snapshot's own are not kept, nor are any below `forget`).
   */
  private readonly claimUndos = new Map<number, ClaimUndo[]>();
  /** The lowest position `truncate` may go back to. */
  private floor: number;

  constructor(parts?: LogIndexParts) {
    this.streamOf = new Column(parts?.streamOf);
    this.streamBefore = new Column(parts?.streamBefore);
    this.idHash = new Column(parts?.idHash);
    this.idOtherHash = new Column(parts?.idOtherHash);
    this.streamIds = parts ? unpackStrings(parts.streamIds) : [];
    if (parts === undefined) {
      this.streamOf.push(-1);
      this.streamBefore.push(0);
      this.idHash.push(0);
      this.idOtherHash.push(0);
    }
    const head = this.streamOf.length - 1;
    for (const column of [this.streamBefore, this.idHash, this.idOtherHash])
      if (column.length !== head + 1)
        throw new Error('The snapshot’s index columns differ in length.');
    this.streamNumbers = new StringNumbers(this.streamIds, parts?.streamTable);
    if (parts === undefined) {
      this.versions = new Int32Array(1024);
      this.lasts = new Int32Array(1024);
      this.slots = new Int32Array(slotsFor(0));
    } else {
      this.versions = parts.versions;
      this.lasts = parts.lasts;
      this.slots = parts.idSlots;
      checkParts(parts, this.streamIds.length);
    }
    this.floor = head;
    if (parts !== undefined) {
      if (parts.claimKeys.ends.length !== parts.claimOwners.ends.length)
        throw new Error('The snapshot’s claims do not pair up.');
      this.storedClaims = { keys: parts.claimKeys, owners: parts.claimOwners };
    }
  }

  /** `${slot}:${value}` → owner. */
  private get uniqueOwners(): Map<string, string> {
    return this.claims().owners;
  }

  /** `${slot}|${owner}` → the key the owner holds. */
  private get heldKeys(): Map<string, string> {
    return this.claims().held;
  }

  private claims(): { owners: Map<string, string>; held: Map<string, string> } {
    if (this.claimMaps !== undefined) return this.claimMaps;
    const keys = this.storedClaims ? unpackStrings(this.storedClaims.keys) : [];
    const owners = this.storedClaims ? unpackStrings(this.storedClaims.owners) : [];
    const held = new Map<string, string>();
    const ownerOf = new Map(keys.map((key, i) => [key, owners[i] ?? '']));
    for (const [key, owner] of ownerOf) held.set(`${key.slice(0, key.indexOf(':'))}|${owner}`, key);
    this.storedClaims = undefined;
    this.claimMaps = { owners: ownerOf, held };
    return this.claimMaps;
  }

  get head(): number {
    return this.streamOf.length - 1;
  }

  apply(events: readonly StoredEvent[]): void {
    for (const event of events)
      this.add(event.id, event.streamId, event.position, uniqueClaimsOf(event));
  }

  /** The next event of the log, by what the index keeps of it. */
  add(id: string, streamId: string, position: number, claims: readonly UniqueClaim[]): void {
    if (position !== this.head + 1)
      throw new Error(`The index is at position ${this.head}: event ${position} does not follow.`);
    let stream = this.streamNumbers.get(streamId);
    if (stream === undefined) {
      stream = this.streamIds.length;
      this.streamIds.push(streamId);
      this.streamNumbers.numberNew();
      if (stream === this.versions.length) {
        this.versions = grown(this.versions);
        this.lasts = grown(this.lasts);
      }
    }
    this.streamOf.push(stream);
    this.streamBefore.push(this.lasts[stream] as number);
    this.versions[stream] = (this.versions[stream] ?? 0) + 1;
    this.lasts[stream] = position;
    const hash = hashOf(id);
    this.idHash.push(hash);
    this.idOtherHash.push(otherHashOf(id));
    if (position * 2 > this.slots.length) this.rehash();
    else this.slots[this.freeSlot(hash)] = position;
    if (claims.length > 0)
      this.claimUndos.set(
        position,
        claims.map((claim) => this.claim(claim)),
      );
  }

  /** Applies a claim; returns how to undo it. */
  private claim(claim: UniqueClaim): ClaimUndo {
    const held = `${claim.slot}|${claim.owner}`;
    const key = `${claim.slot}:${claim.value}`;
    const previous = this.heldKeys.get(held);
    const undo: ClaimUndo = {
      held,
      heldBefore: previous,
      owners: [
        [key, this.uniqueOwners.get(key)],
        ...(previous === undefined ? [] : [[previous, this.uniqueOwners.get(previous)] as const]),
      ],
    };
    // Not when another owner holds it: two values recorded under an older normalization can
    // share a key now, and the later one holds it.
    if (previous !== undefined && this.uniqueOwners.get(previous) === claim.owner)
      this.uniqueOwners.delete(previous);
    this.uniqueOwners.set(key, claim.owner);
    this.heldKeys.set(held, key);
    return undo;
  }

  /**
   * Takes back every event after `position` (a tail of events not yet confirmed by a sync
   * server, decided again after the server's): streams, ids and claims are as if they had never
   * been added. Not below the position the index was made at.
   */
  truncate(position: number): void {
    if (position < this.floor)
      throw new Error(
        `The index can be taken back to ${this.floor} at the earliest, not ${position}.`,
      );
    for (let p = this.head; p > position; p--) {
      const stream = this.streamOf.get(p);
      this.versions[stream] = (this.versions[stream] ?? 1) - 1;
      this.lasts[stream] = this.streamBefore.get(p);
      this.removeSlot(p);
      for (const undo of (this.claimUndos.get(p) ?? []).reverse()) {
        for (const [key, owner] of undo.owners.slice().reverse())
          if (owner === undefined) this.uniqueOwners.delete(key);
          else this.uniqueOwners.set(key, owner);
        if (undo.heldBefore === undefined) this.heldKeys.delete(undo.held);
        else this.heldKeys.set(undo.held, undo.heldBefore);
      }
      this.claimUndos.delete(p);
    }
    for (const column of [this.streamOf, this.streamBefore, this.idHash, this.idOtherHash])
      column.length = Math.min(column.length, position + 1);
    // Streams first seen in the tail (numbered last) are gone with it.
    let streams = this.streamIds.length;
    while (streams > 0 && this.versions[streams - 1] === 0) streams--;
    this.streamNumbers.truncate(streams);
    this.streamIds.length = streams;
  }

  /** The lowest position `truncate` may go back to. */
  get earliestTruncation(): number {
    return this.floor;
  }

  /** Positions up to `position` will not be taken back (they are confirmed): their undos go. */
  forget(position: number): void {
    if (position <= this.floor) return;
    for (const p of this.claimUndos.keys()) if (p <= position) this.claimUndos.delete(p);
    this.floor = Math.min(position, this.head);
  }

  /**
   * Empties a position's slot in the id table. Positions are taken back newest first, and the
   * table is filled in position order (also when it grows): an entry that probed past this slot
   * came after it and is gone already, so nothing needs to shift back into the hole.
   */
  private removeSlot(position: number): void {
    const mask = this.slots.length - 1;
    for (
      let slot = this.idHash.get(position) & mask;
      this.slots[slot] !== 0;
      slot = (slot + 1) & mask
    )
      if (this.slots[slot] === position) {
        this.slots[slot] = 0;
        return;
      }
  }

  streamVersion(streamId: string): number {
    const stream = this.streamNumbers.get(streamId);
    return stream === undefined ? 0 : (this.versions[stream] as number);
  }

  /** The positions of a stream's events, oldest first. */
  streamPositions(streamId: string): number[] {
    const stream = this.streamNumbers.get(streamId);
    const positions: number[] = [];
    if (stream === undefined) return positions;
    for (
      let position = this.lasts[stream] as number;
      position > 0;
      position = this.streamBefore.get(position)
    )
      positions.push(position);
    return positions.reverse();
  }

  /**
   * The positions whose event ids hash as `id` does: where `id` is stored, if anywhere, and
   * (all but never) other ids with the same two hashes. Read the events to tell which.
   */
  candidatesOf(id: string): number[] {
    const hash = hashOf(id);
    const other = otherHashOf(id);
    const mask = this.slots.length - 1;
    const found: number[] = [];
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const position = this.slots[slot] as number;
      if (position === 0) return found;
      if (this.idHash.get(position) === hash && this.idOtherHash.get(position) === other)
        found.push(position);
    }
  }

  uniqueOwner(slot: string, value: string): string | undefined {
    return this.uniqueOwners.get(`${slot}:${value}`);
  }

  /** The `${slot}:${value}` key an owner holds in a slot, if any. */
  heldKey(slot: string, owner: string): string | undefined {
    return this.heldKeys.get(`${slot}|${owner}`);
  }

  /**
   * The index as it stands, for a snapshot: the columns that only grow as views of their first
   * values (later events never change those), the rest copied now.
   */
  parts(): LogIndexParts<readonly string[]> {
    const length = this.head + 1;
    return {
      streamOf: this.streamOf.values.subarray(0, length),
      streamBefore: this.streamBefore.values.subarray(0, length),
      idHash: this.idHash.values.subarray(0, length),
      idOtherHash: this.idOtherHash.values.subarray(0, length),
      streamIds: this.streamIds.slice(),
      streamTable: this.streamNumbers.table(),
      versions: this.versions.slice(0, this.streamIds.length),
      lasts: this.lasts.slice(0, this.streamIds.length),
      idSlots: this.slots.slice(),
      claimKeys: [...this.uniqueOwners.keys()],
      claimOwners: [...this.uniqueOwners.values()],
    };
  }

  /** The free slot where a hash goes (the next one along from its home slot). */
  private freeSlot(hash: number): number {
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    return slot;
  }

  private rehash(): void {
    this.slots = new Int32Array(slotsFor(this.head));
    for (let position = 1; position <= this.head; position++)
      this.slots[this.freeSlot(this.idHash.get(position))] = position;
  }
}

/** How a claim changed the maps: their entries as they were before it. */
interface ClaimUndo {
  readonly held: string;
  readonly heldBefore: string | undefined;
  readonly owners: readonly (readonly [string, string | undefined])[];
}

const grown = (values: Int32Array): Int32Array => {
  const bigger = new Int32Array(Math.max(1024, values.length * 2));
  bigger.set(values);
  return bigger;
};

/**
 * Refuses stored parts that do not fit together: every position in a known stream after the
 * stream's previous event, the versions adding up to the head, each position once in the id
 * table (positions are its entries, 1 to the head). A snapshot that passed its checksum but was
 * written by a bug must not become the index.
 */
function checkParts(parts: LogIndexParts, streams: number): void {
  const { streamOf, streamBefore, versions, lasts, idSlots } = parts;
  const head = streamOf.length - 1;
  let fits = versions.length === streams && lasts.length === streams && tableFits(idSlots, head);
  for (let position = 1; fits && position <= head; position++) {
    const stream = streamOf[position] as number;
    const before = streamBefore[position] as number;
    fits = stream >= 0 && stream < streams && before >= 0 && before < position;
  }
  let events = 0;
  for (let stream = 0; fits && stream < streams; stream++) {
    const last = lasts[stream] as number;
    events += versions[stream] as number;
    fits = last > 0 && last <= head && streamOf[last] === stream;
  }
  if (!fits || events !== head) throw new Error('The snapshot’s index does not fit together.');
}
