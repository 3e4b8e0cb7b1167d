import { describe, expect, it } from 'vitest';
import type { Desk } from '../application/desk';
import { createTestDesk } from '../test/renderApp';
import { DeskNotEmptyError, loadDemo } from './loadDemo';

const eventsOf = async (desk: Desk) => {
  const events = [];
  for await (const batch of desk.readEvents({})) events.push(...batch);
  return events;
};

describe('loading the demo', () => {
  it('writes the events in batches, saying how far it came, ending at the desk’s now', async () => {
    const desk = await createTestDesk('2026-03-01T12:00:00.000Z');
    const progress: [number, number][] = [];
    await loadDemo(desk, 12_000, (written, total) => progress.push([written, total]));
    expect(progress).toEqual([
      [5000, 12_000],
      [10_000, 12_000],
      [12_000, 12_000],
    ]);
    const events = await eventsOf(desk);
    expect(events).toHaveLength(12_000);
    const last = Date.parse(events.at(-1)?.time ?? '');
    const now = Date.parse('2026-03-01T12:00:00.000Z');
    expect(last).toBeLessThan(now);
    expect(last).toBeGreaterThan(now - 86_400_000);
    desk.store.close();
  }, 30_000);

  it('gives two browsers the same story under ids of their own', async () => {
    const [first, second] = [await createTestDesk(), await createTestDesk()];
    await loadDemo(first, 500);
    await loadDemo(second, 500);
    const [a, b] = [await eventsOf(first), await eventsOf(second)];
    expect(b.map((event) => event.type)).toEqual(a.map((event) => event.type));
    const idsOfA = new Set(a.flatMap((event) => [event.id, event.streamId]));
    expect(b.some((event) => idsOfA.has(event.id) || idsOfA.has(event.streamId))).toBe(false);
    first.store.close();
    second.store.close();
  });

  it('goes into an empty desk only: a desk holding events is left as it was', async () => {
    const desk = await createTestDesk();
    await loadDemo(desk, 100);
    await expect(loadDemo(desk, 100)).rejects.toBeInstanceOf(DeskNotEmptyError);
    expect(await eventsOf(desk)).toHaveLength(100);
    desk.store.close();
  });
});
