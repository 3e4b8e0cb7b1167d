/**
 * A tiny seeded PRNG (mulberry32): 32 bits of state, fast, and good enough for demo data. The demo
 * must be reproducible from its seed, so nothing here reads Math.random or the clock.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Convenience draws over a uniform source in [0, 1). */
export class Random {
  constructor(readonly next: () => number) {}

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new RangeError('pick from an empty list');
    return item;
  }

  /** A duration in ms between min and max, skewed towards min (most things happen soon). */
  delay(minMs: number, maxMs: number): number {
    const u = this.next();
    return Math.floor(minMs + (maxMs - minMs) * u * u);
  }

  digits(count: number): string {
    let text = '';
    for (let i = 0; i < count; i++) text += String(Math.floor(this.next() * 10));
    return text;
  }
}
