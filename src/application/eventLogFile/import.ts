/**
 * Import of an event log file (CONTRACT.md §3), in three steps: read and check the file (in a
 * worker when there is one), plan against the log (a dry run: what is new, what is already
 * there, what conflicts), then append everything in one all-or-nothing transaction.
 */
import type { EventType } from '../../domain/events';
import { catalogUpcasters, type Upcasters } from '../../domain/upcasters';
import { uniqueClaimsOf } from '../../domain/uniqueness';
import { IdempotencyError, StreamSequenceError, UniqueConstraintError } from '../../store/errors';
import type { EventStore } from '../../store/eventStore';
import type { PlacedEvent } from '../../store/types';
import {
  MAX_REPORTED_PROBLEMS,
  fileSizeProblem,
  parseEventLog,
  type ImportProblem,
  type ParseOutcome,
} from './parse';
import type { ReadProgress, WorkerResponse } from './workerProtocol';

export type { ReadProgress } from './workerProtocol';

/** How long the page's thread checks events before it lets the page respond (no worker). */
const SLICE_MS = 30;

const yieldToMain = (): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, 0);
  });

export interface ReadOptions {
  readonly onProgress?: (progress: ReadProgress) => void;
  /** Upcasters other than the catalog's keep the work on the page (functions cannot be sent). */
  readonly upcasters?: Upcasters;
  /** Whether to use a Web Worker where there is one (default: yes). */
  readonly worker?: boolean;
  readonly signal?: AbortSignal;
}

const aborted = (): DOMException => new DOMException('The import was cancelled.', 'AbortError');

/** Reads and checks the file on this thread, in slices that leave the page responsive. */
async function readHere(
  file: Blob,
  upcasters: Upcasters,
  onProgress: (progress: ReadProgress) => void,
  signal?: AbortSignal,
): Promise<ParseOutcome> {
  onProgress({ phase: 'reading', done: 0, total: 0 });
  const text = await file.text();
  const steps = parseEventLog(text, upcasters);
  let sliceStart = performance.now();
  for (;;) {
    if (signal?.aborted) throw aborted();
    const step = steps.next();
    if (step.done) return step.value;
    onProgress(step.value);
    if (performance.now() - sliceStart > SLICE_MS) {
      await yieldToMain();
      sliceStart = performance.now();
    }
  }
}

/** Starts the import worker, or returns null where there is none. */
function startWorker(): Worker | null {
  if (typeof Worker === 'undefined') return null;
  try {
    return new Worker(new URL('./importWorker.ts', import.meta.url), { type: 'module' });
  } catch {
    return null;
  }
}

/** Reads and checks the file in the worker; null if the worker could not start. */
function readInWorker(
  worker: Worker,
  file: Blob,
  onProgress: (progress: ReadProgress) => void,
  signal?: AbortSignal,
): Promise<ParseOutcome | null> {
  return new Promise((resolve, reject) => {
    const events: PlacedEvent[] = [];
    let heard = false;
    const finish = () => {
      worker.terminate();
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      finish();
      reject(aborted());
    };
    signal?.addEventListener('abort', onAbort);
    worker.onerror = (event) => {
      event.preventDefault();
      finish();
      // A worker that fails before it says anything did not start (blocked, or no module
      // workers): the caller reads the file here instead.
      if (heard) reject(new Error(event.message || 'The import worker failed.'));
      else resolve(null);
    };
    worker.onmessage = (message: MessageEvent<WorkerResponse>) => {
      heard = true;
      const response = message.data;
      switch (response.kind) {
        case 'progress':
          onProgress(response.progress);
          break;
        case 'events':
          // Checked by the worker: events of the catalog, with no forbidden keys.
          for (const event of JSON.parse(response.json) as PlacedEvent[]) events.push(event);
          break;
        case 'accepted':
          finish();
          if (events.length === response.count)
            resolve({ ok: true, events, accepted: events.length, upcast: response.upcast });
          else
            reject(
              new Error(`The import worker sent ${events.length} of ${response.count} events.`),
            );
          break;
        case 'refused':
          finish();
          resolve({ ok: false, problems: response.problems, stoppedEarly: response.stoppedEarly });
          break;
        case 'failed':
          finish();
          reject(new Error(response.message));
          break;
      }
    };
    worker.postMessage({ file });
  });
}

/**
 * Reads an event log file and checks every event: the CloudEvents attributes, the catalog's
 * type and data version, the payload. Files over MAX_IMPORT_MB are refused before reading.
 */
export async function readEventLogFile(
  file: Blob,
  options: ReadOptions = {},
): Promise<ParseOutcome> {
  const sizeProblem = fileSizeProblem(file.size);
  if (sizeProblem) return { ok: false, problems: [sizeProblem], stoppedEarly: false };
  const upcasters = options.upcasters ?? catalogUpcasters;
  const onProgress = options.onProgress ?? (() => undefined);
  const worker = options.worker !== false && upcasters === catalogUpcasters ? startWorker() : null;
  if (worker) {
    const outcome = await readInWorker(worker, file, onProgress, options.signal);
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
  readonly events: readonly PlacedEvent[];
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
 * Compares the checked events with the log without writing: ids already stored (same or other
 * content) and whether each stream's versions continue the log's.
 */
export async function planImport(
  store: EventStore,
  events: readonly PlacedEvent[],
  upcast = 0,
): Promise<ImportPlan> {
  const matches = await store.classify(events);
  const versions = new Map<string, number>();
  const counts = new Map<EventType, { inFile: number; fresh: number }>();
  const problems: ImportProblem[] = [];
  let present = 0;
  let fresh = 0;
  let stoppedEarly = false;
  const report = (problem: ImportProblem) => {
    if (problems.length < MAX_REPORTED_PROBLEMS) problems.push(problem);
    else stoppedEarly = true;
  };
  for (let i = 0; i < events.length; i++) {
    const event = events[i];
    if (!event) continue;
    let count = counts.get(event.type);
    if (!count) {
      count = { inFile: 0, fresh: 0 };
      counts.set(event.type, count);
    }
    count.inFile++;
    const match = matches.get(event.id);
    if (match === 'same') {
      present++;
      continue;
    }
    if (match === 'other') {
      report({
        index: i + 1,
        id: event.id,
        reason:
          'this id is already stored with other content (a different type, stream, version or data)',
      });
      continue;
    }
    fresh++;
    count.fresh++;
    const version = versions.get(event.streamId) ?? store.streamVersion(event.streamId);
    if (event.streamVersion !== version + 1)
      report({
        index: i + 1,
        id: event.id,
        reason: `it is version ${event.streamVersion} of ${event.streamId}, which is at version ${version} here: stream versions must continue without gaps or overlaps`,
      });
    versions.set(event.streamId, event.streamVersion);
  }
  const byType = [...counts].map(([type, count]) => ({ type, ...count }));
  return {
    events,
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
export function problemOfAppendError(
  error: unknown,
  events: readonly PlacedEvent[],
): ImportProblem {
  const indexOfId = (id: string): number | null => {
    const index = events.findIndex((event) => event.id === id);
    return index === -1 ? null : index + 1;
  };
  if (error instanceof StreamSequenceError)
    return {
      index: error.index + 1,
      id: error.eventId,
      reason: withoutPrefix(error.message, `Event ${error.eventId} `),
    };
  if (error instanceof IdempotencyError)
    return {
      index: indexOfId(error.eventId),
      id: error.eventId,
      reason: withoutPrefix(error.message, `Event ${error.eventId}: `),
    };
  if (error instanceof UniqueConstraintError) {
    const index = events.findIndex((event) =>
      uniqueClaimsOf(event).some(
        (claim) =>
          claim.slot === error.slot && claim.value === error.value && claim.owner !== error.owner,
      ),
    );
    const event = events[index];
    return {
      index: event ? index + 1 : null,
      id: event?.id ?? null,
      reason: lowerFirst(error.message),
    };
  }
  return {
    index: null,
    id: null,
    reason: `The import failed: ${error instanceof Error ? error.message : String(error)}`,
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
    const result = await store.appendPlaced(plan.events);
    return { ok: true, ...result };
  } catch (error) {
    return { ok: false, problem: problemOfAppendError(error, plan.events) };
  }
}
