import { afterEach, describe, expect, it } from 'vitest';
import { createUpcasters } from '../domain/upcasters';
import { EventStore } from './eventStore';
import { newEvent, openTestStore } from './testing';
import type { PlacedEvent } from './types';

const opened: EventStore[] = [];
afterEach(() => {
  for (const s of opened.splice(0)) s.close();
});
async function store(
  name?: string,
  options: Partial<ConstructorParameters<typeof EventStore>[0]> = {},
) {
  const s = new EventStore({ name: name ?? `import-${Math.random()}`, ...options });
  await s.open();
  opened.push(s);
  return s;
}

const placed = (id: string, orderId: string, version: number, reason = 'x'): PlacedEvent => ({
  ...newEvent(id, { type: 'OrderCancelled', data: { order_id: orderId, reason } }),
  streamId: `order-${orderId}`,
  streamVersion: version,
});

describe('classify', () => {
  it('says which ids are stored with the same or other content, and writes nothing', async () => {
    const s = await store();
    await s.appendPlaced([placed('e1', 'o1', 1), placed('e2', 'o1', 2)]);
    const matches = await s.classify([
      placed('e1', 'o1', 1),
      { ...placed('e2', 'o1', 2), data: { order_id: 'o1', reason: 'other' } },
      placed('e3', 'o1', 3),
    ]);
    expect([...matches]).toEqual([
      ['e1', 'same'],
      ['e2', 'other'],
    ]);
    // Same content at another stream version is other content.
    expect([...(await s.classify([placed('e1', 'o1', 2)]))]).toEqual([['e1', 'other']]);
    expect(await s.headPosition()).toBe(2);
  });
});

/** A made-up version 0 of OrderCancelled that called the reason `why`. */
const upcasters = createUpcasters([
  {
    type: 'OrderCancelled',
    fromVersion: 0,
    upcast: ({ why, ...rest }) => ({ ...rest, reason: why }),
  },
]);

describe('upcasting on read', () => {
  it('brings events stored at an older data version up to the current one as they are read', async () => {
    const name = `upcast-${Math.random()}`;
    const writer = await openTestStore(name);
    opened.push(writer);
    // As an older version of the app would have stored it.
    await writer.appendPlaced([
      { ...placed('e1', 'o1', 1), data: { order_id: 'o1', why: 'late' }, dataVersion: 0 } as never,
    ]);
    writer.close();

    const reader = await store(name, { upcasters });
    const expected = { dataVersion: 1, data: { order_id: 'o1', reason: 'late' } };
    const all = [];
    for await (const batch of reader.readAll()) all.push(...batch);
    expect(all).toMatchObject([expected]);
    expect(await reader.readStream('order-o1')).toMatchObject([expected]);
    expect(await reader.readRange(1, 1)).toMatchObject([expected]);
    expect(
      await reader.readByTime('2026-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z'),
    ).toMatchObject([expected]);
    // Listeners (the views) see it upcast when the log is opened.
    const heard: unknown[] = [];
    const late = new EventStore({ name, upcasters });
    opened.push(late);
    late.subscribe((events) => heard.push(...events));
    await late.open();
    expect(heard).toMatchObject([expected]);
    // An import of the same event at the current version is a duplicate, not a conflict.
    expect(await reader.appendPlaced([placed('e1', 'o1', 1, 'late')])).toEqual({
      written: 0,
      skipped: 1,
      head: 1,
    });
  });
});
