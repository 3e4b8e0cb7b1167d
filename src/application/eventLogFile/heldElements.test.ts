import { describe, expect, it } from 'vitest';
import { orderPlacedV0 } from '../../domain/testing';
import type { Upcasters } from '../../domain/upcasters';
import { CHUNK_SIZE } from '../../store/chunks';
import { openEventLogDb } from '../../store/db';
import { EventStore } from '../../store/eventStore';
import { holdHere } from '../../store/held';
import { stageEvents } from '../../store/staging';
import { closingTestStores } from '../../store/testing';
import type { HeldEvents, PlacedEvent } from '../../store/types';
import { HeldElements } from './heldElements';
import { readPart } from './parse';
import { arrayStart } from './split';
import { cloudEventsOf, readEverything, sampleHistory, storedHistory } from './testing';

const store = closingTestStores();

/** `copies` sample histories of 7 events, each a minute after the one before. */
const histories = (copies: number, prefix: string): PlacedEvent[] =>
  Array.from({ length: copies }, (_, k) =>
    sampleHistory(`${prefix}${k}`).map((event) => ({
      ...event,
      time: new Date(Date.parse(event.time) + ((k * 37) % copies) * 60_000).toISOString(),
    })),
  ).flat();

/** A file's bytes, laid out with white space between and inside elements. */
const fileBytes = (cloudEvents: unknown[]): Uint8Array =>
  new TextEncoder().encode(
    `[\n${cloudEvents.map((cloudEvent) => JSON.stringify(cloudEvent, null, 1)).join(' ,\n')}\n]`,
  );

/** Checks a file as an import worker does, holding its accepted events. */
function hold(bytes: Uint8Array, upcasters?: Upcasters) {
  const held = new HeldElements(bytes, upcasters);
  const events: PlacedEvent[] = [];
  const steps = readPart(
    { bytes, offset: 0, start: arrayStart(bytes), end: null, firstIndex: 0 },
    upcasters,
  );
  for (;;) {
    const step = steps.next();
    if (step.done) {
      expect(step.value.problems).toEqual([]);
      return { held, events };
    }
    held.add(step.value);
    events.push(...step.value.events);
  }
}

/** A held batch whose one part stages from what `hold` held. */
const heldBatch = ({ held, events }: ReturnType<typeof hold>): HeldEvents => ({
  ...holdHere(events),
  eventsAt: (indices) => Promise.resolve(indices.map((index) => held.eventAt(index))),
  parts: [{ from: 0, to: events.length, stage: (request) => stageEvents(request, held) }],
});

describe('events held as the bytes of their file', () => {
  it('are written as sealed chunks of those bytes after the log, and read back as checked', async () => {
    const name = `held-elements-${Math.random()}`;
    const log = await store(name);
    const earlier = histories(40, 'a');
    await log.appendPlaced(earlier);
    const imported = histories(400, 'b');
    const holding = hold(fileBytes(cloudEventsOf(imported)));
    expect(holding.held.count).toBe(imported.length);
    expect(holding.held.eventAt(9)).toStrictEqual({ ...imported[9], dataVersion: 1 });

    const result = await log.appendHeld(heldBatch(holding));
    expect(result).toEqual({ written: 2800, skipped: 0, head: 3080 });
    const expected = storedHistory(earlier).concat(storedHistory(imported, earlier.length + 1));
    expect(await readEverything(log)).toStrictEqual(expected);

    // Every whole chunk is sealed as bytes: those beyond the log's head were staged from the
    // file's bytes, the first (with the log's 280 events) was sealed with the head.
    const db = openEventLogDb(name);
    const records = await db.commits.toArray();
    db.close();
    const staged = records.filter((record) => 'cloudEvents' in record);
    expect(staged.map(({ first, last }) => [first, last])).toEqual(
      Array.from({ length: Math.floor(result.head / CHUNK_SIZE) }, (_, k) => [
        k * CHUNK_SIZE + 1,
        (k + 1) * CHUNK_SIZE,
      ]),
    );
    for (const record of staged) {
      const times = expected
        .slice(record.first - 1, record.last)
        .map((event) => event.time)
        .sort();
      expect([record.minTime, record.maxTime]).toEqual([times[0], times.at(-1)]);
    }
    const [from, to] = ['2026-01-05T09:10:00.000Z', '2026-01-05T09:20:00.000Z'];
    expect(await log.readByTime(from, to)).toStrictEqual(
      expected.filter((event) => event.time >= from && event.time <= to),
    );
  });

  it('keep an older data version as the file has it, and the store upcasts it as it reads', async () => {
    const upcasters = orderPlacedV0;
    const events = histories(150, 'c');
    const cloudEvents = cloudEventsOf(events);
    // The first order is in a whole chunk, which is staged; the last is after it, written with
    // the head.
    const orders = [1, events.length - 6];
    for (const index of orders) {
      const order = cloudEvents[index];
      if (order?.type !== 'OrderPlaced') throw new Error('not an order');
      const { total, ...withoutTotal } = order.data as Record<string, unknown>;
      expect(total).toBeGreaterThan(0);
      cloudEvents[index] = { ...order, data: withoutTotal, dataversion: 0 };
    }

    const log = new EventStore({ name: `held-upcast-${Math.random()}`, upcasters });
    await log.open();
    try {
      await log.appendHeld(heldBatch(hold(fileBytes(cloudEvents), upcasters)));
      expect(await readEverything(log)).toStrictEqual(storedHistory(events));
    } finally {
      log.close();
    }
  });
});
