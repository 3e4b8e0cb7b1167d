import { useEffect, useRef, useState } from 'react';
import { MomentLink } from '../timeline/MomentLink';
import type { StoredEvent } from '../../domain/events';
import { formatCount, formatTime } from '../../lib/format';
import { entityOfStream } from '../../ui/entityOfStream';
import { envelopeJson } from './envelope';

export interface EventPanelProps {
  readonly position: number;
  /** The event, or undefined while the log is read or if there is none at that position. */
  readonly event: StoredEvent | undefined;
  readonly loading: boolean;
  readonly count: number;
  readonly summaryOf: (event: StoredEvent) => string;
  readonly onClose: () => void;
  readonly onShowStream: (streamId: string) => void;
}

/** One event's full envelope as formatted JSON, beside the list (over it on narrow screens). */
export function EventPanel({
  position,
  event,
  loading,
  count,
  summaryOf,
  onClose,
  onShowStream,
}: EventPanelProps) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [copied, setCopied] = useState<{ position: number; ok: boolean } | null>(null);

  // Opening another event moves focus to its heading, so screen readers read it out.
  useEffect(() => {
    headingRef.current?.focus();
  }, [position]);

  const entity = event ? entityOfStream(event.streamId) : null;
  const json = event ? envelopeJson(event) : '';

  const copy = () => {
    navigator.clipboard.writeText(json).then(
      () => {
        setCopied({ position, ok: true });
      },
      () => {
        setCopied({ position, ok: false });
      },
    );
  };

  return (
    <section
      className="event-panel panel"
      aria-labelledby="event-panel-title"
      onKeyDown={(keyEvent) => {
        if (keyEvent.key === 'Escape') {
          keyEvent.stopPropagation();
          onClose();
        }
      }}
    >
      <div className="event-panel-head">
        <h2 id="event-panel-title" ref={headingRef} tabIndex={-1}>
          Event #{formatCount(position)}
        </h2>
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
      {event ? (
        <>
          <p className="event-panel-summary">{summaryOf(event)}</p>
          <dl className="event-facts">
            <div>
              <dt>Type</dt>
              <dd>{event.type}</dd>
            </div>
            <div>
              <dt>Stream</dt>
              <dd>
                <code>{event.streamId}</code> · version {event.streamVersion}
              </dd>
            </div>
            <div>
              <dt>Recorded</dt>
              <dd>
                <time dateTime={event.time}>{formatTime(event.time)}</time>
              </dd>
            </div>
          </dl>
          <div className="event-panel-actions">
            {entity && (
              <MomentLink className="button" to={entity.path}>
                Open {entity.label.charAt(0).toLowerCase() + entity.label.slice(1)}
              </MomentLink>
            )}
            <button
              type="button"
              className="button"
              onClick={() => {
                onShowStream(event.streamId);
              }}
            >
              Show this stream only
            </button>
            <button type="button" className="button" onClick={copy}>
              Copy JSON
            </button>
          </div>
          <p role="status" className="event-copy-status">
            {copied?.position === position &&
              (copied.ok ? 'Copied to the clipboard.' : 'The clipboard is not available here.')}
          </p>
          <pre className="event-json" tabIndex={0} aria-label="The event's envelope as JSON">
            <code>{json}</code>
          </pre>
        </>
      ) : loading ? (
        <p aria-busy="true">Reading the event log…</p>
      ) : (
        <>
          <p>
            There is no event at position {formatCount(position)}: the log has {formatCount(count)}{' '}
            {count === 1 ? 'event' : 'events'}.
          </p>
          <p>Close this panel and pick an event from the list, or check the link you followed.</p>
        </>
      )}
    </section>
  );
}
