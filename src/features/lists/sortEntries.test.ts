import fc from 'fast-check';
import { Map as IMap } from 'immutable';
import { describe, expect, it } from 'vitest';
import { sortEntries, type EntrySorting, type SortedEntries } from './sortEntries';

interface Entry {
  readonly id: number;
  readonly key: number;
}
interface Row {
  readonly entry: Entry;
}

const sorting: EntrySorting<Entry, Row> = {
  rowOf: (entry) => ({ entry }),
  entryOf: (row) => row.entry,
  keyOf: (entry) => String(entry.id),
  compare: (a, b) => a.entry.key - b.entry.key || a.entry.id - b.entry.id,
};

const fullSort = (map: IMap<number, Entry>): Entry[] =>
  [...map.values()].sort((a, b) => a.key - b.key || a.id - b.id);

type Change =
  | { kind: 'set'; id: number; key: number }
  | { kind: 'remove'; pick: number }
  | { kind: 'back'; to: number };

const change: fc.Arbitrary<Change> = fc.oneof(
  fc.record({
    kind: fc.constant('set' as const),
    id: fc.integer({ min: 0, max: 260 }),
    key: fc.integer({ min: 0, max: 40 }),
  }),
  fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('back' as const), to: fc.nat() }),
);

describe('sorting a map that changes a few entries at a time', () => {
  it('gives the rows of a full sort, reusing the previous sorting', () => {
    fc.assert(
      fc.property(fc.array(fc.array(change, { maxLength: 6 }), { maxLength: 25 }), (steps) => {
        // A large map, then small changes: the incremental path, not a full sort every time.
        let map = IMap<number, Entry>();
        for (let id = 0; id < 200; id++) map = map.set(id, { id, key: (id * 7) % 40 });
        const states = [map];
        let previous: SortedEntries<Entry, Row> | undefined;
        for (const changes of steps) {
          for (const c of changes) {
            if (c.kind === 'set') map = map.set(c.id, { id: c.id, key: c.key });
            else if (c.kind === 'remove')
              map = map.delete([...map.keys()][c.pick % map.size] ?? -1);
            // The timeline going back to an earlier state.
            else map = states[c.to % states.length] ?? map;
          }
          states.push(map);
          previous = sortEntries(map, sorting, previous);
          expect(previous.rows.map((row) => row.entry)).toEqual(fullSort(map));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('keeps the rows of entries it saw before when few changed', () => {
    let map = IMap<number, Entry>();
    for (let id = 0; id < 10; id++) map = map.set(id, { id, key: id });
    const first = sortEntries(map, sorting);
    const second = sortEntries(map.set(10, { id: 10, key: 20 }), sorting, first);
    expect(second.rows.slice(0, 10)).toEqual(first.rows);
    second.rows.slice(0, 10).forEach((row, index) => {
      expect(row).toBe(first.rows[index]);
    });
  });
});
