import { useEffect, useState } from 'react';
import { Link, useLocation } from 'react-router';
import { withMoment } from '../timeline/moment';
import type { StoredEvent } from '../../domain/events';
import { useDesk } from '../../ui/desk-context';
import { describeFailure } from '../../application/failures';
import { auditTrail } from './changes';
import { formatCount, formatTime } from '../../lib/format';

/**
 * A stream's events, oldest first, each with its time, what happened and what changed.
 * `version` is the stream version the screen shows: the trail reloads when it moves.
 */
export function AuditTrail({ streamId, version }: { streamId: string; version: number }) {
  const desk = useDesk();
  const { pathname } = useLocation();
  const [events, setEvents] = useState<readonly StoredEvent[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  // A sync that writes the log's tail again can put other events at the versions shown (another
  // device's cancellation where this one's payment was): the trail is read again.
  const [rewrites, setRewrites] = useState(0);
  useEffect(
    () =>
      desk.onEvents((_, rewrittenFrom) => {
        if (rewrittenFrom !== undefined) setRewrites((count) => count + 1);
      }),
    [desk],
  );

  useEffect(() => {
    let current = true;
    // A read can fail (the database closed under it, when another tab deletes it): the trail
    // says so rather than leave the failure unhandled.
    desk.readStream(streamId, { toVersion: version }).then(
      (read) => {
        if (!current) return;
        setEvents(read);
        setFailure(null);
      },
      (error: unknown) => {
        if (current) setFailure(describeFailure(error));
      },
    );
    return () => {
      current = false;
    };
  }, [desk, streamId, version, rewrites]);

  return (
    <section className="panel" aria-labelledby={`trail-${streamId}`}>
      <h2 id={`trail-${streamId}`}>Audit trail</h2>
      {failure !== null ? (
        <p role="alert">The history could not be read. {failure}</p>
      ) : events === null ? (
        <p aria-busy="true">Reading the history…</p>
      ) : events.length === 0 ? (
        <p className="empty-state">No events yet.</p>
      ) : (
        <ol className="audit-trail">
          {auditTrail(events).map(({ event, title, changes }) => (
            <li key={event.id}>
              <div className="audit-head">
                <strong>{title}</strong> <time dateTime={event.time}>{formatTime(event.time)}</time>{' '}
                <Link to={`/events?position=${event.position}`} className="audit-position">
                  #{formatCount(event.position)}
                </Link>{' '}
                <Link to={withMoment(pathname, event.position)} className="audit-moment">
                  See this moment
                </Link>
              </div>
              {changes.length > 0 && (
                <dl className="audit-changes">
                  {changes.map((change) => (
                    <div key={change.field}>
                      <dt>{change.field}</dt>
                      <dd>
                        {change.before !== undefined && (
                          <>
                            <del>{change.before}</del> →{' '}
                          </>
                        )}
                        <ins>{change.after}</ins>
                      </dd>
                    </div>
                  ))}
                </dl>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
