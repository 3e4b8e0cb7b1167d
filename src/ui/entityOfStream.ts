/** An order or a customer, as a stream of the log names it, and where its page is. */
export interface StreamEntity {
  readonly kind: 'order' | 'customer';
  readonly id: string;
  readonly path: string;
  /** "Order o-1", "Customer c-1" */
  readonly label: string;
}

/** Where a stream's entity is shown: `order-…` → its order page, `customer-…` → its customer page. */
export function entityOfStream(streamId: string): StreamEntity | null {
  const match = /^(order|customer)-(.+)$/.exec(streamId);
  const kind = match?.[1];
  const id = match?.[2];
  if (kind === undefined || id === undefined) return null;
  return kind === 'order'
    ? { kind, id, path: `/orders/${encodeURIComponent(id)}`, label: `Order ${id}` }
    : {
        kind: 'customer',
        id,
        path: `/customers/${encodeURIComponent(id)}`,
        label: `Customer ${id}`,
      };
}
