import { Link } from 'react-router';
import type { ActivityItem } from '../../projections';
import { formatTime } from '../history/format';
import { entityOfStream } from '../events/envelope';

/**
 * The latest events, newest first, each linking to its order or customer and to the log.
 * `link` keeps the timeline's moment in the links.
 */
export function RecentActivity({
  items,
  link,
}: {
  items: readonly ActivityItem[];
  link: (path: string) => string;
}) {
  return (
    <section className="panel recent-activity" aria-labelledby="activity-title">
      <h2 id="activity-title">Recent activity</h2>
      <ol className="activity-list">
        {items.map((item) => {
          const entity = entityOfStream(item.streamId);
          return (
            <li key={item.position}>
              <time dateTime={item.time}>{formatTime(item.time)}</time>
              <span className="activity-summary">
                {entity ? <Link to={link(entity.path)}>{item.summary}</Link> : item.summary}
              </span>
              <Link
                to={link(`/events?position=${item.position}`)}
                className="activity-position"
                aria-label={`Event #${item.position.toLocaleString()} in the log`}
              >
                #{item.position.toLocaleString()}
              </Link>
            </li>
          );
        })}
      </ol>
      <p className="activity-more">
        <Link to={link('/events')}>See the whole event log</Link>
      </p>
    </section>
  );
}
