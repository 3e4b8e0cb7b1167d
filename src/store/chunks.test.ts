import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../domain/events';
import { CHUNK_SIZE, chunkRecordOf, eventsOf, storedEventOf, toRecord } from './chunks';
import { toCloudEvent } from './cloudEvents';
import { newEvent } from './testing';

/**
 * Events at positions `first`… with varied times, some with an actor, their text in UTF-8 of one
 * to four bytes a character (or, `ascii`, of one).
 */
const storedEvents = (first: number, count: number, ascii = false): StoredEvent[] =>
  Array.from({ length: count }, (_, i) => {
    const event = newEvent(
      `e-${first + i}`,
      {
        type: 'OrderCancelled',
        data: {
          order_id: `o-${i % 7}`,
          reason: ascii ? `reason ${i} "a"` : `reason ${i} "é"${i % 4 === 0 ? ' €5 😀' : ''}`,
        },
      },
      new Date(Date.UTC(2026, 0, 1) + ((i * 7919) % 10_007) * 1000).toISOString(),
    );
    if (i % 3 === 0) event.metadata.actor = `clerk ${i}`;
    return storedEventOf(
      { ...event, streamId: `order-o-${i % 7}`, streamVersion: i + 1 },
      first + i,
    );
  });

const textOf = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
const sorted = (times: string[]): string[] => [...times].sort();

describe('a whole chunk', () => {
  it.each([
    ['ASCII only', true],
    ['other characters too', false],
  ])(
    'is sealed as the UTF-8 JSON of its CloudEvents, and reads back as it was (%s)',
    (_, ascii) => {
      const events = storedEvents(CHUNK_SIZE + 1, CHUNK_SIZE, ascii);
      const record = toRecord(events);
      if (!('cloudEvents' in record)) throw new Error('the chunk was not sealed');
      expect(JSON.parse(textOf(record.cloudEvents))).toStrictEqual(events.map(toCloudEvent));
      expect(eventsOf(record)).toStrictEqual(events);
      // Each event's element is found where `starts` says.
      events.forEach((event) => {
        expect(eventsOf(record, event.position, event.position)).toStrictEqual([event]);
      });
      const times = sorted(events.map((event) => event.time));
      expect(record).toMatchObject({
        first: CHUNK_SIZE + 1,
        last: 2 * CHUNK_SIZE,
        minTime: times[0],
        maxTime: times.at(-1),
      });
    },
  );
});

describe('a range of a whole chunk', () => {
  it('reads back exactly the events of the range, whatever their characters', () => {
    const events = storedEvents(1, CHUNK_SIZE);
    const record = toRecord(events);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: CHUNK_SIZE }),
        fc.integer({ min: 0, max: CHUNK_SIZE - 1 }),
        (from, length) => {
          const to = Math.min(CHUNK_SIZE, from + length);
          expect(eventsOf(record, from, to)).toStrictEqual(events.slice(from - 1, to));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('a run of events that is not one whole chunk', () => {
  it('keeps its events as they are: short, or not starting a chunk', () => {
    for (const events of [storedEvents(1, CHUNK_SIZE - 1), storedEvents(2, CHUNK_SIZE)]) {
      const record = toRecord(events);
      expect(record).toMatchObject({ events });
      expect(eventsOf(record)).toBe(events);
    }
  });
});

describe('a chunk joined from the elements of a file', () => {
  it('keeps their white space, and numbers its events from its first position, not by sequence', () => {
    const events = storedEvents(1, 5);
    const elements = events.map((event) =>
      new TextEncoder().encode(
        `\n  ${JSON.stringify({ ...toCloudEvent(event), sequence: '0000000000000999' }, null, 2)} `,
      ),
    );
    const record = chunkRecordOf(
      { first: 41, last: 45, minTime: '', maxTime: '' },
      elements.length,
      (i) => elements[i] as Uint8Array,
    );
    expect(eventsOf(record)).toStrictEqual(
      events.map((event, i) => ({ ...event, position: 41 + i })),
    );
  });

  it('of no elements is an empty array', () => {
    const record = chunkRecordOf({ first: 1, last: 0, minTime: '', maxTime: '' }, 0, () => {
      throw new Error('no element to read');
    });
    expect(eventsOf(record)).toStrictEqual([]);
  });
});
