/**
 * Export of the event log as a JSON array of CloudEvents (docs/contract.md §3), built batch by batch
 * into Blob parts: never one giant string (V8 strings stop near 512 MB), and each batch's text can
 * be collected once it is in its Blob.
 */
import type { EventStore } from '../../store/eventStore';
import { BATCH_MEDIA_TYPE } from '../../store/cloudEvents';

export interface ExportProgress {
  readonly written: number;
  readonly total: number;
}

export interface ExportOptions {
  /** Export events up to this position (the timeline's moment); default: the whole log. */
  readonly toPosition?: number;
  readonly onProgress?: (progress: ExportProgress) => void;
  readonly signal?: AbortSignal;
}

export interface ExportedLog {
  readonly blob: Blob;
  readonly events: number;
}

/**
 * Builds the file from the log's text, piece by piece: `[`, the pieces, `,` between, `]`. Sealed
 * chunks are the file's own bytes already (store/chunks.ts): they go in as they are stored.
 */
export async function exportEventLog(
  store: EventStore,
  options: ExportOptions = {},
): Promise<ExportedLog> {
  const total = options.toPosition ?? (await store.headPosition());
  const parts: BlobPart[] = ['['];
  let written = 0;
  options.onProgress?.({ written, total });
  if (total > 0) {
    const pieces = store.readFileText({ toPosition: total });
    // The next piece is read from IndexedDB while this one is added.
    let next = pieces.next();
    for (;;) {
      const step = await next;
      if (step.done) break;
      const { text, events } = step.value;
      next = pieces.next();
      if (options.signal?.aborted) {
        await pieces.return(undefined);
        throw new DOMException('The export was cancelled.', 'AbortError');
      }
      if (events === 0) continue;
      if (written > 0) parts.push(',');
      parts.push(typeof text === 'string' ? new Blob([text]) : (text as Uint8Array<ArrayBuffer>));
      written += events;
      options.onProgress?.({ written, total });
    }
  }
  parts.push(']');
  return { blob: new Blob(parts, { type: BATCH_MEDIA_TYPE }), events: written };
}

const pad = (value: number): string => String(value).padStart(2, '0');

/** `event-log-<YYYY-MM-DD>-<HHmmss>.json`, in local time. */
export function eventLogFileName(now: Date): string {
  const date = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  const time = `${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  return `event-log-${date}-${time}.json`;
}
