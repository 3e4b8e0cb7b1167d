/** Items per leaf and children per branch: a change copies one node per level, 4 at 40,000. */
const NODE_SIZE = 32;

interface Leaf<T> {
  readonly items: readonly T[];
}

interface Branch<T> {
  readonly children: readonly Node<T>[];
  /** lasts[i] is the greatest item under children[i]. */
  readonly lasts: readonly T[];
}

type Node<T> = Leaf<T> | Branch<T>;

const isBranch = <T>(node: Node<T>): node is Branch<T> => 'children' in node;

/** The greatest item under a node; nodes other than an empty root are never empty. */
const lastOf = <T>(node: Node<T>): T =>
  (isBranch(node) ? node.lasts[node.lasts.length - 1] : node.items[node.items.length - 1]) as T;

/**
 * In a sorted sequence of `length` entries, the first index whose entry is not `before` the one
 * looked for (`length` if all are): a binary search, for `before` true of a prefix only.
 */
export function partitionPoint(length: number, before: (index: number) => boolean): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (before(middle)) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Splits an overfull node's entries in two halves. */
const halves = <E>(entries: readonly E[]): [E[], E[]] => {
  const middle = entries.length >>> 1;
  return [entries.slice(0, middle), entries.slice(middle)];
};

/** `array` with `count` entries from `index` replaced by `entries`: a new array. */
const spliced = <E>(array: readonly E[], index: number, count: number, ...entries: E[]): E[] => {
  const copy = array.slice();
  copy.splice(index, count, ...entries);
  return copy;
};

/**
 * A sorted set that is a value: `add` and `delete` give a new set and leave this one as it was.
 * A B+ tree with path copying, so a new set shares every node but the ~log₃₂ n on the changed
 * path with the old one: the timeline's checkpoints keep one each for the cost of what changed.
 *
 * Deleting leaves nodes underfull rather than merging them: the sets here grow, and delete is rare
 * (a customer's rename), so the tree stays about as shallow as a balanced one.
 */
export class SortedIndex<T> {
  private constructor(
    private readonly root: Node<T>,
    /** How many items the set holds. */
    readonly size: number,
    private readonly compare: (a: T, b: T) => number,
  ) {}

  /** An empty set ordered by `compare`, which is 0 exactly for items the set holds only once. */
  static empty<T>(compare: (a: T, b: T) => number): SortedIndex<T> {
    return new SortedIndex<T>({ items: [] }, 0, compare);
  }

  /**
   * A set of `items`, which must be sorted by `compare` with no two equal: built level by level
   * in one pass, for many items at once (a long log's first fold), where adding them one by one
   * would compare each with ~log₂ n others.
   */
  static fromSorted<T>(items: readonly T[], compare: (a: T, b: T) => number): SortedIndex<T> {
    if (items.length === 0) return SortedIndex.empty(compare);
    let level: Node<T>[] = [];
    for (let start = 0; start < items.length; start += NODE_SIZE)
      level.push({ items: items.slice(start, start + NODE_SIZE) });
    while (level.length > 1) {
      const below = level;
      level = [];
      for (let start = 0; start < below.length; start += NODE_SIZE) {
        const children = below.slice(start, start + NODE_SIZE);
        level.push({ children, lasts: children.map(lastOf) });
      }
    }
    return new SortedIndex(level[0] as Node<T>, items.length, compare);
  }

  /** The set with `item`: this set if it holds an equal one. */
  add(item: T): SortedIndex<T> {
    const nodes = this.insert(this.root, item);
    if (nodes === undefined) return this;
    const root: Node<T> =
      nodes.length === 1 ? (nodes[0] as Node<T>) : { children: nodes, lasts: nodes.map(lastOf) };
    return new SortedIndex(root, this.size + 1, this.compare);
  }

  /** The set without the item equal to `item`: this set if it holds none. */
  delete(item: T): SortedIndex<T> {
    const removed = this.remove(this.root, item);
    if (removed === undefined) return this;
    if (removed === null) return SortedIndex.empty(this.compare);
    // A branch left with one child gives way to it.
    let root = removed;
    while (isBranch(root) && root.children.length === 1) root = root.children[0] as Node<T>;
    return new SortedIndex(root, this.size - 1, this.compare);
  }

  /** The first `count` items, smallest first, or greatest first when descending. */
  first(count: number, direction: 'ascending' | 'descending' = 'ascending'): T[] {
    const items: T[] = [];
    const descending = direction === 'descending';
    const visit = (node: Node<T>): void => {
      const entries: readonly (T | Node<T>)[] = isBranch(node) ? node.children : node.items;
      for (let step = 0; step < entries.length && items.length < count; step++) {
        const entry = entries[descending ? entries.length - 1 - step : step] as T | Node<T>;
        if (isBranch(node)) visit(entry as Node<T>);
        else items.push(entry as T);
      }
    };
    visit(this.root);
    return items;
  }

  /** Where `item` is or would go among `items`: the first index not before it. */
  private lowerBound(items: readonly T[], item: T): number {
    return partitionPoint(items.length, (index) => this.compare(items[index] as T, item) < 0);
  }

  /** Whether the leaf's item at `index` equals `item`. */
  private holdsAt(leaf: Leaf<T>, index: number, item: T): boolean {
    return index < leaf.items.length && this.compare(leaf.items[index] as T, item) === 0;
  }

  /** The child of a branch that holds `item` or would: the last one when it is the greatest. */
  private childFor(branch: Branch<T>, item: T): number {
    return Math.min(this.lowerBound(branch.lasts, item), branch.children.length - 1);
  }

  /** The node(s) replacing `node` once `item` is in: two when it split; undefined if present. */
  private insert(node: Node<T>, item: T): Node<T>[] | undefined {
    if (!isBranch(node)) {
      const index = this.lowerBound(node.items, item);
      if (this.holdsAt(node, index, item)) return undefined;
      const items = spliced(node.items, index, 0, item);
      if (items.length <= NODE_SIZE) return [{ items }];
      return halves(items).map((half) => ({ items: half }));
    }
    const index = this.childFor(node, item);
    const replaced = this.insert(node.children[index] as Node<T>, item);
    if (replaced === undefined) return undefined;
    const children = spliced(node.children, index, 1, ...replaced);
    const lasts = spliced(node.lasts, index, 1, ...replaced.map(lastOf));
    if (children.length <= NODE_SIZE) return [{ children, lasts }];
    const [firstChildren, secondChildren] = halves(children);
    const [firstLasts, secondLasts] = halves(lasts);
    return [
      { children: firstChildren, lasts: firstLasts },
      { children: secondChildren, lasts: secondLasts },
    ];
  }

  /** The node replacing `node` once `item` is out: null when empty; undefined if absent. */
  private remove(node: Node<T>, item: T): Node<T> | null | undefined {
    if (!isBranch(node)) {
      const index = this.lowerBound(node.items, item);
      if (!this.holdsAt(node, index, item)) return undefined;
      return node.items.length === 1 ? null : { items: spliced(node.items, index, 1) };
    }
    const index = this.lowerBound(node.lasts, item);
    const child = node.children[index];
    if (child === undefined) return undefined;
    const replaced = this.remove(child, item);
    if (replaced === undefined) return undefined;
    if (replaced === null) {
      if (node.children.length === 1) return null;
      return {
        children: spliced(node.children, index, 1),
        lasts: spliced(node.lasts, index, 1),
      };
    }
    return {
      children: spliced(node.children, index, 1, replaced),
      lasts: spliced(node.lasts, index, 1, lastOf(replaced)),
    };
  }
}
