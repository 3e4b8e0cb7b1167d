import { partitionPoint } from '../lib/partitionPoint';

/**
 * How names and emails are ordered on screen: in the reader's language, case and accents aside,
 * numbers by value ("item 9" before "item 10"). One collator, so that every list and the customers'
 * name index agree.
 */
export const textCollator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/**
 * Strings in collation order, each with a rank: its index in that order, shared by the strings
 * the collator finds equal. Numbers compare far faster than ICU does, so sorting many items by a
 * few distinct strings goes through their ranks.
 */
export function collationRanks(texts: Iterable<string>): {
  sorted: string[];
  ranks: Map<string, number>;
} {
  const sorted = [...new Set(texts)].sort(textCollator.compare);
  const ranks = new Map<string, number>();
  let rank = 0;
  sorted.forEach((text, index) => {
    if (index > 0 && textCollator.compare(sorted[index - 1] ?? '', text) !== 0) rank = index;
    ranks.set(text, rank);
  });
  return { sorted, ranks };
}

/**
 * The collation order of the strings seen so far, as numbers: comparing through the collator
 * (ICU) is slow enough that sorting tens of thousands of customers by name took ~80 ms per moment
 * on the timeline. Strings the collator finds equal get equal ranks. A few new strings get a rank
 * between their neighbours' (a binary search, no renumbering); very many at once, or no room left
 * between two ranks, renumber them all with one collator sort. Ranks are only ever compared
 * with each other, so a renumbering changes no order.
 */
export class CollationRanks {
  private sorted: string[] = [];
  private ranks = new Map<string, number>();
  /** Counts the renumberings: ranks given before one are not to be compared with ranks after. */
  generation = 0;

  /** Gives a rank to each of `texts` that has none yet. */
  cover(texts: readonly string[]): void {
    const unseen = new Set<string>();
    for (const text of texts) if (!this.ranks.has(text)) unseen.add(text);
    if (unseen.size === 0) return;
    // A binary search each costs a few collator calls; a renumbering sorts every string.
    if (unseen.size > Math.max(64, this.sorted.length / 4)) {
      this.renumber(unseen);
      return;
    }
    for (const text of unseen)
      if (!this.insert(text)) {
        this.renumber(unseen);
        return;
      }
  }

  /** The string's rank; NaN for one not covered yet. */
  rank(text: string): number {
    return this.ranks.get(text) ?? Number.NaN;
  }

  /** Places one new string between its neighbours; false if there is no room between them. */
  private insert(text: string): boolean {
    const low = partitionPoint(
      this.sorted.length,
      (index) => textCollator.compare(this.sorted[index] ?? '', text) <= 0,
    );
    const before = this.sorted[low - 1];
    const after = this.sorted[low];
    const rankBefore = before === undefined ? -1 : this.rank(before);
    let rank: number;
    if (before !== undefined && textCollator.compare(before, text) === 0) rank = rankBefore;
    else {
      const rankAfter = after === undefined ? rankBefore + 2 : this.rank(after);
      rank = (rankBefore + rankAfter) / 2;
      if (rank <= rankBefore || rank >= rankAfter) return false;
    }
    this.sorted.splice(low, 0, text);
    this.ranks.set(text, rank);
    return true;
  }

  private renumber(unseen: ReadonlySet<string>): void {
    const { sorted, ranks } = collationRanks([...this.ranks.keys(), ...unseen]);
    this.sorted = sorted;
    this.ranks = ranks;
    this.generation += 1;
  }
}
