/** Messages between the page and the import workers (importWorker.ts). */
import {
  customerStreamId,
  eventTypes,
  orderStreamId,
  type EventType,
  type StoredEvent,
} from '../../domain/events';
import type { EventFacts } from '../../domain/historyCheck';
import { uniqueClaimsOf, type UniqueClaim } from '../../domain/uniqueness';
import type { PlacedEvent, StageRequest } from '../../store/types';
import type { ImportProblem } from './parse';

/**
 * What the page keeps of each accepted event of a batch (the events stay in the worker), in a
 * form that is quick to send: a few strings and typed arrays rather than thousands of values.
 */
export interface BatchEntries {
  /** The ids, and the stream ids, each joined by newlines: checked ids hold none. */
  readonly ids: string;
  readonly streamIds: string;
  readonly streamVersions: Float64Array;
  /** Indices in `eventTypes`. */
  readonly types: Uint8Array;
  /** The unique claims of the events that make any: [index in the batch, claims]. */
  readonly claims: [number, UniqueClaim[]][];
  /** What the history check reads of each event beyond its type and stream (see `packFacts`). */
  readonly refs: string;
  readonly amounts: Float64Array;
}

/**
 * What the history check (domain/historyCheck.ts) reads of an event beyond its type and stream,
 * as a reference and an amount: an order's currency and customer and its total, a payment's or
 * refund's payment id and amount; nothing for the others.
 */
function packFacts(event: PlacedEvent): [ref: string, amount: number] {
  switch (event.type) {
    case 'OrderPlaced':
      // A currency is three letters: the customer id follows.
      return [event.data.currency + event.data.customer_id, event.data.total];
    case 'PaymentProcessed':
    case 'PaymentRefunded':
      return [event.data.payment_id, event.data.amount];
    case 'CustomerRegistered':
    case 'CustomerDetailsChanged':
    case 'OrderShipped':
    case 'OrderDelivered':
    case 'OrderCancelled':
      return ['', 0];
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

const customerPrefix = customerStreamId('').length;
const orderPrefix = orderStreamId('').length;

/** The facts `packFacts` packed, with the ids the stream holds. */
export function unpackFacts(
  type: EventType,
  streamId: string,
  ref: string,
  amount: number,
): EventFacts {
  switch (type) {
    case 'CustomerRegistered':
    case 'CustomerDetailsChanged':
      return { type, data: { customer_id: streamId.slice(customerPrefix) } };
    case 'OrderPlaced':
      return {
        type,
        data: {
          order_id: streamId.slice(orderPrefix),
          currency: ref.slice(0, 3),
          customer_id: ref.slice(3),
          total: amount,
        },
      };
    case 'PaymentProcessed':
    case 'PaymentRefunded':
      return { type, data: { order_id: streamId.slice(orderPrefix), payment_id: ref, amount } };
    case 'OrderShipped':
    case 'OrderDelivered':
    case 'OrderCancelled':
      return { type, data: { order_id: streamId.slice(orderPrefix) } };
    default: {
      const unknown: never = type;
      return unknown;
    }
  }
}

const typeIndex = new Map(eventTypes.map((type, index) => [type, index]));

export function entriesOf(events: readonly PlacedEvent[]): BatchEntries {
  const claims: [number, UniqueClaim[]][] = [];
  const types = new Uint8Array(events.length);
  const streamVersions = new Float64Array(events.length);
  const refs: string[] = [];
  const amounts = new Float64Array(events.length);
  events.forEach((event, index) => {
    types[index] = typeIndex.get(event.type) ?? 0;
    streamVersions[index] = event.streamVersion;
    const [ref, amount] = packFacts(event);
    refs.push(ref);
    amounts[index] = amount;
    if (event.type === 'CustomerRegistered' || event.type === 'CustomerDetailsChanged') {
      const made = uniqueClaimsOf(event);
      if (made.length > 0) claims.push([index, made]);
    }
  });
  return {
    ids: events.map((event) => event.id).join('\n'),
    streamIds: events.map((event) => event.streamId).join('\n'),
    streamVersions,
    types,
    claims,
    refs: refs.join('\n'),
    amounts,
  };
}

/** The lists that `entriesOf` packed. */
export function unpackEntries(entries: BatchEntries) {
  const count = entries.types.length;
  const list = (joined: string): string[] => (count === 0 ? [] : joined.split('\n'));
  return {
    ids: list(entries.ids),
    streamIds: list(entries.streamIds),
    streamVersions: Array.from(entries.streamVersions),
    types: Array.from(entries.types, (index) => eventTypes[index] as EventType),
    refs: list(entries.refs),
    amounts: Array.from(entries.amounts),
  };
}

export interface ReadProgress {
  readonly phase: 'reading' | 'checking';
  /** Events checked so far. */
  readonly checked: number;
  /** Bytes of the file checked so far, of `total`. */
  readonly done: number;
  readonly total: number;
}

/** Which part of the file a worker reads. */
export type PartRequest =
  /** From the start; `split` asks it to hand the second half of the elements to another worker. */
  | { readonly kind: 'first'; readonly split: boolean }
  /** From the element that begins at byte `start`, the `firstIndex`th of the file, to the end. */
  | { readonly kind: 'rest'; readonly start: number; readonly firstIndex: number };

export type WorkerRequest =
  | { readonly kind: 'read'; readonly file: Blob; readonly part: PartRequest }
  /** The events the worker holds at these indices of the file. */
  | { readonly kind: 'eventsAt'; readonly indices: readonly number[] }
  | { readonly kind: 'stage'; readonly request: StageRequest };

export type WorkerResponse =
  /** Where the second part begins (null: the first worker reads the whole file). */
  | { readonly kind: 'split'; readonly start: number | null; readonly firstIndex: number }
  | {
      readonly kind: 'batch';
      readonly entries: BatchEntries;
      readonly bytesDone: number;
      readonly checked: number;
    }
  | {
      readonly kind: 'done';
      readonly upcast: number;
      readonly problems: ImportProblem[];
      readonly stoppedEarly: boolean;
    }
  /** The file as a whole cannot be imported (not a JSON array, not JSON). */
  | { readonly kind: 'refused'; readonly problem: ImportProblem }
  | { readonly kind: 'events'; readonly events: PlacedEvent[] }
  | { readonly kind: 'staged'; readonly loose: StoredEvent[] }
  | { readonly kind: 'failed'; readonly message: string };
