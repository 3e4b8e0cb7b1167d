/**
 * Reading the file in import workers (importWorker.ts): the first finds where the second half of
 * the elements begins and a second reads from there; afterwards they hold the events, and stage
 * them when the import is applied.
 */
import type { EventType, StoredEvent } from '../../domain/events';
import type { UniqueClaim } from '../../domain/uniqueness';
import type { PlacedEvent, StageRequest } from '../../store/types';
import { FileEntries } from './fileEntries';
import { MAX_REPORTED_PROBLEMS } from './problems';
import { aborted, refused, type HeldImport, type ReadOutcome } from './readOutcome';
import {
  unpackFacts,
  type PartRequest,
  type ReadProgress,
  type WorkerResponse,
} from './workerProtocol';

/** Starts an import worker, or returns null where there is none. */
function startWorker(): Worker | null {
  if (typeof Worker === 'undefined') return null;
  try {
    return new Worker(new URL('./importWorker.ts', import.meta.url), { type: 'module' });
  } catch {
    return null;
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
export function readInWorkers(
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
