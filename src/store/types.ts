import type { DomainEvent, EventMetadata, StoredEvent } from '../domain/events';
import type { UniqueClaim } from '../domain/uniqueness';

/** What the caller expects the stream's version to be before the append. */
export type ExpectedVersion = number | 'no_stream' | 'any';

/** An event to append: the id, time and metadata come from the caller, never from the store. */
export type NewEvent = DomainEvent & {
  id: string;
  time: string;
  metadata: EventMetadata;
  dataVersion?: number;
};

/** An event with its place in a stream already chosen (bulk ingest and import). */
export type PlacedEvent = NewEvent & { streamId: string; streamVersion: number };

export interface AppendResult {
  /** The stored events: newly written, or those already stored for an idempotent retry. */
  events: StoredEvent[];
  /** The stream's version after the append. */
  streamVersion: number;
  /** Whether the events were already stored (an idempotent retry wrote nothing). */
  duplicate: boolean;
}

export interface BulkAppendResult {
  /** Events written, with their positions. */
  written: number;
  /** Events skipped because the same id with the same content was already stored. */
  skipped: number;
  head: number;
}

/**
 * The CloudEvents of events given to the store as UTF-8 JSON texts that a sealed chunk may keep as
 * they are (a sync server's page): the text of the event at position `first + i` is `bytes` from
 * `spans[2i]` to `spans[2i + 1]` (exclusive), followed by `closing`. Each text must be what an
 * export writes for that event: its attributes as the file's, its `sequence` its position.
 */
export interface EventTexts {
  readonly first: number;
  readonly bytes: Uint8Array;
  readonly spans: Uint32Array;
  readonly closing: Uint8Array;
}

/**
 * Hears the log's new events, in order. With `rewrittenFrom`, the log's tail from that position
 * was written again (a sync server's events came before this tab's pending ones): everything
 * the listener had from there on is gone, and `events` begin there.
 */
export type LogListener = (events: readonly StoredEvent[], rewrittenFrom?: number) => void;

/** What a bulk append checks of each event, by its index in the batch. */
export interface Placements {
  readonly count: number;
  id(index: number): string;
  streamId(index: number): string;
  streamVersion(index: number): number;
  claims(index: number): readonly UniqueClaim[];
}

/** What the holder of a contiguous part of a held batch is asked to write. */
export interface StageRequest {
  readonly database: string;
  /** The position of the part's first event that is not skipped. */
  readonly firstPosition: number;
  /** Indices within the part of events already stored with the same content: not written. */
  readonly skip: readonly number[];
}

/** A contiguous part of a held batch, and whoever holds its events. */
export interface HeldPart {
  /** Indices in the batch: from `from` up to, not including, `to`. */
  readonly from: number;
  readonly to: number;
  /** Writes the part's whole chunks beyond the head (staging.ts); resolves to the other events. */
  stage(request: StageRequest): Promise<StoredEvent[]>;
}

/**
 * A large batch of placed events (an import) that the store does not hold: it sees what it
 * checks of each, and asks the holders of the parts to write them.
 */
export interface HeldEvents extends Placements {
  readonly parts: readonly HeldPart[];
  /** The events at these indices (to compare with stored events of the same id). */
  eventsAt(indices: readonly number[]): Promise<PlacedEvent[]>;
}
