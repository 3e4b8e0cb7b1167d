import { dateTimeFormat, minorUnitsPerMajor } from '../../lib/format';

/** How long one bar of the revenue chart is. */
export type Granularity = 'day' | 'week' | 'month';

export interface RevenueBucket {
  /** The bucket's first UTC day, 'YYYY-MM-DD'. */
  readonly start: string;
  /** Currency → payments minus refunds in the bucket, in minor units. */
  readonly amounts: Readonly<Record<string, number>>;
}

export interface RevenueBuckets {
  readonly granularity: Granularity;
  /** Every bucket from the first day with revenue to the last, gaps included (as zero). */
  readonly buckets: readonly RevenueBucket[];
  /** The currencies seen, the one with the most revenue first. */
  readonly currencies: readonly string[];
  /** Currency → the sum over all buckets. */
  readonly totals: Readonly<Record<string, number>>;
}

/** Up to this many days the chart shows days; up to MAX_WEEKLY_DAYS, weeks; then months. */
export const MAX_DAILY_DAYS = 62;
export const MAX_WEEKLY_DAYS = 731;

const DAY_MS = 86_400_000;

const dayNumber = (day: string): number => Date.parse(`${day}T00:00:00Z`) / DAY_MS;
const dayOf = (number: number): string => new Date(number * DAY_MS).toISOString().slice(0, 10);

/** The first day of the bucket holding `day`; weeks start on Monday (ISO 8601). */
export function bucketStart(day: string, granularity: Granularity): string {
  if (granularity === 'day') return day;
  if (granularity === 'month') return `${day.slice(0, 7)}-01`;
  const number = dayNumber(day);
  const weekday = new Date(number * DAY_MS).getUTCDay();
  return dayOf(number - ((weekday + 6) % 7));
}

function nextBucket(start: string, granularity: Granularity): string {
  if (granularity === 'day') return dayOf(dayNumber(start) + 1);
  if (granularity === 'week') return dayOf(dayNumber(start) + 7);
  const date = new Date(`${start}T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() + 1);
  return date.toISOString().slice(0, 10);
}

/** Groups revenue per day (in day order) into days, weeks or months, by how long the range is. */
export function bucketRevenue(
  series: readonly { readonly day: string; readonly amounts: Readonly<Record<string, number>> }[],
): RevenueBuckets {
  const first = series[0]?.day;
  const last = series.at(-1)?.day;
  if (first === undefined || last === undefined)
    return { granularity: 'day', buckets: [], currencies: [], totals: {} };
  const span = dayNumber(last) - dayNumber(first) + 1;
  const granularity: Granularity =
    span <= MAX_DAILY_DAYS ? 'day' : span <= MAX_WEEKLY_DAYS ? 'week' : 'month';

  const sums = new Map<string, Record<string, number>>();
  const totals: Record<string, number> = {};
  for (const { day, amounts } of series) {
    const start = bucketStart(day, granularity);
    let sum = sums.get(start);
    if (!sum) {
      sum = {};
      sums.set(start, sum);
    }
    for (const [currency, amount] of Object.entries(amounts)) {
      sum[currency] = (sum[currency] ?? 0) + amount;
      totals[currency] = (totals[currency] ?? 0) + amount;
    }
  }

  const buckets: RevenueBucket[] = [];
  const end = bucketStart(last, granularity);
  for (let start = bucketStart(first, granularity); start <= end;) {
    buckets.push({ start, amounts: sums.get(start) ?? {} });
    start = nextBucket(start, granularity);
  }
  const currencies = Object.keys(totals).sort(
    (a, b) => Math.abs(totals[b] ?? 0) - Math.abs(totals[a] ?? 0) || a.localeCompare(b),
  );
  return { granularity, buckets, currencies, totals };
}

export interface Scale {
  readonly min: number;
  readonly max: number;
  /** Tick values from min to max, in minor units. */
  readonly ticks: readonly number[];
}

/**
 * A y axis for amounts of one currency: includes zero, with 3–6 ticks at round amounts of the
 * currency's major unit (1, 2, 2.5 or 5 times a power of ten).
 */
export function niceScale(values: readonly number[], currency: string, wanted = 4): Scale {
  const perMajor = minorUnitsPerMajor(currency);
  let low = 0;
  let high = 0;
  for (const value of values) {
    low = Math.min(low, value / perMajor);
    high = Math.max(high, value / perMajor);
  }
  if (high === low) high = low + 1;
  const raw = (high - low) / wanted;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const normalized = raw / magnitude;
  const step =
    (normalized <= 1
      ? 1
      : normalized <= 2
        ? 2
        : normalized <= 2.5
          ? 2.5
          : normalized <= 5
            ? 5
            : 10) * magnitude;
  const min = Math.floor(low / step) * step;
  const max = Math.ceil(high / step) * step;
  const ticks: number[] = [];
  for (let tick = min; tick <= max + step / 2; tick += step)
    ticks.push(Math.round(tick / step) * step * perMajor);
  return { min: min * perMajor, max: max * perMajor, ticks };
}

/** Days are UTC dates (see `revenueByDay`): their labels too. */
const dateFormat = (locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat =>
  dateTimeFormat(locale, { ...options, timeZone: 'UTC' });

const dateOf = (day: string): Date => new Date(`${day}T00:00:00Z`);

/** A bucket's short label for the x axis: "3 Mar" or "Mar 2026". */
export function shortBucketLabel(start: string, granularity: Granularity, locale: string): string {
  return granularity === 'month'
    ? dateFormat(locale, { month: 'short', year: 'numeric' }).format(dateOf(start))
    : dateFormat(locale, { month: 'short', day: 'numeric' }).format(dateOf(start));
}

/** A bucket's full name: "3 Mar 2026", "Week of 2 Mar 2026" or "March 2026". */
export function bucketLabel(start: string, granularity: Granularity, locale: string): string {
  if (granularity === 'month')
    return dateFormat(locale, { month: 'long', year: 'numeric' }).format(dateOf(start));
  const date = dateFormat(locale, { dateStyle: 'medium' }).format(dateOf(start));
  return granularity === 'week' ? `Week of ${date}` : date;
}
