import { hashOf } from './hash';

/** Slots for `count` entries: a power of two, at most half full. */
export const slotsFor = (count: number): number => {
  let slots = 1024;
  while (slots < count * 2 + 2) slots *= 2;
  return slots;
};

/**
 * Whether a stored open-addressing table can be one of `count` entries numbered 1 to `count`: of
 * a size to hold them, and holding each of them once.
 */
export function tableFits(table: Int32Array, count: number): boolean {
  if (table.length < slotsFor(count) || (table.length & (table.length - 1)) !== 0) return false;
  const seen = new Uint8Array(count + 1);
  let filled = 0;
  for (const entry of table) {
    if (entry === 0) continue;
    if (entry < 0 || entry > count || seen[entry] === 1) return false;
    seen[entry] = 1;
    filled++;
  }
  return filled === count;
}

/**
 * The numbers of a list's strings (each one's index in the list), found through an open-addressing
 * table of their hashes. The table is a typed array, so a snapshot stores it as it stands and a
 * restore builds nothing: filling a Map with a few hundred thousand ids took a fifth of a cold
 * start. The list only grows at its end and is only cut from it, newest first (`truncate`).
 */
export class StringNumbers {
  /** A string's number + 1, or 0 for a free slot. */
  private slots: Int32Array;
  private count = 0;

  /** Numbers `strings` as they stand, or takes `table` as a snapshot stored it (it is checked). */
  constructor(
    private readonly strings: readonly string[],
    table?: Int32Array,
  ) {
    if (table === undefined) {
      this.slots = new Int32Array(slotsFor(strings.length));
      this.numberNew();
      return;
    }
    this.slots = table;
    this.count = strings.length;
    if (!tableFits(table, strings.length))
      throw new Error('The snapshot’s ids do not fit together.');
  }

  get(key: string): number | undefined {
    const mask = this.slots.length - 1;
    for (let slot = hashOf(key) & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot] as number;
      if (entry === 0) return undefined;
      if (this.strings[entry - 1] === key) return entry - 1;
    }
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** Numbers the strings pushed onto the list since last asked. */
  numberNew(): void {
    if (this.strings.length * 2 + 2 > this.slots.length) {
      this.slots = new Int32Array(slotsFor(this.strings.length));
      this.count = 0;
    }
    for (; this.count < this.strings.length; this.count++)
      this.slots[this.freeSlot(this.strings[this.count] ?? '')] = this.count + 1;
  }

  /**
   * Forgets the numbers from `count` on, before the list is cut there. Entries go newest first,
   * and the table was filled in number order (also when it grew): an entry that probed past a
   * freed slot came after it and is gone already, so nothing needs to shift back into the hole.
   */
  truncate(count: number): void {
    const mask = this.slots.length - 1;
    for (; this.count > count; this.count--) {
      const entry = this.count;
      for (
        let slot = hashOf(this.strings[entry - 1] ?? '') & mask;
        this.slots[slot] !== 0;
        slot = (slot + 1) & mask
      )
        if (this.slots[slot] === entry) {
          this.slots[slot] = 0;
          break;
        }
    }
  }

  /** The table as it stands, for a snapshot (a copy: numbering goes on in place). */
  table(): Int32Array {
    return this.slots.slice();
  }

  private freeSlot(key: string): number {
    const mask = this.slots.length - 1;
    let slot = hashOf(key) & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    return slot;
  }
}
