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
