import { useState } from 'react';
import { formatCount, formatTime, money } from '../../lib/format';

/** A lifetime value: one amount per currency used, or a dash before the first payment. */
export function LifetimeValue({ value }: { value: Readonly<Record<string, number>> }) {
  const currencies = Object.keys(value).sort();
  if (currencies.length === 0) return <span className="muted">—</span>;
  return (
    <>
      {currencies.map((currency) => (
        <span key={currency} className="money-line">
          {money(value[currency] ?? 0, currency)}
        </span>
      ))}
    </>
  );
}

/** An email address that may wrap on a narrow screen before its `@` and dots, not mid-word. */
export function Email({ address }: { address: string }) {
  // Text and <wbr> side by side, with no fragment around each part: a list row holds one, and
  // every moment on the timeline mounts rows. The parts never reorder: the index is a stable key.
  return address
    .split(/(?=[@.])/)
    .flatMap((part, i) => (i === 0 ? [part] : [<wbr key={i} />, part]));
}

/** A recorded time in the user's locale, or a dash. */
export function Time({ iso }: { iso: string | undefined }) {
  if (iso === undefined) return <span className="muted">—</span>;
  return <time dateTime={iso}>{formatTime(iso)}</time>;
}

/**
 * How many rows of a long list to render: a page at first, a page more per `showMore`, back to
 * one page whenever `resetKey` changes (a new search).
 */
export function usePaged(pageSize: number, resetKey: string) {
  const [shown, setShown] = useState({ resetKey, count: pageSize });
  const count = shown.resetKey === resetKey ? shown.count : pageSize;
  const showMore = () => {
    setShown({ resetKey, count: count + pageSize });
  };
  return { count, showMore };
}

/** "Showing 100 of 2,345 customers" and a `Show more` button, while rows are left out. */
export function ShowMore({
  shown,
  total,
  noun,
  onShowMore,
}: {
  shown: number;
  total: number;
  noun: string;
  onShowMore: () => void;
}) {
  if (shown >= total) return null;
  return (
    <div className="show-more">
      <p className="muted">
        Showing {formatCount(shown)} of {formatCount(total)} {noun}.
      </p>
      <button type="button" className="button" onClick={onShowMore}>
        Show more
      </button>
    </div>
  );
}
