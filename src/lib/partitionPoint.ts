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
