/**
 * The event log file's format (docs/contract.md §3): each stored event as a CloudEvent 1.0 in JSON.
 * The file is a JSON array of them in global order (media type application/cloudevents-batch+json).
 * The log keeps its sealed chunks in the same form (chunks.ts), so it lives with the store.
 */
import type { EventType, StoredEvent } from '../domain/events';
import { catalogUpcasters, type Upcasters } from '../domain/upcasters';
import type { PlacedEvent } from './types';

export const SPEC_VERSION = '1.0';
export const DATA_CONTENT_TYPE = 'application/json';
export const BATCH_MEDIA_TYPE = 'application/cloudevents-batch+json';
/** Digits of the `sequence` attribute: the global position, zero-padded. */
export const SEQUENCE_DIGITS = 16;

/** One event of the file, attribute by attribute (docs/contract.md §3). */
export interface EventLogCloudEvent {
  specversion: typeof SPEC_VERSION;
  id: string;
  source: string;
  type: EventType;
  subject: string;
  time: string;
  datacontenttype: typeof DATA_CONTENT_TYPE;
  data: unknown;
  sequence?: string;
  streamversion: number;
  dataversion: number;
  correlationid?: string;
  causationid?: string;
  actor?: string;
}

export const formatSequence = (position: number): string =>
  String(position).padStart(SEQUENCE_DIGITS, '0');

/** A stored event as a CloudEvent, its attributes in the order of the contract's table. */
export function toCloudEvent(event: StoredEvent): EventLogCloudEvent {
  const { metadata } = event;
  const cloudEvent: EventLogCloudEvent = {
    specversion: SPEC_VERSION,
    id: event.id,
    source: metadata.source,
    type: event.type,
    subject: event.streamId,
    time: event.time,
    datacontenttype: DATA_CONTENT_TYPE,
    data: event.data,
    sequence: formatSequence(event.position),
    streamversion: event.streamVersion,
    dataversion: event.dataVersion,
    correlationid: metadata.correlationId,
    causationid: metadata.causationId,
  };
  if (metadata.actor !== undefined) cloudEvent.actor = metadata.actor;
  return cloudEvent;
}

/**
 * A checked CloudEvent as an event to append: the subject is its stream, its payload brought up to
 * the current data version. The position is the importing log's to give; an event without a
 * correlation or causation id starts its own (both default to its id).
 */
export function fromCloudEvent(
  cloudEvent: EventLogCloudEvent,
  upcasters: Upcasters = catalogUpcasters,
): PlacedEvent {
  return placedEventOf(
    cloudEvent,
    upcasters.upcast(cloudEvent.type, cloudEvent.dataversion, cloudEvent.data),
    upcasters.currentVersion,
  );
}

/**
 * An event of a sealed chunk (chunks.ts), at its position in the log: as written, with the data
 * version it was stored under (the store upcasts as it reads). Its `sequence`, if any, is not
 * read: an imported chunk keeps the file's text, and the file's numbering.
 */
export function storedEventOfCloudEvent(
  cloudEvent: EventLogCloudEvent,
  position: number,
): StoredEvent {
  const stored = placedEventOf(cloudEvent, cloudEvent.data, cloudEvent.dataversion) as StoredEvent;
  stored.position = position;
  return stored;
}

/**
 * The shapes every event and its metadata are spread from. Spread, not object literals: V8 would
 * pretenure a literal's allocation site once start-up (which reads the whole log in large batches)
 * made its events look long-lived, and then every event a timeline seek parses would be born in the
 * old generation, where, dead, it keeps its payload and strings alive through each young
 * collection. In today's V8 a spread has no allocation site. (The same reason as the states'
 * `new`: see `WorkingCopy` in projections/projection.ts.)
 */
const eventShape = {
  type: '',
  data: undefined as unknown,
  id: '',
  time: '',
  metadata: undefined as unknown,
  streamId: '',
  streamVersion: 0,
  dataVersion: 0,
} as const;
const metadataShape = { source: '', correlationId: '', causationId: '' } as const;

/** `fromCloudEvent` with the payload already upcast to `dataVersion` (and checked). */
export function placedEventOf(
  cloudEvent: EventLogCloudEvent,
  data: unknown,
  dataVersion: number,
): PlacedEvent {
  const metadata: PlacedEvent['metadata'] = {
    ...metadataShape,
    source: cloudEvent.source,
    correlationId: cloudEvent.correlationid ?? cloudEvent.id,
    causationId: cloudEvent.causationid ?? cloudEvent.id,
  };
  if (cloudEvent.actor !== undefined) metadata.actor = cloudEvent.actor;
  // The payload is the catalog's: parse.ts checks it after upcasting.
  return {
    ...eventShape,
    type: cloudEvent.type,
    data,
    id: cloudEvent.id,
    time: cloudEvent.time,
    metadata,
    streamId: cloudEvent.subject,
    streamVersion: cloudEvent.streamversion,
    dataVersion,
  } as PlacedEvent;
}
