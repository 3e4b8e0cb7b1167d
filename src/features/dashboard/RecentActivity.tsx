import { MomentLink } from '../timeline/MomentLink';
import type { ActivityItem } from '../../projections';
import { formatTime } from '../../lib/format';
import { entityOfStream } from '../events/envelope';
import { formatCount } from '../../lib/format';

/**
 * The latest events, newest first, each linking to its order or customer and to the log (at the
 * timeline's moment).
 */
export function RecentActivity({ items }: { items: readonly ActivityItem[] }) {
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
                {entity ? <MomentLink to={entity.path}>{item.summary}</MomentLink> : item.summary}
              </span>
              <MomentLink
                to={`/events?position=${item.position}`}
                className="activity-position"
                aria-label={`Event #${formatCount(item.position)} in the log`}
              >
                #{formatCount(item.position)}
              </MomentLink>
            </li>
          );
        })}
      </ol>
      <p className="activity-more">
        <MomentLink to="/events">See the whole event log</MomentLink>
      </p>
    </section>
  );
}
