import type { StoredEvent } from '../../domain/events';

/** Where a stream's entity is shown: `order-…` → its order page, `customer-…` → its customer page. */
export function entityOfStream(streamId: string): { path: string; label: string } | null {
  const match = /^(order|customer)-(.+)$/.exec(streamId);
  const kind = match?.[1];
  const id = match?.[2];
  if (kind === undefined || id === undefined) return null;
  return kind === 'order'
    ? { path: `/orders/${encodeURIComponent(id)}`, label: `Order ${id}` }
    : { path: `/customers/${encodeURIComponent(id)}`, label: `Customer ${id}` };
}

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
