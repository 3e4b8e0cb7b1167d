import { useEffect, useRef, useState } from 'react';
import { compactMoney, money, userLocale } from '../../lib/format';
import { bucketLabel, niceScale, shortBucketLabel, type RevenueBuckets } from './revenue';

const HEIGHT = 240;
const MARGIN = { top: 12, right: 12, bottom: 28, left: 64 };
/** Width assumed before the chart is measured (and where nothing measures, as in tests). */
const FALLBACK_WIDTH = 640;

/** The element's content width, following resizes. */
function useWidth(ref: React.RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof ResizeObserver !== 'function') return;
    const observer = new ResizeObserver((entries) => {
      const entry = entries[0];
      if (entry) setWidth(Math.floor(entry.contentRect.width));
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
    };
  }, [ref]);
  return width || FALLBACK_WIDTH;
}

const lowerFirst = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1);

/** What a screen reader hears instead of the bars. */
function describe(data: RevenueBuckets, currency: string, locale: string): string {
  const { buckets, granularity } = data;
  const first = buckets[0];
  const last = buckets.at(-1);
  if (!first || !last) return `No revenue in ${currency} yet.`;
  let best = first;
  for (const bucket of buckets)
    if ((bucket.amounts[currency] ?? 0) > (best.amounts[currency] ?? 0)) best = bucket;
  const amount = (bucket: typeof first) => money(bucket.amounts[currency] ?? 0, currency);
  return [
    `Revenue in ${currency} per ${granularity}, ${buckets.length} ${granularity}s`,
    `from ${lowerFirst(bucketLabel(first.start, granularity, locale))}`,
    `to ${lowerFirst(bucketLabel(last.start, granularity, locale))}.`,
    `Total ${money(data.totals[currency] ?? 0, currency)}.`,
    `Highest: ${lowerFirst(bucketLabel(best.start, granularity, locale))}, ${amount(best)}.`,
    `Latest: ${amount(last)}.`,
  ].join(' ');
}

/** Revenue over time in one currency, as bars; the figures are in the table after the charts. */
export function RevenueChart({ data, currency }: { data: RevenueBuckets; currency: string }) {
  const frameRef = useRef<HTMLDivElement>(null);
  const width = useWidth(frameRef);
  const locale = userLocale();
  const { buckets, granularity } = data;
  const values = buckets.map((bucket) => bucket.amounts[currency] ?? 0);
  const scale = niceScale(values, currency);

  const plotWidth = Math.max(width - MARGIN.left - MARGIN.right, 10);
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const y = (value: number) =>
    MARGIN.top + ((scale.max - value) / (scale.max - scale.min)) * plotHeight;
  const band = plotWidth / Math.max(buckets.length, 1);
  const barWidth = Math.max(1, band * (buckets.length > 60 ? 0.8 : 0.7));
  const labelEvery = Math.max(
    1,
    Math.ceil(buckets.length / Math.max(1, Math.floor(plotWidth / 72))),
  );
  const zero = y(0);

  return (
    <figure className="revenue-chart">
      <figcaption className="revenue-chart-caption">
        <span className="revenue-currency">{currency}</span>{' '}
        <span className="muted">per {granularity}</span>
      </figcaption>
      <div ref={frameRef} className="revenue-chart-frame">
        <svg
          role="img"
          aria-label={describe(data, currency, locale)}
          width={width}
          height={HEIGHT}
          viewBox={`0 0 ${width} ${HEIGHT}`}
        >
          <g className="chart-grid">
            {scale.ticks.map((tick) => (
              <g key={tick}>
                <line x1={MARGIN.left} x2={width - MARGIN.right} y1={y(tick)} y2={y(tick)} />
                <text x={MARGIN.left - 8} y={y(tick)} dy="0.32em" textAnchor="end">
                  {compactMoney(tick, currency, locale)}
                </text>
              </g>
            ))}
          </g>
          <g className="chart-bars">
            {buckets.map((bucket, index) => {
              const value = bucket.amounts[currency] ?? 0;
              const top = Math.min(y(value), zero);
              return (
                <rect
                  key={bucket.start}
                  className={value < 0 ? 'chart-bar-negative' : undefined}
                  x={MARGIN.left + index * band + (band - barWidth) / 2}
                  y={top}
                  width={barWidth}
                  height={Math.max(Math.abs(zero - y(value)), value === 0 ? 0 : 1)}
                >
                  <title>{`${bucketLabel(bucket.start, granularity, locale)}: ${money(value, currency)}`}</title>
                </rect>
              );
            })}
          </g>
          <line
            className="chart-zero"
            x1={MARGIN.left}
            x2={width - MARGIN.right}
            y1={zero}
            y2={zero}
          />
          <g className="chart-x-labels">
            {buckets.map((bucket, index) =>
              index % labelEvery === 0 ? (
                <text
                  key={bucket.start}
                  x={MARGIN.left + index * band + band / 2}
                  y={HEIGHT - 8}
                  textAnchor="middle"
                >
                  {shortBucketLabel(bucket.start, granularity, locale)}
                </text>
              ) : null,
            )}
          </g>
        </svg>
      </div>
    </figure>
  );
}

/** The chart's figures, for reading and for screen readers. */
export function RevenueTable({ data }: { data: RevenueBuckets }) {
  const locale = userLocale();
  const { buckets, granularity, currencies } = data;
  return (
    <details className="revenue-table">
      <summary>Show the figures as a table</summary>
      {/* Focusable: the table scrolls, and keyboard users must be able to scroll it. */}
      <div className="table-wrap" tabIndex={0} role="region" aria-label="Revenue figures">
        <table className="data-table">
          <caption className="visually-hidden">Revenue per {granularity}</caption>
          <thead>
            <tr>
              <th scope="col">
                {granularity === 'day' ? 'Day' : granularity === 'week' ? 'Week' : 'Month'}
              </th>
              {currencies.map((currency) => (
                <th key={currency} scope="col" className="num">
                  {currency}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {[...buckets].reverse().map((bucket) => (
              <tr key={bucket.start}>
                <th scope="row">{bucketLabel(bucket.start, granularity, locale)}</th>
                {currencies.map((currency) => (
                  <td key={currency} className="num">
                    {money(bucket.amounts[currency] ?? 0, currency)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
