/**
 * Sorting the entries of a large persistent map over and over, as it changes by some entries at
 * a time (a live append, a step on the timeline). An entry found again under its key with the
 * same sort keys (compared equal: the order is total) keeps its place among the others, so only
 * new entries and those whose sort keys changed need sorting, then merging in.
 */
export interface SortedEntries<V, R> {
  /** One row per entry, in order. */
  readonly rows: readonly R[];
  /** The entries the rows were made from, by key. */
  readonly entries: ReadonlyMap<string, V>;
}

export interface EntrySorting<V, R> {
  readonly rowOf: (entry: V) => R;
  readonly entryOf: (row: R) => V;
  /** What identifies an entry from one state to the next (an id). */
  readonly keyOf: (entry: V) => string;
  /** A total order: ties broken down to the key, so only one entry compares equal to itself. */
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
 * The entries sorted, reusing `previous` (the same sorting of an earlier state): linear when few
 * entries moved, a full sort when many did (a demo load, a long jump on the timeline).
 */
export function sortEntries<V, R>(
  current: Entries<V>,
  sorting: EntrySorting<V, R>,
  previous?: SortedEntries<V, R>,
): SortedEntries<V, R> {
  const { rowOf, entryOf, keyOf, compare } = sorting;
  const entries = new Map<string, V>();
  current.forEach((entry) => {
    entries.set(keyOf(entry), entry);
  });
  const fullSort = (): SortedEntries<V, R> => {
    const rows: R[] = [];
    for (const entry of entries.values()) rows.push(rowOf(entry));
    return { rows: rows.sort(compare), entries };
  };
  if (previous === undefined) return fullSort();

  const kept: R[] = [];
  const placed: R[] = [];
  const most = entries.size / 4;
  for (const row of previous.rows) {
    const before = entryOf(row);
    const entry = entries.get(keyOf(before));
    if (entry === undefined) continue;
    if (entry === before) kept.push(row);
    else {
      const changed = rowOf(entry);
      if (compare(row, changed) === 0) kept.push(changed);
      else if (placed.push(changed) > most) return fullSort();
    }
  }
  for (const [key, entry] of entries)
    if (!previous.entries.has(key) && placed.push(rowOf(entry)) > most) return fullSort();
  return { rows: merge(kept, placed.sort(compare), compare), entries };
}
