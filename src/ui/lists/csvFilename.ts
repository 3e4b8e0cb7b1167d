/**
 * A downloaded list's file name: what it holds and when that was, e.g. `orders-2026-03-01.csv`
 * for the present (today's date), `orders-at-517.csv` for a past moment (its position).
 */
export function csvFilename(what: string, pastPosition: number | null): string {
  if (pastPosition !== null) return `${what}-at-${pastPosition}.csv`;
  return `${what}-${new Date().toISOString().slice(0, 10)}.csv`;
}
