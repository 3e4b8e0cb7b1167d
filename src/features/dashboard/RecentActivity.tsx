import { MomentLink } from '../timeline/MomentLink';
import { useView } from '../../ui/desk-context';
import { FIRST_ORDER_NUMBER, type ActivityItem } from '../../projections';
import { entityOfStream } from '../../ui/entityOfStream';
import { formatCount, formatTime } from '../../lib/format';

/**
 * The latest events, newest first, each linking to its order or customer and to the log (at the
 * timeline's moment).
 */
export function RecentActivity({ items }: { items: readonly ActivityItem[] }) {
  const orders = useView().orders;
  /** The human number of the order an event is about, e.g. "#1001 "; '' for a customer's. */
  const numberOf = (streamId: string): string => {
    if (!streamId.startsWith('order-')) return '';
    const order = orders.numberOf(streamId.slice('order-'.length));
    return order === undefined ? '' : `#${FIRST_ORDER_NUMBER + order} `;
  };
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
                {entity ? (
                  <MomentLink to={entity.path}>
                    {numberOf(item.streamId)}
                    {item.summary}
                  </MomentLink>
                ) : (
                  item.summary
                )}
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
