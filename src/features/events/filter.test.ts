import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../domain/events';
import { findMatches, rowOfIndex, type MatcherContext } from './filter';

const event = (position: number, type: StoredEvent['type'], streamId: string): StoredEvent =>
  ({
    position,
    id: `e-${position}`,
    type,
    streamId,
    streamVersion: 1,
    dataVersion: 1,
    time: '2026-03-01T12:00:00.000Z',
    data: {},
    metadata: { source: 'urn:test', correlationId: 'c', causationId: 'c' },
  }) as unknown as StoredEvent;

const events = [
  event(1, 'CustomerRegistered', 'customer-c1'),
  event(2, 'OrderPlaced', 'order-o1'),
  event(3, 'OrderPlaced', 'order-o10'),
  event(4, 'PaymentProcessed', 'order-o1'),
];
const context: MatcherContext = {
  streamExists: (streamId) => events.some((e) => e.streamId === streamId),
  searchText: (e) => `summary of ${e.type}\n${e.id}\n${e.streamId}`.toLowerCase(),
};
const never = () => false;

describe('findMatches', () => {
  it('matches type, exact stream, stream prefix and words, newest first', async () => {
    const run = async (type: StoredEvent['type'] | '', stream: string, search: string) => [
      ...((await findMatches(events, 4, { type, stream, search }, context, null, never))?.indexes ??
        []),
    ];
    expect(await run('OrderPlaced', '', '')).toEqual([2, 1]);
    expect(await run('', 'order-o1', '')).toEqual([3, 1]);
    expect(await run('', 'order-', '')).toEqual([3, 2, 1]);
    expect(await run('', '', 'PAYMENT e-4')).toEqual([3]);
    expect(await run('OrderPlaced', 'order-o1', '')).toEqual([1]);
  });

  it('looks only at new events when the criteria stay the same', async () => {
    const criteria = { type: 'OrderPlaced', stream: '', search: '' } as const;
    const first = await findMatches(events, 2, criteria, context, null, never);
    expect([...(first?.indexes ?? [])]).toEqual([1]);
    const seen: number[] = [];
    const counting: MatcherContext = {
      ...context,
      searchText: (e, index) => {
        seen.push(index);
        return context.searchText(e, index);
      },
    };
    const next = await findMatches(events, 4, { ...criteria, search: '' }, counting, first, never);
    expect([...(next?.indexes ?? [])]).toEqual([2, 1]);
    expect(next?.scanned).toBe(4);
  });

  it('finds a row by array index in newest-first matches', () => {
    const indexes = Uint32Array.from([9, 7, 4, 0]);
    expect(rowOfIndex(indexes, 7)).toBe(1);
    expect(rowOfIndex(indexes, 0)).toBe(3);
    expect(rowOfIndex(indexes, 5)).toBe(-1);
  });
});
