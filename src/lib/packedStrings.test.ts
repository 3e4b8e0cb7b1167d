import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  madeParts,
  packStrings,
  partOf,
  stringParts,
  stringsFromParts,
  unpackStrings,
} from './packedStrings';

const roundTrip = (values: readonly string[]) => unpackStrings(packStrings(values));

describe('packed strings', () => {
  it('come back as they were: empty ones, none at all, any text', () => {
    expect(roundTrip([])).toEqual([]);
    expect(roundTrip([''])).toEqual(['']);
    expect(roundTrip(['', 'Ada', '', '', 'Zoë 😀', ''])).toEqual(['', 'Ada', '', '', 'Zoë 😀', '']);
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme' })), (values) => {
        expect(roundTrip(values)).toEqual(values);
      }),
    );
  });

  it('keep a lone surrogate, which UTF-8 cannot hold, as UTF-16 code units', () => {
    const values = ['a', '\uD800', '', 'b\uDFFFc', '😀'];
    const packed = packStrings(values);
    expect(packed.text).toBeInstanceOf(Uint16Array);
    expect(unpackStrings(packed)).toEqual(values);
    // Text without one is UTF-8.
    expect(Object.prototype.toString.call(packStrings(['a', '😀']).text)).toBe(
      '[object Uint8Array]',
    );
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' })), (values) => {
        expect(roundTrip(values)).toEqual(values);
      }),
    );
  });

  it('keep the halves of a pair split across two strings', () => {
    expect(roundTrip(['\uD83D', '\uDE00'])).toEqual(['\uD83D', '\uDE00']);
  });

  it('pack only the first `count` strings when asked', () => {
    expect(unpackStrings(packStrings(['a', 'b', 'c'], 2))).toEqual(['a', 'b']);
  });

  it('refuse ends that do not fit their text', () => {
    const { text } = packStrings(['ab', 'cd']);
    expect(() => unpackStrings({ text, ends: Int32Array.of(2, 5) })).toThrow('do not fit');
    expect(() => unpackStrings({ text, ends: Int32Array.of(3, 2) })).toThrow('do not fit');
    expect(() => unpackStrings({ text, ends: Int32Array.of(2, 3) })).toThrow('do not fill');
  });

  it('go to named parts and back; a missing or wrong-typed part throws', () => {
    const parts = madeParts(stringParts('names', ['x', 'yz']));
    expect(Object.keys(parts).sort()).toEqual(['names.ends', 'names.text']);
    expect(unpackStrings(stringsFromParts(parts, 'names'))).toEqual(['x', 'yz']);
    expect(() => stringsFromParts(parts, 'emails')).toThrow("The snapshot's emails are missing.");
    expect(() =>
      stringsFromParts({ ...parts, 'names.ends': Float64Array.of(1, 3) }, 'names'),
    ).toThrow("The snapshot's names are missing.");
    expect(() => stringsFromParts({ ...parts, 'names.text': 'xyz' }, 'names')).toThrow(
      "The snapshot's names are missing.",
    );
  });
});

describe('a named part', () => {
  it('is given back only when it is of the kind asked for', () => {
    const ints = Int32Array.of(1, 2);
    expect(partOf({ ints }, 'ints', Int32Array)).toBe(ints);
    expect(() => partOf({ ints }, 'floats', Float64Array)).toThrow(
      "The snapshot's floats is missing.",
    );
    expect(() => partOf({ ints }, 'ints', Float64Array)).toThrow("The snapshot's ints is missing.");
    expect(() => partOf({ ints: [1, 2] }, 'ints', Int32Array)).toThrow();
  });
});

describe('a first string that begins with U+FEFF (a byte order mark, in pasted text)', () => {
  it('comes back as it was', () => {
    expect(unpackStrings(packStrings(['\uFEFFAda Lovelace', 'Grace']))).toEqual([
      '\uFEFFAda Lovelace',
      'Grace',
    ]);
  });
});
