const encoder = new TextEncoder();
// ignoreBOM: a first string may begin with U+FEFF, which the decoder would otherwise drop.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
/** A surrogate that is not half of a pair: UTF-8 cannot hold it. */
const loneSurrogate = /[\uD800-\uDFFF]/u;

/**
 * Strings packed for storage: their text end to end, and where each one ends (in UTF-16 units).
 * The text is UTF-8, or the UTF-16 code units themselves when a string holds a lone surrogate
 * (JSON can carry one; UTF-8 would replace it).
 */
export interface PackedStrings {
  readonly text: Uint8Array | Uint16Array;
  readonly ends: Int32Array;
}

/** Packs the first `count` strings. */
export function packStrings(values: readonly string[], count = values.length): PackedStrings {
  const ends = new Int32Array(count);
  let end = 0;
  for (let index = 0; index < count; index++) {
    end += (values[index] ?? '').length;
    ends[index] = end;
  }
  const joined = values.slice(0, count).join('');
  if (!loneSurrogate.test(joined)) return { text: encoder.encode(joined), ends };
  const units = new Uint16Array(joined.length);
  for (let index = 0; index < joined.length; index++) units[index] = joined.charCodeAt(index);
  return { text: units, ends };
}

/** UTF-16 code units as a string, a slice at a time (a call takes only so many arguments). */
function fromUnits(units: Uint16Array): string {
  let text = '';
  for (let start = 0; start < units.length; start += 8192)
    text += String.fromCharCode(...units.subarray(start, start + 8192));
  return text;
}

/** The strings `packStrings` packed; throws if the ends do not fit the text. */
export function unpackStrings({ text, ends }: PackedStrings): string[] {
  const joined = isKind(text, Uint16Array) ? fromUnits(text) : decoder.decode(text);
  const values = new Array<string>(ends.length);
  let start = 0;
  for (let index = 0; index < ends.length; index++) {
    const end = ends[index] as number;
    if (end < start || end > joined.length)
      throw new Error('Packed strings do not fit their text.');
    values[index] = joined.slice(start, end);
    start = end;
  }
  if (start !== joined.length) throw new Error('Packed strings do not fill their text.');
  return values;
}

/** A typed array as snapshots store them. */
export type Part = Int32Array | Float64Array | Uint8Array | Uint16Array;

/**
 * A part of a snapshot to write: its name, and how to make it. A snapshot is written a part at
 * a time, each made right before it is written, so that no one task packs them all.
 */
export interface PartSource {
  readonly name: string;
  readonly make: () => Part;
}

/** A typed array as a part to write (nothing to make). */
export const numberPart = (name: string, part: Part): PartSource[] => [{ name, make: () => part }];

/**
 * Strings as the two parts `${name}.text` and `${name}.ends`, packed once, when the first is
 * made. The strings must not change until then: the model's lists only grow, and are given as
 * copies of what they held.
 */
export function stringParts(name: string, values: readonly string[]): PartSource[] {
  let packed: PackedStrings | undefined;
  const pack = () => (packed ??= packStrings(values));
  return [
    { name: `${name}.text`, make: () => pack().text },
    { name: `${name}.ends`, make: () => pack().ends },
  ];
}

/**
 * Whether a value is a typed array of a kind, from whichever realm it comes (a worker's, or the
 * one IndexedDB cloned it in): `instanceof` tells only this realm's.
 */
function isKind<T extends Part>(
  value: unknown,
  kind: { readonly name: string; readonly prototype: T },
): value is T {
  return (
    ArrayBuffer.isView(value) &&
    (value as { [Symbol.toStringTag]?: string })[Symbol.toStringTag] === kind.name
  );
}

/** The packed strings stored as two named parts; throws if either is missing or of another kind. */
export function stringsFromParts(
  parts: Readonly<Record<string, unknown>>,
  name: string,
): PackedStrings {
  const text = parts[`${name}.text`];
  const ends = parts[`${name}.ends`];
  if (!(isKind(text, Uint8Array) || isKind(text, Uint16Array)) || !isKind(ends, Int32Array))
    throw new Error(`The snapshot's ${name} are missing.`);
  return { text, ends };
}

/** A named part of a kind; throws if it is missing or of another kind. */
export function partOf<T extends Part>(
  parts: Readonly<Record<string, unknown>>,
  name: string,
  kind: { readonly name: string; readonly prototype: T },
): T {
  const part = parts[name];
  if (!isKind(part, kind)) throw new Error(`The snapshot's ${name} is missing.`);
  return part;
}

/** Every part made at once, by name: what a snapshot stores (a writer makes them one at a time). */
export const madeParts = (sources: readonly PartSource[]): Record<string, Part> =>
  Object.fromEntries(sources.map(({ name, make }) => [name, make()]));
