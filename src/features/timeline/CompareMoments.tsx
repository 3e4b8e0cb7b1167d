import { useRef, useState, type ReactNode, type SyntheticEvent } from 'react';
import { useModalDialog } from '../../ui/useModalDialog';
import { Link } from 'react-router';
import { useDesk, usePresent } from '../../ui/desk-context';
import type { OrderStatus } from '../../domain/order';
import {
  compareMoments,
  type CustomerChange,
  type MomentComparison,
  type StatusChange,
} from '../../projections';
import { formatCount, formatCountOf, formatTime, money } from '../../lib/format';
import { endOfSecond, localInputOf, localInputToIso } from './localTime';
import { withMoment } from './moment';

/** How many entries of a group are listed. */
const SHOWN = 50;

/** Two moments compared: the times typed, the events they name, and what changed. */
interface Compared {
  readonly from: { readonly time: string; readonly position: number };
  readonly to: { readonly time: string; readonly position: number };
  readonly comparison: MomentComparison;
}

/** Amounts per currency, as one text: "€120.00 + $30.00"; "+" before a gain when `signed`. */
function amounts(byCurrency: Readonly<Record<string, number>>, signed = false): string {
  return Object.entries(byCurrency)
    .map(([currency, amount]) => `${signed && amount > 0 ? '+' : ''}${money(amount, currency)}`)
    .join(', ');
}

/**
 * One group of changes, folded: its name and count in the summary, its entries (the first
 * `SHOWN`) when opened. Folded, a comparison of hundreds of changes reads as a few lines.
 */
function Group<T>({
  title,
  entries,
  extra,
  children,
}: {
  title: string;
  entries: readonly T[];
  /** Said after the count in the summary, e.g. the orders' total. */
  extra?: string;
  children: (entry: T) => ReactNode;
}) {
  if (entries.length === 0) return null;
  return (
    <details className="compare-group">
      <summary>
        {title} · {formatCount(entries.length)}
        {extra === undefined ? '' : ` · ${extra}`}
      </summary>
      <ul>{entries.slice(0, SHOWN).map(children)}</ul>
      {entries.length > SHOWN && (
        <p className="field-hint">…and {formatCount(entries.length - SHOWN)} more.</p>
      )}
    </details>
  );
}

/** Status changes grouped by the new status (they come sorted that way). */
function byNewStatus(changes: readonly StatusChange[]): [OrderStatus, StatusChange[]][] {
  const groups = new Map<OrderStatus, StatusChange[]>();
  for (const change of changes) {
    const group = groups.get(change.to);
    if (group) group.push(change);
    else groups.set(change.to, [change]);
  }
  return [...groups];
}

/** What changed between two moments chosen by time: counts, revenue, then folded groups. */
function ComparisonResult({
  compared,
  linkAt,
  onClose,
}: {
  compared: Compared;
  /** The moment links lead to: null for the present. */
  linkAt: number | null;
  onClose: () => void;
}) {
  const { from, to, comparison } = compared;
  const { ordersCreated, statusChanges, customerChanges, revenueDifference } = comparison;
  const orderLink = (orderId: string) => (
    <Link to={withMoment(`/orders/${encodeURIComponent(orderId)}`, linkAt)} onClick={onClose}>
      {orderId}
    </Link>
  );
  const customerLink = (change: CustomerChange) => (
    <Link
      to={withMoment(`/customers/${encodeURIComponent(change.customerId)}`, linkAt)}
      onClick={onClose}
    >
      {change.name}
    </Link>
  );
  const createdTotals: Record<string, number> = {};
  for (const order of ordersCreated)
    createdTotals[order.currency] = (createdTotals[order.currency] ?? 0) + order.total;
  const registered = customerChanges.filter((change) => change.change === 'registered');
  const changed = customerChanges.filter((change) => change.change !== 'registered');
  const nothing =
    ordersCreated.length + statusChanges.length + customerChanges.length === 0 &&
    Object.keys(revenueDifference).length === 0;

  return (
    <div className="compare-result" aria-live="polite">
      <p>
        From {formatTime(from.time)} (after event #{formatCount(from.position)}) to{' '}
        {formatTime(to.time)} (after event #{formatCount(to.position)}):{' '}
        {formatCountOf(to.position - from.position, 'event')}.
      </p>
      <p>
        {formatCountOf(ordersCreated.length, 'order')} created,{' '}
        {formatCountOf(statusChanges.length, 'status change')},{' '}
        {formatCountOf(customerChanges.length, 'customer change')}.{' '}
        {Object.keys(revenueDifference).length === 0
          ? 'No change in revenue.'
          : `Revenue ${amounts(revenueDifference, true)}.`}
      </p>
      {!nothing && (
        <>
          <h3>Orders</h3>
          <Group title="Created" entries={ordersCreated} extra={amounts(createdTotals)}>
            {(order) => (
              <li key={order.orderId}>
                {orderLink(order.orderId)} for {order.customerName},{' '}
                {money(order.total, order.currency)} ({order.status})
              </li>
            )}
          </Group>
          {byNewStatus(statusChanges).map(([status, changes]) => (
            <Group key={status} title={`Now ${status}`} entries={changes}>
              {(change) => (
                <li key={change.orderId}>
                  {orderLink(change.orderId)}: {change.from} → {change.to}
                </li>
              )}
            </Group>
          ))}
          {ordersCreated.length + statusChanges.length === 0 && <p>No orders changed.</p>}
          <h3>Customers</h3>
          <Group title="Registered" entries={registered}>
            {(change) => <li key={change.customerId}>{customerLink(change)}</li>}
          </Group>
          <Group title="Details changed" entries={changed}>
            {(change) => (
              <li key={change.customerId}>
                {customerLink(change)}:{' '}
                {change.change === 'registered' ? '' : change.change.join(', ')}
              </li>
            )}
          </Group>
          {customerChanges.length === 0 && <p>No customers changed.</p>}
        </>
      )}
    </div>
  );
}

/**
 * A dialog that compares two moments chosen by time: from the moment on screen to the newest
 * event, at first. A time covers its whole second (see localTime.ts).
 */
export function CompareMoments({ from, onClose }: { from: number; onClose: () => void }) {
  const desk = useDesk();
  const present = usePresent();
  const head = present.position;
  const dialog = useRef<HTMLDialogElement>(null);
  const [range, setRange] = useState(() => {
    const timeOf = (position: number) => present.eventAt(position)?.time;
    // Before the first event: the second before it.
    const first = timeOf(1);
    const start =
      timeOf(from) ??
      (first === undefined ? undefined : new Date(Date.parse(first) - 1000).toISOString());
    const end = timeOf(head);
    return {
      from: start === undefined ? '' : localInputOf(start),
      to: end === undefined ? '' : localInputOf(end),
    };
  });
  const [compared, setCompared] = useState<Compared | null>(null);
  const [error, setError] = useState<string | null>(null);

  const { onKeyDown } = useModalDialog(dialog);

  const compare = (submitted: SyntheticEvent<HTMLFormElement>) => {
    submitted.preventDefault();
    const start = localInputToIso(range.from);
    const end = localInputToIso(range.to);
    if (start === null || end === null || start > end) {
      setError('Enter two dates and times, the first not after the second.');
      return;
    }
    const moment = (time: string) => ({ time, position: desk.positionAt(endOfSecond(time)) });
    const [before, after] = [moment(start), moment(end)];
    const beforeView = desk.viewAt(before.position);
    const afterView = desk.viewAt(after.position);
    if (beforeView === undefined || afterView === undefined) {
      setError('Those moments are not read yet: try again in a moment.');
      return;
    }
    setError(null);
    setCompared({
      from: before,
      to: after,
      comparison: compareMoments(beforeView, afterView),
    });
  };

  const field = (key: 'from' | 'to', label: string) => (
    <label>
      <span>{label}</span>
      <input
        type="datetime-local"
        step={1}
        value={range[key]}
        onChange={(change) => {
          setRange({ ...range, [key]: change.target.value });
        }}
      />
    </label>
  );

  return (
    <dialog
      ref={dialog}
      className="dialog dialog-wide"
      aria-labelledby="compare-title"
      onClose={onClose}
      onKeyDown={onKeyDown}
    >
      <div className="page-header">
        <h2 id="compare-title">Compare moments</h2>
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
      <form className="timeline-jump" onSubmit={compare}>
        {field('from', 'From')}
        {field('to', 'To')}
        <button type="submit" className="button button-primary">
          Compare
        </button>
      </form>
      {error && <p role="alert">{error}</p>}
      {compared && (
        <ComparisonResult
          compared={compared}
          linkAt={compared.to.position >= head ? null : compared.to.position}
          onClose={onClose}
        />
      )}
    </dialog>
  );
}
