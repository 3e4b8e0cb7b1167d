import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FirstIndexOfId } from './firstIndexOfId';

describe('FirstIndexOfId', () => {
  it('FirstIndexOfId answers as a Map of first uses would, however many ids it holds', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 3 }), { maxLength: 3000 }), (ids) => {
        const table = new FirstIndexOfId();
        const map = new Map<string, number>();
        ids.forEach((id, index) => {
          expect(table.get(id)).toBe(map.get(id));
          expect(table.firstUse(id, index)).toBe(map.get(id));
          if (!map.has(id)) map.set(id, index);
          expect(table.get(id)).toBe(map.get(id));
        });
      }),
      { numRuns: 50 },
    );
  });
});
