import { afterEach, describe, expect, it } from 'vitest';
import type { EventStore } from '../../store/eventStore';
import { openTestStore } from '../../store/testing';
import type { PlacedEvent } from '../../store/types';
import { formatSequence } from '../../store/cloudEvents';
import { eventLogFileName, exportEventLog, type ExportProgress } from './export';
import { sampleHistory } from './testing';

const opened: EventStore[] = [];
afterEach(() => {
  for (const s of opened.splice(0)) s.close();
});
async function store() {
  const s = await openTestStore();
  opened.push(s);
  return s;
}

const delivered = (i: number): PlacedEvent => ({
  id: `d-${i}`,
  type: 'OrderDelivered',
  data: { order_id: `o-${i}` },
  time: '2026-02-01T00:00:00.000Z',
  metadata: { source: 'urn:uuid:x', correlationId: 'c', causationId: 'c' },
  streamId: `order-o-${i}`,
  streamVersion: 1,
});

describe('exportEventLog', () => {
  it('writes an empty log as an empty array', async () => {
    const { blob, events } = await exportEventLog(await store());
    expect(events).toBe(0);
    expect(await blob.text()).toBe('[]');
  });

  it('writes the log in global order across batches and commit records, with progress', async () => {
    const s = await store();
    await s.appendPlaced(sampleHistory());
    // Several appends: several commit records and sealed chunks, read in more than one batch.
    for (let start = 0; start < 2600; start += 650)
      await s.appendPlaced(Array.from({ length: 650 }, (_, i) => delivered(start + i)));
    const progress: ExportProgress[] = [];
    const { blob, events } = await exportEventLog(s, { onProgress: (p) => progress.push(p) });
    expect(events).toBe(2607);
    const parsed = JSON.parse(await blob.text()) as { sequence: string; id: string }[];
    expect(parsed.map((event) => event.sequence)).toEqual(
      Array.from({ length: 2607 }, (_, i) => formatSequence(i + 1)),
    );
    expect(progress[0]).toEqual({ written: 0, total: 2607 });
    expect(progress.at(-1)).toEqual({ written: 2607, total: 2607 });
    expect(progress.length).toBeGreaterThan(2);
  });

  it('stops at the timeline moment when asked', async () => {
    const s = await store();
    await s.appendPlaced(sampleHistory());
    const { blob, events } = await exportEventLog(s, { toPosition: 3 });
    expect(events).toBe(3);
    const parsed = JSON.parse(await blob.text()) as { id: string }[];
    expect(parsed.map((event) => event.id)).toEqual(['s-e1', 's-e2', 's-e3']);
  });
});

describe('eventLogFileName', () => {
  it('is event-log-<YYYY-MM-DD>-<HHmmss>.json in local time', () => {
    expect(eventLogFileName(new Date(2026, 0, 5, 7, 8, 9))).toBe(
      'event-log-2026-01-05-070809.json',
    );
    expect(eventLogFileName(new Date(2026, 11, 31, 23, 59, 58))).toBe(
      'event-log-2026-12-31-235958.json',
    );
  });
});
