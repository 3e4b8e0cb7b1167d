/**
 * Finds the elements of a JSON array in its UTF-8 bytes without parsing them, so that a large
 * file can be parsed a batch of elements at a time, and in two workers at once. Only strings
 * (inside which brackets and commas mean nothing) and nesting are followed: the walk has to be
 * right for JSON that is right, and JSON.parse of every batch refuses what is not.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

const isWhitespace = (byte: number | undefined): boolean =>
  byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;

/** Where a walk over elements stopped. */
export interface Walk {
  /** The offset of the comma after the last element passed, or of the array's `]`. */
  readonly end: number;
  /** Elements passed: commas passed, plus the last one where the array closed after it. */
  readonly elements: number;
  /** Whether the walk reached the array's closing bracket (`end` is its offset). */
  readonly closed: boolean;
  /** Whether the bytes ended before the array closed: not JSON. */
  readonly truncated: boolean;
  /**
   * How deep objects and arrays nest in the elements passed: 0 for plain values, 1 for an object
   * of plain values, 2 for an event with its data.
   */
  readonly deepest: number;
}

/**
 * Walks elements from `start` (where an element begins, inside the array) until `maxElements`
 * have been passed, or the first element boundary at or after `stopFrom`, or the array's end.
 * Given `commaOffsets`, it adds the offset of each comma passed between elements.
 */
export function walkElements(
  bytes: Uint8Array,
  start: number,
  maxElements: number,
  stopFrom = Number.POSITIVE_INFINITY,
  commaOffsets?: number[],
): Walk {
  let depth = 1;
  let deepest = 1;
  let commas = 0;
  const length = bytes.length;
  for (let i = start; i < length; i++) {
    const byte = bytes[i];
    if (byte === QUOTE) {
      // Most bytes are inside strings: a loop of their own passes them twice as fast.
      for (i++; i < length; i++) {
        const inner = bytes[i];
        if (inner === QUOTE) break;
        if (inner === BACKSLASH) i++;
      }
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      if (++depth > deepest) deepest = depth;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      if (--depth === 0) {
        const empty = commas === 0 && isBlank(bytes, start, i);
        return {
          end: i,
          elements: empty ? 0 : commas + 1,
          closed: true,
          truncated: false,
          deepest: deepest - 1,
        };
      }
    } else if (byte === COMMA && depth === 1) {
      commaOffsets?.push(i);
      if (++commas === maxElements || i >= stopFrom)
        return { end: i, elements: commas, closed: false, truncated: false, deepest: deepest - 1 };
    }
  }
  return { end: length, elements: commas, closed: false, truncated: true, deepest: deepest - 1 };
}

function isBlank(bytes: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isWhitespace(bytes[i])) return false;
  return true;
}

/**
 * Of the elements from `start` (where an element begins) up to the comma or bracket at `end`,
 * the indices of those nested deeper than `limit`.
 */
export function elementsDeeperThan(
  bytes: Uint8Array,
  start: number,
  end: number,
  limit: number,
): Set<number> {
  const deep = new Set<number>();
  for (let at = start, index = 0; at < end; at++, index++) {
    const walk = walkElements(bytes, at, 1);
    if (walk.deepest > limit) deep.add(index);
    at = walk.end;
  }
  return deep;
}

/** Past the byte-order mark and white space: where the array's first element begins, or -1. */
export function arrayStart(bytes: Uint8Array): number {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (isWhitespace(bytes[i])) i++;
  return bytes[i] === OPEN_BRACKET ? i + 1 : -1;
}

/** Whether only white space follows the array's closing bracket at `end`. */
export const endsAfter = (bytes: Uint8Array, end: number): boolean =>
  isBlank(bytes, end + 1, bytes.length);

/**
 * The offset of the first byte from `from` to `to` that does not begin or continue a well-formed
 * UTF-8 character (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF), or -1.
 * For a sequence cut short, the offset of its first byte.
 */
export function firstInvalidUtf8(bytes: Uint8Array, from: number, to: number): number {
  const continues = (at: number, low = 0x80, high = 0xbf): boolean => {
    const byte = bytes[at];
    return at < to && byte !== undefined && byte >= low && byte <= high;
  };
  for (let i = from; i < to;) {
    const lead = bytes[i] ?? 0;
    if (lead < 0x80) {
      i++;
      continue;
    }
    // The bytes after a lead byte, and the range of the first of them.
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) length = 1;
    else if (lead >= 0xe0 && lead <= 0xef) {
      length = 2;
      if (lead === 0xe0) low = 0xa0;
      if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 3;
      if (lead === 0xf0) low = 0x90;
      if (lead === 0xf4) high = 0x8f;
    } else return i;
    if (!continues(i + 1, low, high)) return i;
    for (let k = 2; k <= length; k++) if (!continues(i + k)) return i;
    i += length + 1;
  }
  return -1;
}
