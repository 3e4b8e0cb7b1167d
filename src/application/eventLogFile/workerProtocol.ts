/** Messages between the page and the import worker (importWorker.ts). */
import type { ImportProblem } from './parse';

export interface ReadProgress {
  readonly phase: 'reading' | 'parsing' | 'checking';
  /** Events checked so far (0 while reading and parsing). */
  readonly done: number;
  readonly total: number;
}

export interface WorkerRequest {
  readonly file: Blob;
}

export type WorkerResponse =
  | { readonly kind: 'progress'; readonly progress: ReadProgress }
  /**
   * The next events accepted, in file order, as a JSON array of PlacedEvent; dropped by the page
   * if the file is refused in the end.
   */
  | { readonly kind: 'events'; readonly json: string }
  | { readonly kind: 'accepted'; readonly count: number; readonly upcast: number }
  | {
      readonly kind: 'refused';
      readonly problems: ImportProblem[];
      readonly stoppedEarly: boolean;
    }
  | { readonly kind: 'failed'; readonly message: string };
