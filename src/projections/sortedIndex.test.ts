import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SortedIndex } from './sortedIndex';

/** Items with a key to order by and an id to tell apart those of equal key. */
interface Item {
  readonly key: number;
  readonly id: number;
}

interface Operation {
  readonly kind: 'add' | 'delete';
  readonly item: Item;
}

/** An operation as drawn: a delete with `held` set removes an item the index holds. */
interface Drawn extends Operation {
  readonly held: number | null;
}

const compare = (a: Item, b: Item) => a.key - b.key || a.id - b.id;

const operations = (maxLength: number) =>
  fc.array(
    fc.record({
      kind: fc.constantFrom<Operation['kind']>('add', 'add', 'add', 'delete'),
      // Few keys, so that many items share one.
      item: fc.record({
        key: fc.integer({ min: 0, max: 60 }),
        id: fc.integer({ min: 0, max: 3000 }),
      }),
      held: fc.option(fc.nat(), { freq: 4 }),
    }),
    // 'max': long enough to build trees three levels deep.
    { maxLength, size: 'max' },
  );

/** The operation a drawn one stands for, given the items held (sorted). */
function resolve(model: readonly Item[], { kind, item, held }: Drawn): Operation {
  const heldItem = held === null ? undefined : model[held % model.length];
  return kind === 'delete' && heldItem !== undefined ? { kind, item: heldItem } : { kind, item };
}

/** The reference: a plain array, sorted. */
function modelAfter(model: readonly Item[], { kind, item }: Operation): Item[] {
  const others = model.filter((held) => compare(held, item) !== 0);
  return kind === 'add' ? [...others, item].sort(compare) : others;
}

function apply(index: SortedIndex<Item>, { kind, item }: Operation): SortedIndex<Item> {
  return kind === 'add' ? index.add(item) : index.delete(item);
}

describe('an empty index', () => {
  it('holds nothing', () => {
    const index = SortedIndex.empty(compare);
    expect(index.size).toBe(0);
    expect(index.first(10)).toEqual([]);
    expect(index.delete({ key: 1, id: 1 })).toBe(index);
  });
});

describe('an index after adds and deletes', () => {
  it('holds what a sorted array would, in both directions', () => {
    fc.assert(
      fc.property(operations(3000), fc.integer({ min: 0, max: 40 }), (steps, count) => {
        let index = SortedIndex.empty(compare);
        let model: Item[] = [];
        for (const drawn of steps) {
          const step = resolve(model, drawn);
          index = apply(index, step);
          model = modelAfter(model, step);
        }
        expect(index.size).toBe(model.length);
        expect(index.first(model.length)).toEqual(model);
        expect(index.first(count)).toEqual(model.slice(0, count));
        expect(index.first(count, 'descending')).toEqual(model.reverse().slice(0, count));
      }),
      { numRuns: 40 },
    );
  });

  it('leaves every earlier index as it was', () => {
    fc.assert(
      fc.property(operations(1500), (steps) => {
        const versions = [SortedIndex.empty(compare)];
        const models: Item[][] = [[]];
        for (const drawn of steps) {
          const step = resolve(models.at(-1) as Item[], drawn);
          versions.push(apply(versions.at(-1) as SortedIndex<Item>, step));
          models.push(modelAfter(models.at(-1) as Item[], step));
        }
        versions.forEach((version, at) => {
          expect(version.first(Number.POSITIVE_INFINITY)).toEqual(models[at]);
        });
      }),
      { numRuns: 15 },
    );
  });

  it('gives itself back when nothing changes', () => {
    const index = SortedIndex.empty(compare).add({ key: 1, id: 1 });
    expect(index.add({ key: 1, id: 1 })).toBe(index);
    expect(index.delete({ key: 1, id: 2 })).toBe(index);
  });

  it('built whole from sorted items equals one added item by item, and changes alike', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 100_000 }), { maxLength: 3000, size: 'max' }),
        operations(200),
        (keys, steps) => {
          const items = keys.sort((a, b) => a - b).map((key) => ({ key, id: key }));
          let built = SortedIndex.fromSorted(items, compare);
          let added = SortedIndex.empty(compare);
          for (const item of items) added = added.add(item);
          expect(built.size).toBe(items.length);
          expect(built.first(items.length)).toEqual(added.first(items.length));
          let model = items;
          for (const drawn of steps) {
            const step = resolve(model, drawn);
            built = apply(built, step);
            added = apply(added, step);
            model = modelAfter(model, step);
          }
          expect(built.first(built.size)).toEqual(model);
          expect(built.size).toBe(added.size);
          expect(built.first(built.size)).toEqual(added.first(added.size));
          expect(built.first(9, 'descending')).toEqual(added.first(9, 'descending'));
        },
      ),
      { numRuns: 30 },
    );
  });

  it('empties and fills again after deleting every item of a deep tree', () => {
    const items = Array.from({ length: 5000 }, (_, id) => ({ key: id % 97, id }));
    let index = SortedIndex.empty(compare);
    for (const item of items) index = index.add(item);
    for (const item of items) index = index.delete(item);
    expect(index.size).toBe(0);
    expect(index.first(1)).toEqual([]);
    index = index.add({ key: 3, id: 3 });
    expect(index.first(5)).toEqual([{ key: 3, id: 3 }]);
  });
});
