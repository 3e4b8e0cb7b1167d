/** Messages between the page and the import workers (importWorker.ts). */
import type { StoredEvent } from '../../domain/events';
import type { PlacedEvent, StageRequest } from '../../store/types';
import type { BatchEntries, ImportProblem } from './parse';

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
