import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StringNumbers } from './stringNumbers';

describe('numbers of a list’s strings', () => {
  it('given any growing and cut list, numbers each string as a Map of the same list does', () => {
    const steps = fc.array(
      fc.oneof(
        fc.record({ add: fc.array(fc.string({ maxLength: 6 }), { maxLength: 700 }) }),
        fc.record({ cut: fc.nat() }),
      ),
      { maxLength: 12 },
    );
    fc.assert(
      fc.property(steps, (list) => {
        const strings: string[] = [];
        const numbers = new StringNumbers(strings);
        for (const step of list) {
          if ('add' in step) {
            for (const text of step.add)
              if (!numbers.has(text)) {
                strings.push(text);
                numbers.numberNew();
              }
          } else {
            const count = step.cut % (strings.length + 1);
            numbers.truncate(count);
            strings.length = count;
          }
        }
        const expected = new Map(strings.map((text, number) => [text, number]));
        const probes = [...list.flatMap((step) => ('add' in step ? step.add : [])), 'never'];
        const restored = new StringNumbers(strings.slice(), numbers.table());
        for (const probe of probes) {
          expect(numbers.get(probe)).toBe(expected.get(probe));
          expect(restored.get(probe)).toBe(expected.get(probe));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a stored table that does not hold each string once', () => {
    const strings = ['a', 'b', 'c'];
    const table = new StringNumbers(strings).table();
    const emptied = table.slice();
    emptied[emptied.findIndex((entry) => entry !== 0)] = 0;
    expect(() => new StringNumbers(strings, emptied)).toThrow('do not fit together');
    const twice = table.slice();
    twice[twice.findIndex((entry) => entry === 0)] = 1;
    expect(() => new StringNumbers(strings, twice)).toThrow('do not fit together');
    expect(() => new StringNumbers(strings, table.subarray(0, 100))).toThrow('do not fit together');
  });
});
