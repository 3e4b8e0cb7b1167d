/**
 * Import of an event log file (CONTRACT.md §3), in three steps: read and check the file (in two
 * workers when there are, each a part of it), plan against the log (a dry run: what is new, what
 * is already there, what conflicts), then append everything, all or nothing. The events stay with
 * whoever read them; the page sees what it checks of each, and the workers write them
 * (EventStore.appendHeld).
 */
import {
  customerStreamId,
  orderStreamId,
  type EventType,
  type OrderEvent,
  type StoredEvent,
} from '../../domain/events';
import {
  HistoryCheck,
  type EventFacts,
  type LoggedStreams,
  type OrderSlot,
} from '../../domain/historyCheck';
import { evolveOrder, type OrderState } from '../../domain/order';
import { catalogUpcasters, type Upcasters } from '../../domain/upcasters';
import type { UniqueClaim } from '../../domain/uniqueness';
import { IdempotencyError, StreamSequenceError, UniqueConstraintError } from '../../store/errors';
import { yieldToMain } from '../../lib/scheduling';
import { describeFailure } from '../failures';
import type { EventStore } from '../../store/eventStore';
import { FirstIndexOfId } from '../../store/firstIndexOfId';
import { holdHere } from '../../store/held';
import type { HeldEvents, PlacedEvent, Placements, StageRequest } from '../../store/types';
import { MAX_REPORTED_PROBLEMS, fileSizeProblem, parseEventLog, type ImportProblem } from './parse';
import {
  unpackEntries,
  unpackFacts,
  type BatchEntries,
  type PartRequest,
  type ReadProgress,
  type WorkerResponse,
} from './workerProtocol';
import type { DomainError } from '../../domain/errors';

export type { ReadProgress } from './workerProtocol';

/** The log's streams the plan reads at once, for the state of the orders a file continues. */
const STREAMS_READ_AT_ONCE = 64;

/** How long the page's thread checks events before it lets the page respond. */
const SLICE_MS = 30;

/** Events the plan checks between two looks at the clock. */
const PLAN_CHECK_EVERY = 1000;

export interface ReadOptions {
  readonly onProgress?: (progress: ReadProgress) => void;
  /** Upcasters other than the catalog's keep the work on the page (functions cannot be sent). */
  readonly upcasters?: Upcasters;
  /** Whether to use Web Workers where there are (default: yes). */
  readonly worker?: boolean;
  readonly signal?: AbortSignal;
}

/** A checked file whose events wait with their readers for the plan and the append. */
export interface HeldImport extends HeldEvents {
  type(index: number): EventType;
  /** What the plan's history check reads of the event. */
  facts(index: number): EventFacts;
  /** Lets the readers go (the workers end): afterwards the import cannot be applied. */
  release(): void;
}

export type ReadOutcome =
  | {
      readonly ok: true;
      readonly held: HeldImport;
      /** How many events were upcast from an older data version. */
      readonly upcast: number;
    }
  | {
      readonly ok: false;
      readonly problems: ImportProblem[];
      /** Checking stopped at MAX_REPORTED_PROBLEMS: later events were not looked at. */
      readonly stoppedEarly: boolean;
    };

const aborted = (): DOMException => new DOMException('The import was cancelled.', 'AbortError');
const refused = (problem: ImportProblem): ReadOutcome => ({
  ok: false,
  problems: [problem],
  stoppedEarly: false,
});

/** Checked events held on this thread (no worker, or tests). */
export function heldHere(events: readonly PlacedEvent[]): HeldImport {
  return {
    ...holdHere(events),
    type: (index) => (events[index] as PlacedEvent).type,
    facts: (index) => events[index] as PlacedEvent,
    release: () => undefined,
  };
}

/** Reads and checks the file on this thread, in slices that leave the page responsive. */
async function readHere(
  file: Blob,
  upcasters: Upcasters,
  onProgress: (progress: ReadProgress) => void,
  signal?: AbortSignal,
): Promise<ReadOutcome> {
  onProgress({ phase: 'reading', checked: 0, done: 0, total: file.size });
  const steps = parseEventLog(new Uint8Array(await file.arrayBuffer()), upcasters);
  let sliceStart = performance.now();
  for (;;) {
    if (signal?.aborted) throw aborted();
    const step = steps.next();
    if (step.done) {
      const outcome = step.value;
      if (!outcome.ok) return outcome;
      return { ok: true, held: heldHere(outcome.events), upcast: outcome.upcast };
    }
    const { checked, bytesDone } = step.value;
    onProgress({ phase: 'checking', checked, done: bytesDone, total: file.size });
    if (performance.now() - sliceStart > SLICE_MS) {
      await yieldToMain();
      sliceStart = performance.now();
    }
  }
}

/** Starts an import worker, or returns null where there is none. */
function startWorker(): Worker | null {
  if (typeof Worker === 'undefined') return null;
  try {
    return new Worker(new URL('./importWorker.ts', import.meta.url), { type: 'module' });
  } catch {
    return null;
  }
}

/** What the page keeps of the accepted events of one part of the file. */
interface PartLists {
  readonly ids: string[];
  readonly streamIds: string[];
  readonly streamVersions: number[];
  readonly types: EventType[];
  /** Unique claims by index in the part. */
  readonly claims: Map<number, UniqueClaim[]>;
  /** The packed facts of each event (workerProtocol.ts). */
  readonly refs: string[];
  readonly amounts: number[];
  done: boolean;
}

/**
 * What the page keeps of the file's accepted events, gathered as the workers' batches arrive:
 * each part's in order, the parts side by side. Ids that two parts use are looked for as soon as
 * the parts before are complete, so that little is left to do when the last worker is done
 * (each part refuses its own repeats).
 */
export class FileEntries {
  private readonly parts: PartLists[] = [];
  /** Ids used in an earlier part, refused on the later event. */
  readonly duplicates: ImportProblem[] = [];
  private readonly firstUses = new FirstIndexOfId();
  /** How far the search for such ids got: a part, an index in it, and where the part begins. */
  private checkingPart = 0;
  private checkingIndex = 0;
  private partStart = 0;

  /** A part after the others; the parts must all be added before any batch arrives. */
  addPart(): number {
    this.parts.push({
      ids: [],
      streamIds: [],
      streamVersions: [],
      types: [],
      claims: new Map(),
      refs: [],
      amounts: [],
      done: false,
    });
    return this.parts.length - 1;
  }

  add(partNumber: number, entries: BatchEntries): void {
    const part = this.partAt(partNumber);
    const { ids, streamIds, streamVersions, types, refs, amounts } = unpackEntries(entries);
    for (const [index, claims] of entries.claims) part.claims.set(part.ids.length + index, claims);
    for (let i = 0; i < ids.length; i++) {
      part.ids.push(ids[i] as string);
      part.streamIds.push(streamIds[i] as string);
      part.streamVersions.push(streamVersions[i] as number);
      part.types.push(types[i] as EventType);
      part.refs.push(refs[i] as string);
      part.amounts.push(amounts[i] as number);
    }
    this.lookForDuplicates();
  }

  finish(partNumber: number): void {
    this.partAt(partNumber).done = true;
    this.lookForDuplicates();
  }

  /** Every part's lists joined, in file order, and where each part begins and ends. */
  joined() {
    const join = <T>(field: (part: PartLists) => T[]): T[] =>
      ([] as T[]).concat(...this.parts.map(field));
    const claims = new Map<number, UniqueClaim[]>();
    const ranges: { from: number; to: number }[] = [];
    for (const part of this.parts) {
      const from = ranges.at(-1)?.to ?? 0;
      for (const [index, made] of part.claims) claims.set(from + index, made);
      ranges.push({ from, to: from + part.ids.length });
    }
    return {
      ids: join((part) => part.ids),
      streamIds: join((part) => part.streamIds),
      streamVersions: join((part) => part.streamVersions),
      types: join((part) => part.types),
      refs: join((part) => part.refs),
      amounts: join((part) => part.amounts),
      claims,
      ranges,
    };
  }

  private partAt(partNumber: number): PartLists {
    const part = this.parts[partNumber];
    if (!part) throw new RangeError(`No part ${partNumber}.`);
    return part;
  }

  private lookForDuplicates(): void {
    if (this.parts.length === 1) return;
    for (let part = this.parts[this.checkingPart]; part; part = this.parts[this.checkingPart]) {
      // The last part's ids are only looked up: no later part looks for them.
      const last = this.checkingPart === this.parts.length - 1;
      for (; this.checkingIndex < part.ids.length; this.checkingIndex++) {
        const id = part.ids[this.checkingIndex] as string;
        const index = this.partStart + this.checkingIndex;
        const earlier = last ? this.firstUses.get(id) : this.firstUses.firstUse(id, index);
        if (earlier !== undefined && earlier < this.partStart)
          this.duplicates.push({
            index: index + 1,
            id,
            reason: `the id is already used by event ${earlier + 1} of the file`,
          });
      }
      if (!part.done || last) return;
      this.partStart += part.ids.length;
      this.checkingPart++;
      this.checkingIndex = 0;
    }
  }
}

/**
 * An import worker reading a part of the file, then holding its events: its messages while it
 * reads go to `onMessage`; afterwards it answers requests one at a time, in order.
 */
class ImportWorker {
  private readonly waiting: {
    resolve: (response: WorkerResponse) => void;
    reject: (error: Error) => void;
  }[] = [];
  /** Whether it said anything: a worker that fails before that did not start. */
  heard = false;

  constructor(
    private readonly worker: Worker,
    file: Blob,
    part: PartRequest,
    onMessage: (response: WorkerResponse) => void,
    onError: (error: Error) => void,
  ) {
    worker.onmessage = ({ data }: MessageEvent<WorkerResponse>) => {
      this.heard = true;
      const waiter = this.waiting.shift();
      if (waiter) waiter.resolve(data);
      else onMessage(data);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      const error = new Error(event.message || 'An import worker failed.');
      for (const waiter of this.waiting.splice(0)) waiter.reject(error);
      onError(error);
    };
    worker.postMessage({ kind: 'read', file, part });
  }

  private ask(request: unknown): Promise<WorkerResponse> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.worker.postMessage(request);
    });
  }

  async eventsAt(indices: readonly number[]): Promise<PlacedEvent[]> {
    const response = await this.ask({ kind: 'eventsAt', indices });
    if (response.kind !== 'events') throw new Error(`The import worker answered ${response.kind}.`);
    return response.events;
  }

  async stage(request: StageRequest): Promise<StoredEvent[]> {
    const response = await this.ask({ kind: 'stage', request });
    if (response.kind === 'staged') return response.loose;
    throw new Error(response.kind === 'failed' ? response.message : 'The import worker failed.');
  }

  terminate(): void {
    this.worker.terminate();
    const error = new Error('The import was let go.');
    for (const waiter of this.waiting.splice(0)) waiter.reject(error);
  }
}

interface WorkerPart {
  readonly worker: ImportWorker;
  /** Its number in `FileEntries`. */
  readonly number: number;
  /** How far it got. */
  bytesDone: number;
  checked: number;
  /** Set when the worker has read its part. */
  done?: Extract<WorkerResponse, { kind: 'done' }>;
}

/**
 * Reads and checks the file in workers: the first finds where the second half of the elements
 * begins and a second worker reads from there. Null if no worker could start.
 */
function readInWorkers(
  file: Blob,
  onProgress: (progress: ReadProgress) => void,
  signal?: AbortSignal,
): Promise<ReadOutcome | null> {
  const first = startWorker();
  if (!first) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const parts: WorkerPart[] = [];
    const entries = new FileEntries();
    // Started now, so that it has loaded by the time the first worker says where to begin.
    const second = navigator.hardwareConcurrency > 1 ? startWorker() : null;
    const end = () => {
      signal?.removeEventListener('abort', onAbort);
    };
    const stop = () => {
      end();
      second?.terminate();
      for (const part of parts) part.worker.terminate();
    };
    const onAbort = () => {
      stop();
      reject(aborted());
    };
    signal?.addEventListener('abort', onAbort);

    const finish = () => {
      if (parts.some((part) => !part.done)) return;
      end();
      const problems = parts
        .flatMap((part) => part.done?.problems ?? [])
        .concat(entries.duplicates)
        .sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
      if (problems.length > 0) {
        stop();
        resolve({
          ok: false,
          problems: problems.slice(0, MAX_REPORTED_PROBLEMS),
          stoppedEarly:
            problems.length > MAX_REPORTED_PROBLEMS ||
            parts.some((part) => part.done?.stoppedEarly),
        });
        return;
      }
      resolve({
        ok: true,
        held: heldInWorkers(parts, entries.joined()),
        upcast: parts.reduce((sum, part) => sum + (part.done?.upcast ?? 0), 0),
      });
    };
    /** Bytes checked at the last report: one in every hundredth of the file is enough. */
    let reported = -file.size;
    const progress = () => {
      let checked = 0;
      let done = 0;
      for (const part of parts) {
        checked += part.checked;
        done += part.bytesDone;
      }
      if (done - reported < file.size / 100) return;
      reported = done;
      onProgress({ phase: 'checking', checked, done, total: file.size });
    };
    const fail = (error: Error) => {
      stop();
      reject(error);
    };

    const startPart = (worker: Worker, request: PartRequest) => {
      const number = entries.addPart();
      const part: WorkerPart = {
        number,
        bytesDone: 0,
        checked: 0,
        worker: new ImportWorker(
          worker,
          file,
          request,
          (response) => {
            switch (response.kind) {
              case 'split':
                if (second && response.start !== null)
                  startPart(second, {
                    kind: 'rest',
                    start: response.start,
                    firstIndex: response.firstIndex,
                  });
                else second?.terminate();
                break;
              case 'batch':
                entries.add(number, response.entries);
                part.bytesDone = response.bytesDone;
                part.checked = response.checked;
                progress();
                break;
              case 'done':
                part.done = response;
                entries.finish(number);
                finish();
                break;
              case 'refused':
                stop();
                resolve(refused(response.problem));
                break;
              case 'failed':
                fail(new Error(response.message));
                break;
              case 'events':
              case 'staged':
                fail(new Error(`The import worker sent ${response.kind} unasked.`));
                break;
            }
          },
          (error) => {
            // A first worker that fails before it says anything did not start (blocked, or no
            // module workers): the caller reads the file on the page instead.
            if (parts.length === 1 && !part.worker.heard) {
              stop();
              resolve(null);
            } else fail(error);
          },
        ),
      };
      parts.push(part);
    };
    onProgress({ phase: 'reading', checked: 0, done: 0, total: file.size });
    startPart(first, { kind: 'first', split: second !== null });
  });
}

const noClaims: readonly UniqueClaim[] = [];

/** The events the workers hold, as the store and the plan see them. */
function heldInWorkers(
  parts: readonly WorkerPart[],
  {
    ids,
    streamIds,
    streamVersions,
    types,
    refs,
    amounts,
    claims,
    ...joined
  }: ReturnType<FileEntries['joined']>,
): HeldImport {
  const ranges = parts.map(({ worker, number }) => ({
    worker,
    ...(joined.ranges[number] ?? { from: 0, to: 0 }),
  }));
  return {
    count: ids.length,
    id: (index) => ids[index] as string,
    streamId: (index) => streamIds[index] as string,
    streamVersion: (index) => streamVersions[index] as number,
    type: (index) => types[index] as EventType,
    facts: (index) =>
      unpackFacts(
        types[index] as EventType,
        streamIds[index] as string,
        refs[index] as string,
        amounts[index] as number,
      ),
    claims: (index) => claims.get(index) ?? noClaims,
    parts: ranges.map(({ worker, from, to }) => ({
      from,
      to,
      stage: (request) => worker.stage(request),
    })),
    async eventsAt(indices) {
      const answers = await Promise.all(
        ranges.map(({ worker, from, to }) =>
          worker.eventsAt(indices.filter((index) => index >= from && index < to)),
        ),
      );
      // Each worker answered its indices in the order asked.
      const taken = answers.map(() => 0);
      return indices.map((index) => {
        const part = ranges.findIndex(({ from, to }) => index >= from && index < to);
        const at = taken[part] ?? 0;
        taken[part] = at + 1;
        return answers[part]?.[at] as PlacedEvent;
      });
    },
    release() {
      for (const { worker } of ranges) worker.terminate();
    },
  };
}

/**
 * Reads an event log file and checks every event: the CloudEvents attributes, the catalog's
 * type and data version, the payload. Files over MAX_IMPORT_BYTES are refused before reading.
 * The caller releases what it is given once the import is applied or given up.
 */
export async function readEventLogFile(
  file: Blob,
  options: ReadOptions = {},
): Promise<ReadOutcome> {
  const sizeProblem = fileSizeProblem(file.size);
  if (sizeProblem) return refused(sizeProblem);
  const upcasters = options.upcasters ?? catalogUpcasters;
  const onProgress = options.onProgress ?? (() => undefined);
  if (options.worker !== false && upcasters === catalogUpcasters) {
    const outcome = await readInWorkers(file, onProgress, options.signal);
    if (outcome) return outcome;
  }
  return readHere(file, upcasters, onProgress, options.signal);
}

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
    if (streamVersion !== stream.version + 1)
      report({
        index: i + 1,
        id,
        reason: `it is version ${streamVersion} of ${streamId}, which is at version ${stream.version} here: stream versions must continue without gaps or overlaps`,
      });
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

export type ImportResult =
  | { readonly ok: true; readonly written: number; readonly skipped: number; readonly head: number }
  | { readonly ok: false; readonly problem: ImportProblem };

const withoutPrefix = (message: string, prefix: string): string =>
  message.startsWith(prefix) ? message.slice(prefix.length) : message;
const lowerFirst = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1);

/** A refused append as a problem that names the event, where the error lets us find it. */
export function problemOfAppendError(error: unknown, events: Placements): ImportProblem {
  const indexWhere = (test: (index: number) => boolean): number | null => {
    for (let index = 0; index < events.count; index++) if (test(index)) return index + 1;
    return null;
  };
  if (error instanceof StreamSequenceError)
    return {
      index: error.index + 1,
      id: error.eventId,
      reason: withoutPrefix(error.message, `Event ${error.eventId} `),
    };
  if (error instanceof IdempotencyError)
    return {
      index: indexWhere((index) => events.id(index) === error.eventId),
      id: error.eventId,
      reason: withoutPrefix(error.message, `Event ${error.eventId}: `),
    };
  if (error instanceof UniqueConstraintError) {
    const index = indexWhere((at) =>
      events
        .claims(at)
        .some(
          (claim) =>
            claim.slot === error.slot && claim.value === error.value && claim.owner !== error.owner,
        ),
    );
    return {
      index,
      id: index === null ? null : events.id(index - 1),
      reason: lowerFirst(error.message),
    };
  }
  return {
    index: null,
    id: null,
    reason: `The import failed: ${describeFailure(error)}`,
  };
}

/**
 * Appends the planned events all or nothing; the log skips those already stored with the same
 * content. A refusal leaves the log exactly as it was.
 */
export async function applyImport(store: EventStore, plan: ImportPlan): Promise<ImportResult> {
  if (plan.problems.length > 0) {
    const [first] = plan.problems;
    if (first) return { ok: false, problem: first };
  }
  try {
    const result = await store.appendHeld(plan.held);
    return { ok: true, ...result };
  } catch (error) {
    return { ok: false, problem: problemOfAppendError(error, plan.held) };
  }
}
