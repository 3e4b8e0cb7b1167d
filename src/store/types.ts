import type { DomainEvent, EventMetadata, StoredEvent } from '../domain/events';

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

export type LogListener = (events: readonly StoredEvent[]) => void;
