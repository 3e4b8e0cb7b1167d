import type { StoredEvent } from '../../domain/events';

/** The stored envelope (docs/contract.md §2) with its fields in reading order, as formatted JSON. */
export function envelopeJson(event: StoredEvent): string {
  const {
    position,
    id,
    streamId,
    streamVersion,
    type,
    dataVersion,
    time,
    data,
    metadata,
    ...rest
  } = event;
  return JSON.stringify(
    { position, id, streamId, streamVersion, type, dataVersion, time, data, metadata, ...rest },
    null,
    2,
  );
}
