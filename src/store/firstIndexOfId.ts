import { hashOf } from '../lib/hash';

/**
 * Where each of many ids was first used (an import's, by the hundred thousand). A Map of half a
 * million ids cost an import worker most of a second in the collector; this hash table of typed
 * arrays, with the ids in a plain array, costs it a fraction of that.
 */
export class FirstIndexOfId {
  /** The ids in the order first seen, and the index of each. */
  private readonly ids: string[] = [];
  private readonly indices: number[] = [];
  /** Open addressing: 1 + a place in `ids`, or 0 for a free slot; and each id's hash. */
  private slots = new Int32Array(1024);
  private hashes: Int32Array = new Int32Array(0);

  /** The index where `id` was used first, if it was. */
  get(id: string): number | undefined {
    const slot = this.slotOf(id, hashOf(id));
    const taken = this.slots[slot] ?? 0;
    return taken === 0 ? undefined : this.indices[taken - 1];
  }

  /** The index where `id` was used first, or undefined after noting `index` as its first use. */
  firstUse(id: string, index: number): number | undefined {
    const hash = hashOf(id);
    const slot = this.slotOf(id, hash);
    const taken = this.slots[slot] ?? 0;
    if (taken !== 0) return this.indices[taken - 1];
    this.ids.push(id);
    this.indices.push(index);
    if (this.hashes.length < this.ids.length) {
      const grown = new Int32Array(Math.max(1024, this.hashes.length * 2));
      grown.set(this.hashes);
      this.hashes = grown;
    }
    this.hashes[this.ids.length - 1] = hash;
    this.slots[slot] = this.ids.length;
    if (this.ids.length * 2 > this.slots.length) this.grow();
    return undefined;
  }

  /** The slot that holds `id`, or the free one where it would go. */
  private slotOf(id: string, hash: number): number {
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    for (let taken = this.slots[slot] ?? 0; taken !== 0; taken = this.slots[slot] ?? 0) {
      if (this.hashes[taken - 1] === hash && this.ids[taken - 1] === id) return slot;
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  private grow(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    const mask = this.slots.length - 1;
    for (let place = 0; place < this.ids.length; place++) {
      let slot = (this.hashes[place] ?? 0) & mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
      this.slots[slot] = place + 1;
    }
  }
}
