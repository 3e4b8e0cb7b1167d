import { yieldToMain } from './scheduling';

/**
 * CSV as RFC 4180 writes it: fields separated by commas, records by CRLF, a field quoted (its
 * quotes doubled) when it holds a comma, a quote or a line break.
 */

/** A field: text, or a number written as is. */
export type CsvField = string | number;

/**
 * Text a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a tab or return first): a
 * name typed as `=HYPERLINK(…)` must open as text. A leading apostrophe is what spreadsheets
 * themselves use to mark text. Numbers are written as they are.
 */
const FORMULA = /^[=+\-@\t\r]/;

export function csvField(value: CsvField): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = FORMULA.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const csvRecord = (fields: readonly CsvField[]): string =>
  `${fields.map(csvField).join(',')}\r\n`;

/** The longest stretch of building between two yields to the browser, in milliseconds. */
const SLICE_MS = 12;
/** Rows built between two looks at the clock. */
const CLOCK_EVERY = 256;

/**
 * A CSV file of `count` rows under `header`, built in slices of ~12 ms so that the page answers
 * input meanwhile (a quarter of a million orders take a second or more). A UTF-8 byte order mark
 * first: spreadsheets then read names with accents right. `onProgress` hears how many rows are
 * done; resolves to null if `isCancelled()` turns true between two slices.
 */
export async function buildCsv({
  header,
  count,
  row,
  onProgress,
  isCancelled,
}: {
  header: readonly string[];
  count: number;
  /** The fields of row `index` (0 ≤ index < count). */
  row: (index: number) => readonly CsvField[];
  onProgress?: (done: number) => void;
  isCancelled?: () => boolean;
}): Promise<Blob | null> {
  const parts: string[] = ['\uFEFF', csvRecord(header)];
  let sliceStart = performance.now();
  for (let index = 0; index < count; index++) {
    parts.push(csvRecord(row(index)));
    if (index % CLOCK_EVERY === CLOCK_EVERY - 1 && performance.now() - sliceStart > SLICE_MS) {
      onProgress?.(index + 1);
      await yieldToMain();
      if (isCancelled?.() === true) return null;
      sliceStart = performance.now();
    }
  }
  onProgress?.(count);
  return new Blob(parts, { type: 'text/csv;charset=utf-8' });
}
