import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateDemoHistory, toStoredEvents } from '../demo/generator';
import type { StoredEvent } from '../domain/events';
import { deskProjection, type DeskState } from '../projections';
// Plain data of a state, so that two states compare by value whatever their sharing and shape.
import { toPlain } from '../projections/testing';
import {
  CHECKPOINT_INTERVAL,
  History,
  READ_CHUNK,
  type BuildReport,
  type HistorySource,
} from './history';

const foldFromScratch = (events: readonly StoredEvent[], position: number): DeskState =>
  events.slice(0, position).reduce(deskProjection.evolve, deskProjection.initialState);

function logOf(seed: number, size: number): StoredEvent[] {
  return toStoredEvents(
    generateDemoHistory({
      seed,
      events: size,
      end: new Date('2026-06-01T00:00:00.000Z'),
      source: 'urn:uuid:history-test',
    }),
  );
}

/** The log as an array, read the way the store reads it. */
const sourceOf = (events: StoredEvent[]): HistorySource => ({
  readRange: (from, to) => Promise.resolve(events.slice(from - 1, to)),
  readAll: async function* ({ fromPosition, toPosition }) {
    for (let start = fromPosition; start <= toPosition; start += 700) {
      await Promise.resolve();
      yield events.slice(start - 1, Math.min(toPosition, start + 699));
    }
  },
});

/** A history of `events`, caught up, that records each range it reads. */
function recordingReads(events: StoredEvent[]): { history: History; reads: [number, number][] } {
  const reads: [number, number][] = [];
  const source = sourceOf(events);
  const history = new History({
    ...source,
    readRange: (from, to) => {
      reads.push([from, to]);
      return source.readRange(from, to);
    },
  });
  history.apply(events);
  return { history, reads };
}

/** A history fed in batches of the given sizes, reading ranges from the array. */
function historyOf(events: StoredEvent[], batchSizes: number[] = [events.length]): History {
  const history = new History(sourceOf(events));
  let start = 0;
  for (let i = 0; start < events.length; i++) {
    const size = Math.max(1, batchSizes[i % batchSizes.length] ?? events.length);
    history.apply(events.slice(start, start + size));
    start += size;
  }
  return history;
}

describe('a history of several checkpoints', () => {
  const events = logOf(11, READ_CHUNK * 3 + 457);

  it('keeps a checkpoint every K events and the present at the head', () => {
    const history = historyOf(events, [333, 1200, 7]);
    expect(history.checkpointCount).toBe(Math.floor(events.length / CHECKPOINT_INTERVAL) + 1);
    expect(history.head).toBe(events.length);
    expect(toPlain(history.present)).toEqual(toPlain(foldFromScratch(events, events.length)));
  });

  it('gives, for any position, the state of folding the first k events from scratch', async () => {
    const history = historyOf(events, [500]);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: events.length }), async (position) => {
        const seeked = await history.stateAt(position);
        expect(seeked.position).toBe(position);
        expect(toPlain(seeked)).toEqual(toPlain(foldFromScratch(events, position)));
      }),
      { numRuns: 25 },
    );
  }, 30_000);

  it('agrees seeking forward, backward and by time', async () => {
    const history = historyOf(events);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: events.length }), { minLength: 2, maxLength: 6 }),
        async (positions) => {
          for (const position of positions) {
            const state = await history.stateAt(position);
            expect(toPlain(state)).toEqual(toPlain(await history.stateAt(position)));
            const event = events[position - 1];
            if (!event) continue;
            // The last event at or before this event's time is at or after it (same-time events).
            const byTime = await history.positionAt(event.time);
            expect(events[byTime - 1]?.time).toBe(event.time);
            expect((events[byTime]?.time ?? '\uffff') > event.time).toBe(true);
            expect((await history.eventAt(position))?.id).toBe(event.id);
          }
        },
      ),
      { numRuns: 10 },
    );
  }, 30_000);

  it('gives a moment at once when its chunk is in memory, and never a wrong one', async () => {
    const history = historyOf(events);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: events.length }), { minLength: 1, maxLength: 8 }),
        async (positions) => {
          for (const position of positions) {
            const now = history.stateAtNow(position);
            // Either not ready without reading the log, or exactly the state after `position`.
            if (now !== undefined)
              expect(toPlain(now)).toEqual(toPlain(foldFromScratch(events, position)));
            const event = history.eventAtNow(position);
            if (event !== undefined) expect(event.id).toBe(events[position - 1]?.id);
            await history.stateAt(position);
            // Once a seek has read its events, the moment and its event are there at once (the
            // moment of a checkpoint, or the present, is there without reading anything).
            expect(history.stateAtNow(position)?.position).toBe(position);
            if (position > 0 && position < events.length && position % CHECKPOINT_INTERVAL !== 0)
              expect(history.eventAtNow(position)?.id).toBe(events[position - 1]?.id);
          }
        },
      ),
      { numRuns: 15 },
    );
  }, 30_000);

  it('reads only the events a seek folds, and keeps the last of them at hand', async () => {
    const { history, reads } = recordingReads(events);
    const target = READ_CHUNK + CHECKPOINT_INTERVAL + 7;
    expect(toPlain(await history.stateAt(target))).toEqual(
      toPlain(foldFromScratch(events, target)),
    );
    expect(reads).toEqual([[target - 6, target]]);
    expect(history.eventAtNow(target)?.id).toBe(events[target - 1]?.id);
    expect(history.eventAtNow(target + 1)).toBeUndefined();
    await history.stateAt(READ_CHUNK + CHECKPOINT_INTERVAL);
    expect(reads).toHaveLength(1);
    // Asked for while a seek reads it, the event at its position waits for that read.
    const [state, event] = await Promise.all([
      history.stateAt(target + 100),
      history.eventAt(target + 100),
    ]);
    expect(state.position).toBe(target + 100);
    expect(event?.id).toBe(events[target + 99]?.id);
    expect(reads).toEqual([
      [target - 6, target],
      [target - 6, target + 100],
    ]);
  });

  it('reads only the event at a moment that needs no events of its own', async () => {
    const { history, reads } = recordingReads(events);
    const checkpoint = 2 * CHECKPOINT_INTERVAL;
    expect((await history.stateAt(checkpoint)).position).toBe(checkpoint);
    expect(await history.eventAt(checkpoint)).toEqual(events[checkpoint - 1]);
    expect(reads).toEqual([[checkpoint, checkpoint]]);
  });

  it('is not ready at once before anything was read', () => {
    const history = historyOf(events);
    expect(history.stateAtNow(CHECKPOINT_INTERVAL + 5)).toBeUndefined();
    expect(history.eventAtNow(CHECKPOINT_INTERVAL + 5)).toBeUndefined();
    expect(history.stateAtNow(READ_CHUNK + CHECKPOINT_INTERVAL + 5)).toBeUndefined();
    expect(history.stateAtNow(CHECKPOINT_INTERVAL)?.position).toBe(CHECKPOINT_INTERVAL);
    expect(history.stateAtNow(events.length)).toBe(history.present);
  });

  it('gives position 0 for a time before the first event', async () => {
    const history = historyOf(events);
    expect(await history.positionAt('2000-01-01T00:00:00.000Z')).toBe(0);
    expect(await history.eventAt(0)).toBeUndefined();
  });
});

describe('a long log folded in one pass at start-up', () => {
  const events = logOf(5, READ_CHUNK * 2 + 600);
  const loaded = READ_CHUNK * 2 + 500;

  it('has the present at once and builds checkpoints in the background while events arrive', async () => {
    const history = new History(sourceOf(events));
    await history.applyInSlices(events.slice(0, loaded));
    expect(toPlain(history.present)).toEqual(toPlain(foldFromScratch(events, loaded)));
    expect(history.checkpointedPosition).toBe(0);

    // A seek waits for the checkpoints it needs; a live append arrives meanwhile.
    const seek = history.stateAt(1234);
    history.apply(events.slice(loaded));
    expect(toPlain(await seek)).toEqual(toPlain(foldFromScratch(events, 1234)));

    await history.buildCheckpoints();
    expect(history.checkpointedPosition).toBe(events.length);
    expect(history.checkpointCount).toBe(Math.floor(events.length / CHECKPOINT_INTERVAL) + 1);
    expect(toPlain(await history.stateAt(loaded + 50))).toEqual(
      toPlain(foldFromScratch(events, loaded + 50)),
    );
    expect(toPlain(history.present)).toEqual(toPlain(foldFromScratch(events, events.length)));
  }, 30_000);
});

describe('a checkpoint build that fails', () => {
  const events = logOf(6, READ_CHUNK * 2);

  it('fails the seeks that wait for it, says why, and the next seek builds again', async () => {
    const working = sourceOf(events);
    let failing = true;
    const source: HistorySource = {
      readRange: working.readRange,
      readAll: (range) => {
        if (!failing) return working.readAll(range);
        return (async function* () {
          await Promise.resolve();
          yield* [];
          throw new Error('The disk is gone.');
        })();
      },
    };
    const reports: BuildReport[] = [];
    const history = new History(source, (report) => reports.push(report));
    await history.applyInSlices(events);

    await expect(history.stateAt(700)).rejects.toThrow('The disk is gone.');
    expect(reports).toEqual([{ failure: new Error('The disk is gone.') }]);
    failing = false;
    expect(toPlain(await history.stateAt(700))).toEqual(toPlain(foldFromScratch(events, 700)));
    // The build a seek started reports to the same place.
    await history.buildCheckpoints();
    expect(reports.at(-1)).toEqual({ built: events.length, head: events.length });
  });
});

describe('a seek whose read fails', () => {
  const events = logOf(8, READ_CHUNK * 2);

  it('fails, and the event at its position reads again afterwards', async () => {
    const working = sourceOf(events);
    let failures = 1;
    const history = new History({
      readAll: working.readAll,
      readRange: (from, to) =>
        failures-- > 0
          ? Promise.reject(new Error('The disk is gone.'))
          : working.readRange(from, to),
    });
    history.apply(events);

    await expect(history.stateAt(700)).rejects.toThrow('The disk is gone.');
    expect(await history.eventAt(700)).toEqual(events[699]);
  });
});

describe('random logs', () => {
  it('seek equals a fold from scratch for random logs, batchings and positions', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 1, max: READ_CHUNK * 2 + 50 }),
        fc.array(fc.integer({ min: 1, max: 1500 }), { minLength: 1, maxLength: 4 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        async (seed, size, batchSizes, where) => {
          const events = logOf(seed, size);
          const history = historyOf(events, batchSizes);
          const position = Math.round(where * size);
          expect(toPlain(await history.stateAt(position))).toEqual(
            toPlain(foldFromScratch(events, position)),
          );
        },
      ),
      { numRuns: 12 },
    );
  }, 60_000);
});
