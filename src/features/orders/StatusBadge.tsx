import type { OrderStatus } from '../../domain/order';

/** An order status as a coloured badge; the text is the plain status word. */
export function StatusBadge({ status, testId }: { status: OrderStatus; testId?: string }) {
  return (
    <span className={`badge badge-${status.toLowerCase()}`} data-testid={testId}>
      {status}
    </span>
  );
}
