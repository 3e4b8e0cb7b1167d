import type { OrderEvent } from './events';
import type { OrderStatus } from './order';

export type OrderEventType = OrderEvent['type'];

/** Where an order is before an event: not placed yet, or in one of its statuses. */
export type OrderStage = OrderStatus | 'none';

interface Step {
  /** The status the event leads to. */
  readonly to: OrderStatus;
  /**
   * Recorded only with the event before it, in the same append, never by a command of its own:
   * the refund of a paid order that is cancelled.
   */
  readonly withPrevious?: true;
}

/**
 * The order lifecycle (docs/contract.md §1), the one place it is written: which events may follow each
 * stage of an order, and the status each leads to. The decider, an import's checks, the views'
 * statuses and the order page's actions all read it.
 */
export const orderLifecycle: Readonly<
  Record<OrderStage, Readonly<Partial<Record<OrderEventType, Step>>>>
> = {
  none: { OrderPlaced: { to: 'Placed' } },
  Placed: { PaymentProcessed: { to: 'Paid' }, OrderCancelled: { to: 'Cancelled' } },
  Paid: { OrderShipped: { to: 'Shipped' }, OrderCancelled: { to: 'Cancelled' } },
  Shipped: { OrderDelivered: { to: 'Delivered' } },
  // A return.
  Delivered: { PaymentRefunded: { to: 'Refunded' } },
  Cancelled: { PaymentRefunded: { to: 'Cancelled', withPrevious: true } },
  Refunded: {},
};

const stages = Object.keys(orderLifecycle) as OrderStage[];
/** The table as maps: the views look a step up for every order event they fold. */
const stepMaps = new Map<string, ReadonlyMap<string, Step>>(
  stages.map((stage) => [stage, new Map(Object.entries(orderLifecycle[stage]))]),
);

/** The step `type` takes from `stage`, if the lifecycle has one (none for unknown types). */
export const stepFrom = (stage: OrderStage, type: string): Step | undefined =>
  stepMaps.get(stage)?.get(type);

/** What recording each event does to an order, in words: “it can be paid only when …”. */
export const lifecycleVerbs: Readonly<Record<OrderEventType, string>> = {
  OrderPlaced: 'placed',
  PaymentProcessed: 'paid',
  OrderShipped: 'shipped',
  OrderDelivered: 'marked delivered',
  OrderCancelled: 'cancelled',
  PaymentRefunded: 'refunded',
};

/** Whether a command may record `type` on an order at `stage` (not only with another event). */
export const commandMayRecord = (stage: OrderStage, type: OrderEventType): boolean => {
  const step = stepFrom(stage, type);
  return step !== undefined && step.withPrevious !== true;
};

/** The statuses in which a command may record `type`, in the lifecycle's order. */
export const statusesRecording = (type: OrderEventType): OrderStatus[] =>
  stages.filter((stage): stage is OrderStatus => stage !== 'none' && commandMayRecord(stage, type));

/**
 * The status each event leads to from the stages a command records it in: what a history the
 * lifecycle does not allow (a log imported before these checks) is read as.
 */
const usualStatus = new Map<string, OrderStatus>();
for (const stage of stages)
  for (const [type, step] of Object.entries(orderLifecycle[stage]))
    if (!step.withPrevious) usualStatus.set(type, step.to);

/**
 * The status after an event: the lifecycle's step; for a step it does not have, the status the
 * event usually leads to; for a type it does not know (a newer catalog's), the status before.
 */
export function statusAfter(stage: OrderStage, type: string): OrderStatus {
  return (
    stepFrom(stage, type)?.to ?? usualStatus.get(type) ?? (stage === 'none' ? 'Placed' : stage)
  );
}
