import { useRef, useState, type SyntheticEvent } from 'react';
import { useModalDialog } from '../../app/useModalDialog';
import { Link } from 'react-router';
import { useDesk, usePresent } from '../../app/desk-context';
import { compareMoments, type MomentComparison } from '../../projections';
import { formatCountOf, money } from '../../lib/format';
import { withMoment } from './moment';

/** How many entries of each list are shown. */
const SHOWN = 50;

function More({ count }: { count: number }) {
  return count > SHOWN ? <p className="field-hint">…and {count - SHOWN} more.</p> : null;
}

/** A dialog that lists what changed between two chosen moments of the log. */
export function CompareMoments({ from, onClose }: { from: number; onClose: () => void }) {
  const desk = useDesk();
  const head = usePresent().position;
  const dialog = useRef<HTMLDialogElement>(null);
  const [range, setRange] = useState({ from: String(from), to: String(head) });
  const [result, setResult] = useState<{
    from: number;
    to: number;
    comparison: MomentComparison;
  } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const { onKeyDown } = useModalDialog(dialog);

  const compare = (submitted: SyntheticEvent<HTMLFormElement>) => {
    submitted.preventDefault();
    const start = Number(range.from);
    const end = Number(range.to);
    if (
      !Number.isInteger(start) ||
      !Number.isInteger(end) ||
      start < 0 ||
      end > head ||
      start > end
    ) {
      setError(`Choose two event numbers from 0 to ${head}, the first not after the second.`);
      return;
    }
    const before = desk.viewAt(start);
    const after = desk.viewAt(end);
    if (before === undefined || after === undefined) {
      setError('Those moments are not read yet: try again in a moment.');
      return;
    }
    setError(null);
    setResult({ from: start, to: end, comparison: compareMoments(before, after) });
  };

  const comparison = result?.comparison;
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
        <label>
          <span>From event</span>
          <input
            type="number"
            min={0}
            max={head}
            value={range.from}
            onChange={(change) => {
              setRange({ ...range, from: change.target.value });
            }}
          />
        </label>
        <label>
          <span>To event</span>
          <input
            type="number"
            min={0}
            max={head}
            value={range.to}
            onChange={(change) => {
              setRange({ ...range, to: change.target.value });
            }}
          />
        </label>
        <button type="submit" className="button button-primary">
          Compare
        </button>
      </form>
      {error && <p role="alert">{error}</p>}
      {result && comparison && (
        <div className="compare-result" aria-live="polite">
          <p>
            From event #{result.from} to #{result.to}:{' '}
            {formatCountOf(comparison.ordersCreated.length, 'order')} created,{' '}
            {formatCountOf(comparison.statusChanges.length, 'status change')},{' '}
            {formatCountOf(comparison.customerChanges.length, 'customer change')}.
          </p>
          <h3>Revenue difference</h3>
          {Object.keys(comparison.revenueDifference).length === 0 ? (
            <p>No change in revenue.</p>
          ) : (
            <ul>
              {Object.entries(comparison.revenueDifference).map(([currency, amount]) => (
                <li key={currency}>
                  {amount > 0 ? '+' : ''}
                  {money(amount, currency)}
                </li>
              ))}
            </ul>
          )}
          <h3>Orders created</h3>
          <ul>
            {comparison.ordersCreated.slice(0, SHOWN).map((order) => (
              <li key={order.orderId}>
                <Link to={withMoment(`/orders/${order.orderId}`, result.to)} onClick={onClose}>
                  {order.orderId}
                </Link>{' '}
                for {order.customerName}, {money(order.total, order.currency)} ({order.status})
              </li>
            ))}
          </ul>
          <More count={comparison.ordersCreated.length} />
          <h3>Status changes</h3>
          <ul>
            {comparison.statusChanges.slice(0, SHOWN).map((change) => (
              <li key={change.orderId}>
                <Link to={withMoment(`/orders/${change.orderId}`, result.to)} onClick={onClose}>
                  {change.orderId}
                </Link>
                : {change.from} → {change.to}
              </li>
            ))}
          </ul>
          <More count={comparison.statusChanges.length} />
          <h3>Customers</h3>
          <ul>
            {comparison.customerChanges.slice(0, SHOWN).map((change) => (
              <li key={change.customerId}>
                <Link
                  to={withMoment(`/customers/${change.customerId}`, result.to)}
                  onClick={onClose}
                >
                  {change.name}
                </Link>
                :{' '}
                {change.change === 'registered'
                  ? 'registered'
                  : `changed ${change.change.join(', ')}`}
              </li>
            ))}
          </ul>
          <More count={comparison.customerChanges.length} />
        </div>
      )}
    </dialog>
  );
}
