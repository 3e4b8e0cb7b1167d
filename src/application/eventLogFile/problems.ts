/** Why a file, or an event of it, cannot be imported, and the limits that refuse it early. */
import { formatBytes } from '../../lib/format';

/**
 * Files larger than this are refused before they are read: a file that is not JSON is decoded
 * whole, for JSON.parse to say where, and V8 strings stop just short of 512 MiB. 500 MB holds
 * about a million events.
 */
export const MAX_IMPORT_BYTES = 500e6;
/** Problems reported at most; checking stops at the 20th. */
export const MAX_REPORTED_PROBLEMS = 20;

/** Why a file, or one of its events, cannot be imported. */
export interface ImportProblem {
  /** 1-based place of the event in the file; null for the file as a whole. */
  readonly index: number | null;
  readonly id: string | null;
  readonly reason: string;
}

export const describeProblem = (problem: ImportProblem): string =>
  problem.index === null
    ? problem.reason
    : `Event ${problem.index} (${problem.id ?? 'no id'}): ${problem.reason}`;

/** Refuses a file by its size, before reading it. */
export function fileSizeProblem(bytes: number): ImportProblem | null {
  return bytes > MAX_IMPORT_BYTES
    ? {
        index: null,
        id: null,
        reason: `The file is ${formatBytes(bytes)}: files over ${formatBytes(MAX_IMPORT_BYTES)} cannot be imported, because the browser cannot read that much text in one piece.`,
      }
    : null;
}
