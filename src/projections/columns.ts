/**
 * Columns of the desk's model: numbers in typed arrays that grow by doubling, and strings in plain
 * arrays. Typed arrays hold a million values in a few megabytes, outside the garbage collector's
 * object graph, and go to and from IndexedDB as one object each.
 */

type NumberArray = Int32Array | Float64Array | Uint8Array;

interface NumberArrayConstructor<A extends NumberArray> {
  new (length: number): A;
}

/** A growable column of numbers: values are appended, and may be set in place. */
export class NumberColumn<A extends NumberArray> {
  private values: A;
  length = 0;

  constructor(
    private readonly make: NumberArrayConstructor<A>,
    initial: A | number = 1024,
  ) {
    if (typeof initial === 'number') this.values = new make(initial);
    else {
      this.values = initial;
      this.length = initial.length;
    }
  }

  get(index: number): number {
    return this.values[index] as number;
  }

  /**
   * The array the values are in, for loops that read many (indexes below `length` only). It is
   * replaced when the column grows: read it again after appending.
   */
  get array(): A {
    return this.values;
  }

  set(index: number, value: number): void {
    this.values[index] = value;
  }

  /** Drops the values from `length` on (a rewritten tail). */
  truncate(length: number): void {
    this.length = Math.min(this.length, length);
  }

  push(value: number): number {
    if (this.length === this.values.length) {
      const grown = new this.make(Math.max(1024, this.values.length * 2));
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length] = value;
    return this.length++;
  }

  /**
   * The first `length` values, not copied: appending never changes them, so the view stays true
   * (a grown column copies them into a new array and leaves the old one as it was).
   */
  prefix(length = this.length): A {
    return this.values.subarray(0, length) as A;
  }

  /** A copy of the first `length` values, for values that are set in place later. */
  copy(length = this.length): A {
    return this.values.slice(0, length) as A;
  }
}

export const ints = (initial?: Int32Array | number): NumberColumn<Int32Array> =>
  new NumberColumn(Int32Array, initial);
export const floats = (initial?: Float64Array | number): NumberColumn<Float64Array> =>
  new NumberColumn(Float64Array, initial);
export const bytes = (initial?: Uint8Array | number): NumberColumn<Uint8Array> =>
  new NumberColumn(Uint8Array, initial);

/** Strings given numbers in the order first seen: each distinct string is kept once. */
export class Interned {
  readonly values: string[];
  private readonly numbers = new Map<string, number>();

  constructor(values: string[] = []) {
    this.values = values;
    values.forEach((value, index) => this.numbers.set(value, index));
  }

  /** The string's number, given one if it has none yet. */
  intern(value: string): number {
    let number = this.numbers.get(value);
    if (number === undefined) {
      number = this.values.length;
      this.values.push(value);
      this.numbers.set(value, number);
    }
    return number;
  }

  numberOf(value: string): number | undefined {
    return this.numbers.get(value);
  }
}
