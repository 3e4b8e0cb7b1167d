import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checksumOf, hashOf, otherHashOf } from './hash';

/** Bytes 0, 1, 2, … of a length: some whole words and a tail. */
const bytesOf = (length: number): Uint8Array =>
  Uint8Array.from({ length }, (_, i) => (i * 37) % 256);

describe('the checksum of bytes', () => {
  it('changes when any one bit is flipped, in the words or in the tail', () => {
    const bytes = bytesOf(23);
    const original = checksumOf(bytes);
    for (let byte = 0; byte < bytes.length; byte++)
      for (let bit = 0; bit < 8; bit++) {
        const flipped = bytes.slice();
        flipped[byte] = (flipped[byte] ?? 0) ^ (1 << bit);
        expect(checksumOf(flipped), `byte ${byte}, bit ${bit}`).not.toBe(original);
      }
  });

  it('changes when bytes are cut off the end, or added as zeros', () => {
    const bytes = bytesOf(40);
    const original = checksumOf(bytes);
    for (let length = 0; length < bytes.length; length++)
      expect(checksumOf(bytes.subarray(0, length)), `first ${length} bytes`).not.toBe(original);
    const longer = new Uint8Array(44);
    longer.set(bytes);
    expect(checksumOf(longer)).not.toBe(original);
  });

  it('changes when two words trade places', () => {
    const words = Int32Array.of(1, 2, 3, 4);
    expect(checksumOf(Int32Array.of(1, 3, 2, 4))).not.toBe(checksumOf(words));
  });

  it('is the same for the same bytes, whatever the array type', () => {
    const floats = Float64Array.of(1.5, -2, Number.NaN);
    const bytes = new Uint8Array(floats.buffer.slice(0));
    expect(checksumOf(bytes)).toBe(checksumOf(floats));
    expect(checksumOf(Float64Array.of(1.5, -2, Number.NaN))).toBe(checksumOf(floats));
    expect(checksumOf(floats)).toBeGreaterThanOrEqual(0);
  });

  it('reads only the bytes of its view, not the rest of the buffer', () => {
    const buffer = bytesOf(64).buffer;
    const view = new Int32Array(buffer, 8, 4);
    const copy = Int32Array.from(view);
    expect(checksumOf(view)).toBe(checksumOf(copy));
  });
});

describe('the two hashes of an id', () => {
  it('are 32-bit integers that tell different ids apart, together', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        for (const hash of [hashOf(a), otherHashOf(a)]) {
          expect(Number.isInteger(hash)).toBe(true);
          expect(hash | 0).toBe(hash);
        }
        if (a !== b) expect([hashOf(a), otherHashOf(a)]).not.toEqual([hashOf(b), otherHashOf(b)]);
      }),
    );
  });

  it('are the same for the same id', () => {
    const id = 'e-0001-😀';
    const built = ['e-0001', '😀'].join('-');
    expect(hashOf(built)).toBe(hashOf(id));
    expect(otherHashOf(built)).toBe(otherHashOf(id));
    expect(hashOf('e-0002-😀')).not.toBe(hashOf(id));
  });
});

describe('a checksum of a view not aligned to 4 bytes', () => {
  it('gives the same bytes the same checksum anywhere in a buffer', () => {
    const buffer = Uint8Array.from({ length: 17 }, (_, i) => i * 7);
    const unaligned = buffer.subarray(1);
    expect(checksumOf(unaligned)).toBe(checksumOf(unaligned.slice()));
  });
});
