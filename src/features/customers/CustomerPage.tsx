import { useId, useMemo } from 'react';
import { Link } from 'react-router';
import { useParams } from 'react-router';
import { usePastMoment, useView } from '../../ui/desk-context';
import { useDocumentTitle } from '../../ui/useDocumentTitle';
import { customerStreamId } from '../../domain/events';
import type { CustomerView } from '../../projections';
import { AuditTrail } from '../audit/AuditTrail';
import { formatCount, money } from '../../lib/format';
import { OrderLink } from '../orders/OrdersTable';
import { MomentLink } from '../timeline/MomentLink';
import { Email, LifetimeValue, ShowMore, Time, usePaged } from './display';
import { EditCustomerForm } from './EditCustomerForm';
import './customers.css';

/** Orders rendered at first and added per `Show more`: a regular may have hundreds. */
const ORDER_PAGE_SIZE = 50;

export function CustomerPage() {
  const { customerId = '' } = useParams();
  const customer = useView().customers.get(customerId);
  if (customer !== undefined) return <CustomerDetails key={customerId} customer={customer} />;
  return <UnknownCustomer customerId={customerId} />;
}

function UnknownCustomer({ customerId }: { customerId: string }) {
  useDocumentTitle(`Customer ${customerId}`);
  const past = usePastMoment();
  return (
    <>
      <h1>Customer {customerId}</h1>
      <div className="empty-state">
        <p>
          <strong>No customer {customerId}</strong>
        </p>
        <p>
          {past
            ? 'They had not been registered yet at this point in the timeline.'
            : 'There is no customer with this id.'}
        </p>
        <p>
          <MomentLink to="/customers">Back to customers</MomentLink>
        </p>
      </div>
    </>
  );
}

function CustomerDetails({ customer }: { customer: CustomerView }) {
  useDocumentTitle(customer.name);
  const detailsId = useId();
  // Orders are placed in the present only: the past has no form.
  const past = usePastMoment();

  return (
    <>
      <div className="page-header">
        <div>
          <p className="breadcrumb">
            <MomentLink to="/customers">
              <span aria-hidden="true">← </span>All customers
            </MomentLink>
          </p>
          <h1>{customer.name}</h1>
        </div>
        {past === null && (
          <Link
            className="button button-primary"
            to={`/orders?new=1&customer=${encodeURIComponent(customer.customerId)}`}
          >
            New order for this customer
          </Link>
        )}
      </div>
      <div className="stack">
        <div className="customer-columns">
          <section className="panel" aria-labelledby={detailsId}>
            <h2 id={detailsId}>Details</h2>
            <dl className="details-list">
              <div>
                <dt>Email</dt>
                <dd>
                  <Email address={customer.email} />
                </dd>
              </div>
              <div>
                <dt>Shipping address</dt>
                <dd className="address">
                  {customer.shippingAddress ?? <span className="muted">None given</span>}
                </dd>
              </div>
              <div>
                <dt>Registered</dt>
                <dd>
                  <Time iso={customer.registeredAt} />
                </dd>
              </div>
              <div>
                <dt>Orders</dt>
                <dd>{formatCount(customer.orderCount)}</dd>
              </div>
              <div>
                <dt>Revenue paid</dt>
                <dd>
                  <LifetimeValue value={customer.paid} />
                </dd>
              </div>
              <div>
                <dt>Refunded</dt>
                <dd>
                  <LifetimeValue value={customer.refunded} />
                </dd>
              </div>
              <div>
                <dt>Lifetime value</dt>
                <dd>
                  <LifetimeValue value={customer.lifetimeValue} />
                </dd>
              </div>
              <div>
                <dt>Customer id</dt>
                <dd>
                  <code>{customer.customerId}</code>
                </dd>
              </div>
            </dl>
          </section>
          <EditCustomerForm customer={customer} />
        </div>
        <CustomerOrders customerId={customer.customerId} />
        <AuditTrail streamId={customerStreamId(customer.customerId)} version={customer.version} />
      </div>
    </>
  );
}

function CustomerOrders({ customerId }: { customerId: string }) {
  const headingId = useId();
  const customers = useView().customers;
  const newestFirst = useMemo(
    () => customers.ordersOf(customerId).reverse(),
    [customers, customerId],
  );
  const { count, showMore } = usePaged(ORDER_PAGE_SIZE, customerId);

  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Orders</h2>
      {newestFirst.length === 0 ? (
        <p className="muted">No orders yet.</p>
      ) : (
        <>
          <div className="table-wrap">
            <table
              className="data-table customer-orders-table fold-table"
              aria-labelledby={headingId}
            >
              <thead>
                <tr>
                  <th scope="col">Order</th>
                  <th scope="col">Status</th>
                  <th scope="col" className="num">
                    Total
                  </th>
                  <th scope="col" className="wide-only">
                    Placed
                  </th>
                </tr>
              </thead>
              <tbody>
                {newestFirst.slice(0, count).map((order) => (
                  <tr key={order.orderId}>
                    <td>
                      <OrderLink order={order} />
                      {/* On a phone the placed column folds into this cell. */}
                      <span className="narrow-only cell-detail">
                        <Time iso={order.placedAt} />
                      </span>
                    </td>
                    <td>
                      <span className={`badge badge-${order.status.toLowerCase()}`}>
                        {order.status}
                      </span>
                    </td>
                    <td className="num">{money(order.total, order.currency)}</td>
                    <td className="wide-only">
                      <Time iso={order.placedAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <ShowMore
            shown={Math.min(count, newestFirst.length)}
            total={newestFirst.length}
            noun="orders"
            onShowMore={showMore}
          />
        </>
      )}
    </section>
  );
}
