/**
 * Sorting the entries of a large persistent map over and over, as it changes by a few entries at
 * a time (a live append, a step on the timeline). Entries are immutable values, replaced when
 * they change: an entry found again by identity has the same sort keys, so it keeps its place
 * among the others and only the new entries need sorting, then merging in.
 */
export interface SortedEntries<V, R> {
  /** One row per entry, in order. */
  readonly rows: readonly R[];
  /** The entries the rows were made from. */
  readonly entries: ReadonlySet<V>;
}

export interface EntrySorting<V, R> {
  readonly rowOf: (entry: V) => R;
  readonly entryOf: (row: R) => V;
  /** A total order: ties broken down to something unique. */
  readonly compare: (a: R, b: R) => number;
}

/** Anything with the forEach of an Immutable collection. */
interface Entries<V> {
  forEach(visit: (entry: V) => unknown): unknown;
}

/** Merges two sorted lists. */
function merge<R>(left: readonly R[], right: readonly R[], compare: (a: R, b: R) => number): R[] {
  const merged = new Array<R>(left.length + right.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < left.length && j < right.length) {
    const a = left[i] as R;
    const b = right[j] as R;
    if (compare(a, b) <= 0) {
      merged[k++] = a;
      i++;
    } else {
      merged[k++] = b;
      j++;
    }
  }
  while (i < left.length) merged[k++] = left[i++] as R;
  while (j < right.length) merged[k++] = right[j++] as R;
  return merged;
}

/**
 * The entries sorted, reusing `previous` (the same sorting of an earlier state): linear for a
 * few changed entries, a full sort when many changed (a demo load, a long jump on the timeline).
 */
export function sortEntries<V, R>(
  current: Entries<V>,
  sorting: EntrySorting<V, R>,
  previous?: SortedEntries<V, R>,
): SortedEntries<V, R> {
  const { rowOf, entryOf, compare } = sorting;
  const entries = new Set<V>();
  const added: R[] = [];
  current.forEach((entry) => {
    entries.add(entry);
    if (previous?.entries.has(entry) !== true) added.push(rowOf(entry));
  });
  if (previous === undefined || added.length > entries.size / 4) {
    const rows: R[] = [];
    for (const entry of entries) rows.push(rowOf(entry));
    return { rows: rows.sort(compare), entries };
  }
  const kept = previous.rows.filter((row) => entries.has(entryOf(row)));
  return { rows: merge(kept, added.sort(compare), compare), entries };
}
