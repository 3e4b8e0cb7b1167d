/**
 * The import's dry run: what appending the checked events would do to the log, and the conflicts
 * (stored ids, stream versions, broken rules) that refuse it.
 */
import {
  customerStreamId,
  orderStreamId,
  type EventType,
  type OrderEvent,
  type StoredEvent,
} from '../../domain/events';
import type { DomainError } from '../../domain/errors';
import { HistoryCheck, type LoggedStreams, type OrderSlot } from '../../domain/historyCheck';
import { streamVersionBreak } from '../../domain/streamVersions';
import { evolveOrder, type OrderState } from '../../domain/order';
import { SLICE_MS, yieldToMain } from '../../lib/scheduling';
import type { EventStore } from '../../store/eventStore';
import { MAX_REPORTED_PROBLEMS, type ImportProblem } from './problems';
import type { HeldImport } from './readOutcome';

/** The log's streams the plan reads at once, for the state of the orders a file continues. */
const STREAMS_READ_AT_ONCE = 64;
/** Events the plan checks between two looks at the clock. */
const PLAN_CHECK_EVERY = 1000;
export interface TypeCount {
  readonly type: EventType;
  readonly inFile: number;
  readonly fresh: number;
}

/** The dry run: what an import of the checked events would do to the log. */
export interface ImportPlan {
  /** Every event of the file, in file order: what the append is given. */
  readonly held: HeldImport;
  /** Not yet in the log: what the append writes. */
  readonly fresh: number;
  /** Already stored with the same content: the append skips them. */
  readonly present: number;
  /** Events of older data versions, brought up to the current one. */
  readonly upcast: number;
  readonly byType: readonly TypeCount[];
  /** Conflicts with the log; an import with any is refused. */
  readonly problems: readonly ImportProblem[];
  readonly stoppedEarly: boolean;
}

/**
 * The log's side of the history check: which customers it holds, and the state of the orders
 * that the file's new events continue (read from the log before the check, which is synchronous).
 */
async function loggedStreams(
  store: EventStore,
  held: HeldImport,
  isFresh: (index: number) => boolean,
): Promise<LoggedStreams> {
  const orders = new Map<string, OrderState>();
  if (store.head > 0) {
    const continued = new Set<string>();
    for (let i = 0; i < held.count; i++) {
      const streamId = held.streamId(i);
      if (isOrderType(held.type(i)) && isFresh(i) && store.streamVersion(streamId) > 0)
        continued.add(streamId);
    }
    // Read side by side, a few dozen at a time: one after another, each read waits its turn.
    const streamIds = [...continued];
    for (let from = 0; from < streamIds.length; from += STREAMS_READ_AT_ONCE)
      await Promise.all(
        streamIds.slice(from, from + STREAMS_READ_AT_ONCE).map(async (streamId) => {
          const history = (await store.readStream(streamId)) as StoredEvent<OrderEvent>[];
          orders.set(streamId, history.reduce<OrderState>(evolveOrder, { status: 'none' }));
        }),
      );
  }
  // Into an empty log (the usual large import) there is nothing to look up.
  const empty = store.head === 0;
  return {
    customerExists: (customerId) => !empty && store.streamVersion(customerStreamId(customerId)) > 0,
    orderState: (orderId) => (orders.size > 0 && orders.get(orderStreamId(orderId))) || noOrder,
  };
}

const noOrder: OrderState = { status: 'none' };

const isOrderType = (type: EventType): boolean =>
  type !== 'CustomerRegistered' && type !== 'CustomerDetailsChanged';

/** A broken rule's sentence as the reason of a problem that names the event. */
const ruleReason = (error: DomainError): string =>
  `it breaks a rule: ${error.message.replace(/\.$/u, '')}`;

/**
 * Compares the checked events with the log without writing: ids already stored (same or other
 * content), whether each stream's versions continue the log's, and whether the new events, in
 * order on top of the log, keep the rules the commands keep (domain/historyCheck.ts). Of the
 * rules, only the first broken is reported: the events after it follow from it.
 */
export async function planImport(
  store: EventStore,
  held: HeldImport,
  upcast = 0,
): Promise<ImportPlan> {
  const known: number[] = [];
  if (store.head > 0)
    for (let i = 0; i < held.count; i++) if (store.mightBeStored(held.id(i))) known.push(i);
  const matches =
    known.length > 0 ? await store.classify(await held.eventsAt(known)) : new Map<string, never>();
  const history = new HistoryCheck(
    await loggedStreams(store, held, (index) => !matches.has(held.id(index))),
  );
  let ruleBroken = false;
  let lastFresh = -1;
  let sliceStart = performance.now();
  /** Each stream's version so far, and the history check's record of its order. */
  const streams = new Map<string, OrderSlot & { version: number }>();
  const counts = new Map<EventType, { inFile: number; fresh: number }>();
  const problems: ImportProblem[] = [];
  let present = 0;
  let fresh = 0;
  let stoppedEarly = false;
  const report = (problem: ImportProblem) => {
    if (problems.length < MAX_REPORTED_PROBLEMS) problems.push(problem);
    else stoppedEarly = true;
  };
  for (let i = 0; i < held.count; i++) {
    // A million events take a second or two: in slices, so that the page stays responsive.
    if (
      i % PLAN_CHECK_EVERY === PLAN_CHECK_EVERY - 1 &&
      performance.now() - sliceStart > SLICE_MS
    ) {
      await yieldToMain();
      sliceStart = performance.now();
    }
    const id = held.id(i);
    const type = held.type(i);
    let count = counts.get(type);
    if (!count) {
      count = { inFile: 0, fresh: 0 };
      counts.set(type, count);
    }
    count.inFile++;
    const match = known.length > 0 ? matches.get(id) : undefined;
    if (match === 'same') {
      present++;
      continue;
    }
    if (match === 'other') {
      report({
        index: i + 1,
        id,
        reason:
          'this id is already stored with other content (a different type, stream, version or data)',
      });
      continue;
    }
    fresh++;
    count.fresh++;
    const streamId = held.streamId(i);
    const streamVersion = held.streamVersion(i);
    let stream = streams.get(streamId);
    if (!stream) {
      stream = { version: store.streamVersion(streamId) };
      streams.set(streamId, stream);
    }
    const versionBreak = streamVersionBreak(streamId, streamVersion, stream.version);
    if (versionBreak !== null) report({ index: i + 1, id, reason: versionBreak });
    stream.version = streamVersion;
    if (!ruleBroken) {
      lastFresh = i;
      const broken = history.next(held.facts(i), stream);
      if (broken) {
        ruleBroken = true;
        report({ index: i + 1, id, reason: ruleReason(broken) });
      }
    }
  }
  const unfinished = ruleBroken ? undefined : history.end();
  if (unfinished)
    report({ index: lastFresh + 1, id: held.id(lastFresh), reason: ruleReason(unfinished) });
  const byType = [...counts].map(([type, count]) => ({ type, ...count }));
  return {
    held,
    fresh,
    present,
    upcast,
    byType,
    problems,
    stoppedEarly,
  };
}
