import { describe, expect, it } from 'vitest';
import { compactMoney } from '../../lib/format';
import { bucketLabel, bucketRevenue, bucketStart, niceScale } from './revenue';

describe('bucketRevenue', () => {
  it('keeps days over a short range and fills the days without revenue', () => {
    const result = bucketRevenue([
      { day: '2026-03-01', amounts: { EUR: 1000 } },
      { day: '2026-03-04', amounts: { EUR: 500, USD: 2000 } },
    ]);
    expect(result.granularity).toBe('day');
    expect(result.buckets.map((bucket) => bucket.start)).toEqual([
      '2026-03-01',
      '2026-03-02',
      '2026-03-03',
      '2026-03-04',
    ]);
    expect(result.buckets[1]?.amounts).toEqual({});
    expect(result.totals).toEqual({ EUR: 1500, USD: 2000 });
    expect(result.currencies).toEqual(['USD', 'EUR']);
  });

  it('sums weeks (from Monday) over a range of months, and months over years', () => {
    const weeks = bucketRevenue([
      { day: '2026-01-01', amounts: { EUR: 100 } },
      { day: '2026-01-04', amounts: { EUR: 200 } },
      { day: '2026-01-05', amounts: { EUR: -50 } },
      { day: '2026-06-01', amounts: { EUR: 1 } },
    ]);
    expect(weeks.granularity).toBe('week');
    expect(weeks.buckets[0]).toEqual({ start: '2025-12-29', amounts: { EUR: 300 } });
    expect(weeks.buckets[1]).toEqual({ start: '2026-01-05', amounts: { EUR: -50 } });
    expect(weeks.buckets.at(-1)?.start).toBe('2026-06-01');
    expect(new Set(weeks.buckets.map((bucket) => new Date(bucket.start).getUTCDay()))).toEqual(
      new Set([1]),
    );

    const months = bucketRevenue([
      { day: '2024-01-31', amounts: { EUR: 1 } },
      { day: '2026-03-02', amounts: { EUR: 2 } },
    ]);
    expect(months.granularity).toBe('month');
    expect(months.buckets).toHaveLength(27);
    expect(months.buckets[1]?.start).toBe('2024-02-01');
  });

  it('is empty without revenue', () => {
    expect(bucketRevenue([])).toEqual({
      granularity: 'day',
      buckets: [],
      currencies: [],
      totals: {},
    });
  });
});

describe('axis helpers', () => {
  it('picks round ticks that include zero and the extremes', () => {
    expect(niceScale([0, 123_456], 'EUR')).toEqual({
      min: 0,
      max: 150_000,
      ticks: [0, 50_000, 100_000, 150_000],
    });
    const mixed = niceScale([-2_000, 9_000], 'EUR');
    expect(mixed.min).toBeLessThanOrEqual(-2_000);
    expect(mixed.max).toBeGreaterThanOrEqual(9_000);
    expect(mixed.ticks).toContain(0);
    expect(niceScale([], 'EUR').ticks).toEqual([0, 25, 50, 75, 100]);
    expect(niceScale([1_500], 'JPY').max).toBe(1_500);
  });

  it('formats axis money compactly and names buckets', () => {
    expect(compactMoney(1_250_000, 'EUR', 'en-GB')).toMatch(/^€12\.5[kK]$/);
    expect(bucketStart('2026-03-08', 'week')).toBe('2026-03-02');
    expect(bucketLabel('2026-03-02', 'week', 'en-GB')).toBe('Week of 2 Mar 2026');
    expect(bucketLabel('2026-03-01', 'month', 'en-GB')).toBe('March 2026');
  });
});
