/**
 * Import of an event log file (docs/contract.md §3), in three steps: read and check the file (in two
 * workers when there are, each a part of it), plan against the log (a dry run: what is new, what
 * is already there, what conflicts), then append everything, all or nothing. The events stay with
 * whoever read them; the page sees what it checks of each, and the workers write them
 * (EventStore.appendHeld).
 */
import { catalogUpcasters, type Upcasters } from '../../domain/upcasters';
import { SLICE_MS, yieldToMain } from '../../lib/scheduling';
import { fileSizeProblem, parseEventLog } from './parse';
import { aborted, heldHere, refused, type ReadOutcome } from './readOutcome';
import { readInWorkers } from './workerPool';
import type { ReadProgress } from './workerProtocol';

export { applyImport, problemOfAppendError, type ImportResult } from './apply';
export { FileEntries } from './fileEntries';
export { planImport, type ImportPlan, type TypeCount } from './plan';
export { heldHere, type HeldImport, type ReadOutcome } from './readOutcome';
export type { ReadProgress } from './workerProtocol';

export interface ReadOptions {
  readonly onProgress?: (progress: ReadProgress) => void;
  /** Upcasters other than the catalog's keep the work on the page (functions cannot be sent). */
  readonly upcasters?: Upcasters;
  /** Whether to use Web Workers where there are (default: yes). */
  readonly worker?: boolean;
  readonly signal?: AbortSignal;
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
