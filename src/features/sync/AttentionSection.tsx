import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { useDesk, usePresent } from '../../ui/desk-context';
import { describeFailure } from '../../application/failures';
import type { AttentionItem } from '../../application/sync/syncEngine';
import { formatCountOf, formatTime } from '../../lib/format';
import { entityOfStream } from '../../ui/entityOfStream';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { describeCommand, streamOfCommand } from './describeCommand';

/** Changes made on this device that the desk did not take, and why: a person decides what next. */
export function AttentionSection({ items }: { items: readonly AttentionItem[] }) {
  const desk = useDesk();
  const { summaryContext } = usePresent();
  const [error, setError] = useState<string | null>(null);
  const [dismissingAll, setDismissingAll] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  const dismiss = (dealtWith: readonly AttentionItem[]) => {
    desk.sync.dismiss(dealtWith.map((item) => item.id)).then(
      () => {
        setError(null);
        // The button pressed is gone with its item: focus goes to the list's heading.
        heading.current?.focus();
      },
      (failure: unknown) => {
        setError(describeFailure(failure));
      },
    );
  };

  return (
    <section className="panel sync-panel" aria-labelledby="attention-heading">
      <h2 id="attention-heading" ref={heading} tabIndex={-1}>
        Needs attention
      </h2>
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
                  {item.command.type === 'RecordPayment' && (
                    <p className="field-hint">
                      The payment is not on the desk: if the money was taken, give it back or record
                      it on another order.
                    </p>
                  )}
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
                        dismiss([item]);
                      }}
                    >
                      Dismiss
                    </button>
                  </div>
                </li>
              );
            })}
          </ul>
          {items.length > 1 && (
            <div className="form-actions">
              <button
                type="button"
                className="button"
                onClick={() => {
                  setDismissingAll(true);
                }}
              >
                Dismiss all
              </button>
            </div>
          )}
        </>
      )}
      {dismissingAll && (
        <ConfirmDialog
          title={`Dismiss all ${formatCountOf(items.length, 'change')}?`}
          confirm="Dismiss all"
          danger
          keep="Keep them"
          onConfirm={() => {
            setDismissingAll(false);
            dismiss(items);
          }}
          onClose={() => {
            setDismissingAll(false);
          }}
        >
          <p>
            They leave the list for good. Do again first what still needs doing: the list is the
            only record of these changes.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
