import { useState } from 'react';
import { Link } from 'react-router';
import { useDesk, usePresent } from '../../ui/desk-context';
import { describeFailure } from '../../application/failures';
import type { AttentionItem } from '../../application/sync/syncEngine';
import { formatTime } from '../../lib/format';
import { entityOfStream } from '../../ui/entityOfStream';
import { describeCommand, streamOfCommand } from './describeCommand';

/** Changes made on this device that the desk did not take, and why: a person decides what next. */
export function AttentionSection({ items }: { items: readonly AttentionItem[] }) {
  const desk = useDesk();
  const { summaryContext } = usePresent();
  const [error, setError] = useState<string | null>(null);

  const dismiss = (item: AttentionItem) => {
    desk.sync.dismiss(item.id).then(
      () => {
        setError(null);
      },
      (failure: unknown) => {
        setError(describeFailure(failure));
      },
    );
  };

  return (
    <section className="panel sync-panel" aria-labelledby="attention-heading">
      <h2 id="attention-heading">Needs attention</h2>
      {error !== null && <p role="alert">{error}</p>}
      {items.length === 0 ? (
        <p className="muted">
          Nothing needs attention. A change made here that the desk cannot take as it was made (a
          payment for an order cancelled on another device meanwhile) is listed here, with why.
        </p>
      ) : (
        <>
          <p className="muted">
            These changes were made on this device but are not on the desk: the desk had changed
            meanwhile. Do again what still needs doing, then dismiss them.
          </p>
          <ul className="sync-attention" aria-labelledby="attention-heading">
            {items.map((item) => {
              const stream = streamOfCommand(item.command);
              const entity =
                stream !== null && desk.streamExists(stream) ? entityOfStream(stream) : null;
              return (
                <li key={item.id}>
                  <p className="sync-attention-command" id={`attention-${item.id}`}>
                    {describeCommand(item.command, summaryContext)}
                  </p>
                  <p className="muted">
                    Made <time dateTime={item.time}>{formatTime(item.time)}</time>
                  </p>
                  <p className="sync-attention-reason">{item.reason}</p>
                  <div className="sync-attention-actions">
                    {entity !== null && (
                      <Link to={entity.path} className="button">
                        Open {entity.kind}{' '}
                        {entity.kind === 'customer'
                          ? (summaryContext.customerName?.(entity.id) ?? entity.id)
                          : entity.id}
                      </Link>
                    )}
                    <button
                      type="button"
                      className="button"
                      aria-describedby={`attention-${item.id}`}
                      onClick={() => {
                        dismiss(item);
                      }}
                    >
                      Dismiss
                    </button>
                  </div>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}
