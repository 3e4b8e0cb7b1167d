import { useMemo } from 'react';
import { usePastMoment, useView } from '../../ui/desk-context';
import { useDocumentTitle } from '../../ui/useDocumentTitle';
import { orderStatuses } from '../../domain/order';
import { formatCount, money } from '../../lib/format';
import { MomentLink } from '../timeline/MomentLink';
import { DemoLoader } from './DemoLoader';
import { RecentActivity } from './RecentActivity';
import { RevenueChart, RevenueTable } from './RevenueChart';
import { useDemoStore } from './demoStore';
import { bucketRevenue } from './revenue';
import './dashboard.css';

export function DashboardPage() {
  useDocumentTitle('Dashboard');
  const { dashboard } = useView();
  const past = usePastMoment();
  const demoProgress = useDemoStore((state) => state.progress);
  const demoLoaded = useDemoStore((state) => state.loaded);
  const demoError = useDemoStore((state) => state.error);
  const dismissDemoError = useDemoStore((state) => state.reset);
  const { statusCounts, totals, recentActivity } = dashboard;
  // A few hundred days at most: cheap enough to redo whenever the views move.
  const revenue = useMemo(() => bucketRevenue(dashboard.revenueByDay), [dashboard]);

  const empty = totals.events === 0;

  return (
    <div className="dashboard">
      <div className="page-header">
        <h1>Dashboard</h1>
      </div>
      <p role="status" className="notice">
        {demoLoaded !== null &&
          `Loaded ${formatCount(demoLoaded)} demo events. Every screen now shows them.`}
      </p>
      {past === null && (empty || demoProgress !== null) && <DemoLoader />}
      {/* A load that stopped midway left a desk that is not empty: the loader is gone, not why. */}
      {past === null && !empty && demoProgress === null && demoError !== null && (
        <div role="alert">
          <p>{demoError}</p>
          <button type="button" className="button" onClick={dismissDemoError}>
            Dismiss
          </button>
        </div>
      )}
      {past !== null && empty && (
        <div className="empty-state">
          <h2>Nothing had happened yet</h2>
          <p>
            The log was still empty at this moment. Move the timeline forward, or go back to the
            present.
          </p>
        </div>
      )}
      {!empty && (
        <>
          <section aria-labelledby="totals-title" className="dashboard-section">
            <h2 id="totals-title" className="visually-hidden">
              Totals
            </h2>
            <dl className="totals">
              <div className="card total">
                <dt>Orders</dt>
                <dd>
                  <MomentLink to="/orders">{formatCount(totals.orders)}</MomentLink>
                </dd>
              </div>
              <div className="card total">
                <dt>Customers</dt>
                <dd>
                  <MomentLink to="/customers">{formatCount(totals.customers)}</MomentLink>
                </dd>
              </div>
              <div className="card total">
                <dt>Events</dt>
                <dd>
                  <MomentLink to="/events">{formatCount(totals.events)}</MomentLink>
                </dd>
              </div>
              {revenue.currencies.map((currency) => (
                <div className="card total" key={currency}>
                  <dt>Revenue ({currency})</dt>
                  <dd>{money(revenue.totals[currency] ?? 0, currency)}</dd>
                </div>
              ))}
            </dl>
          </section>

          <section aria-labelledby="status-title" className="dashboard-section">
            <h2 id="status-title">Orders by status</h2>
            <ul className="status-cards">
              {orderStatuses.map((status) => (
                <li key={status}>
                  <MomentLink
                    className="status-card"
                    to={`/orders?status=${status}`}
                    data-status={status.toLowerCase()}
                  >
                    <span className={`badge badge-${status.toLowerCase()}`}>{status}</span>{' '}
                    <span className="status-count">{formatCount(statusCounts[status])}</span>{' '}
                    <span className="visually-hidden">
                      {statusCounts[status] === 1 ? 'order' : 'orders'}
                    </span>
                  </MomentLink>
                </li>
              ))}
            </ul>
          </section>

          <div className="dashboard-columns">
            <section aria-labelledby="revenue-title" className="panel revenue">
              <h2 id="revenue-title">Revenue</h2>
              {revenue.buckets.length === 0 ? (
                <p className="muted">
                  No payments yet. Revenue appears here once an order is paid.
                </p>
              ) : (
                <>
                  <p className="muted revenue-note">
                    Payments minus refunds, by the day they were recorded (UTC).
                  </p>
                  {revenue.currencies.map((currency) => (
                    <RevenueChart key={currency} data={revenue} currency={currency} />
                  ))}
                  <RevenueTable data={revenue} />
                </>
              )}
            </section>
            <RecentActivity items={recentActivity} />
          </div>
        </>
      )}
    </div>
  );
}
