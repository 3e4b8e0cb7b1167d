import { useMemo, useState, type ReactNode } from 'react';
import { useLocation, useParams } from 'react-router';
import { usePastMoment, useView } from '../../ui/desk-context';
import { useDocumentTitle } from '../../ui/useDocumentTitle';
import { orderStreamId, type StoredEvent } from '../../domain/events';
import type { OrderView } from '../../projections';
import { AuditTrail } from '../audit/AuditTrail';
import { formatTime, money, paymentMethodName } from '../../lib/format';
import { MomentLink } from '../timeline/MomentLink';
import { describeDone, isPlacedState } from './doneMessage';
import { DoneMessage, type Done } from './DoneMessage';
import { OrderActions } from './OrderActions';
import { PackingSlip, PrintButton } from './PackingSlip';
import { StatusBadge } from './StatusBadge';
import { useNumberNotFinal } from './useNumberNotFinal';
import './orders.css';

const Time = ({ iso }: { iso: string }) => <time dateTime={iso}>{formatTime(iso)}</time>;

function Facts({ children }: { children: ReactNode }) {
  return <dl className="facts">{children}</dl>;
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Lines({ order }: { order: OrderView }) {
  return (
    <section className="panel order-lines-panel" aria-labelledby="order-lines-heading">
      <h2 id="order-lines-heading">Lines</h2>
      <div className="table-wrap">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col" className="num col-unit-price">
                Unit price
              </th>
              <th scope="col" className="num">
                Quantity
              </th>
              <th scope="col" className="num">
                Line total
              </th>
            </tr>
          </thead>
          <tbody>
            {order.lines.map((line, index) => (
              <tr key={`${index}-${line.product_id}`}>
                <td>{line.name}</td>
                <td className="num col-unit-price">{money(line.unit_price, order.currency)}</td>
                <td className="num">{line.quantity}</td>
                <td className="num">{money(line.quantity * line.unit_price, order.currency)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Total</th>
              <td className="col-unit-price" />
              <td className="num">{order.itemCount}</td>
              <td className="num">
                <strong>{money(order.total, order.currency)}</strong>
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}

/** Payment, shipment, delivery, cancellation and refund, as far as they happened. */
function Progress({ order }: { order: OrderView }) {
  const { payment, shipment, deliveredAt, cancellation, refund } = order;
  if (!payment && !shipment && !deliveredAt && !cancellation && !refund) return null;
  return (
    <section className="panel order-progress" aria-labelledby="order-progress-heading">
      <h2 id="order-progress-heading">Details</h2>
      <div className="progress-grid">
        {payment && (
          <div>
            <h3>Payment</h3>
            <Facts>
              <Fact term="Amount">{money(payment.amount, order.currency)}</Fact>
              <Fact term="Method">{paymentMethodName(payment.method)}</Fact>
              <Fact term="Payment id">
                <code>{payment.paymentId}</code>
              </Fact>
              <Fact term="Paid at">
                <Time iso={payment.at} />
              </Fact>
            </Facts>
          </div>
        )}
        {shipment && (
          <div>
            <h3>Shipment</h3>
            <Facts>
              <Fact term="Carrier">{shipment.carrier}</Fact>
              <Fact term="Tracking number">
                <code>{shipment.trackingNumber}</code>
              </Fact>
              <Fact term="Shipped at">
                <Time iso={shipment.at} />
              </Fact>
              {deliveredAt && (
                <Fact term="Delivered at">
                  <Time iso={deliveredAt} />
                </Fact>
              )}
            </Facts>
          </div>
        )}
        {cancellation && (
          <div>
            <h3>Cancellation</h3>
            <Facts>
              <Fact term="Reason">{cancellation.reason}</Fact>
              <Fact term="Cancelled at">
                <Time iso={cancellation.at} />
              </Fact>
            </Facts>
          </div>
        )}
        {refund && (
          <div>
            <h3>Refund</h3>
            <Facts>
              <Fact term="Amount">{money(refund.amount, order.currency)}</Fact>
              <Fact term="Reason">{refund.reason}</Fact>
              <Fact term="Payment id">
                <code>{refund.paymentId}</code>
              </Fact>
              <Fact term="Refunded at">
                <Time iso={refund.at} />
              </Fact>
            </Facts>
          </div>
        )}
      </div>
    </section>
  );
}

/** The customer as they were at the moment shown: name (a link), email and shipping address. */
function CustomerContactFacts({ order }: { order: OrderView }) {
  const contact = useView().customers.contactOf(order.customerId);
  return (
    <div className="order-customer">
      <MomentLink to={`/customers/${encodeURIComponent(order.customerId)}`}>
        {order.customerName}
      </MomentLink>
      {contact !== undefined && <span className="order-customer-email">{contact.email}</span>}
      <span className="order-customer-address" aria-label="Shipping address">
        {contact?.shippingAddress ?? <span className="muted">No shipping address</span>}
      </span>
    </div>
  );
}

function OrderDetails({
  order,
  onDone,
}: {
  order: OrderView;
  onDone: (events: readonly StoredEvent[]) => void;
}) {
  return (
    <>
      <section className="panel order-summary" aria-label="Summary">
        <Facts>
          <Fact term="Status">
            <StatusBadge status={order.status} testId="order-status" />
          </Fact>
          <Fact term="Customer">
            <CustomerContactFacts order={order} />
          </Fact>
          <Fact term="Total">
            <strong>{money(order.total, order.currency)}</strong>
          </Fact>
          <Fact term="Placed at">
            <Time iso={order.placedAt} />
          </Fact>
          <Fact term="Last change">
            <Time iso={order.lastChangeAt} />
          </Fact>
        </Facts>
      </section>
      <div className="order-columns">
        <div className="order-main">
          <Lines order={order} />
          <Progress order={order} />
        </div>
        <OrderActions order={order} onDone={onDone} />
      </div>
      <AuditTrail streamId={orderStreamId(order.orderId)} version={order.version} />
    </>
  );
}

/**
 * What the last command on this order did, for `DoneMessage`: at first what the place-order form
 * did (in the history entry's state), then each command's outcome. The words are made from the
 * events and the order as shown: a new order's number is known once the views hold it.
 */
function useDone(orderId: string, order: OrderView | undefined, numberNotFinal: boolean) {
  const state: unknown = useLocation().state;
  const [done, setDone] = useState<DoneEvents | null>(() =>
    isPlacedState(state)
      ? { events: state.placed, customerName: state.customerName, key: 0, orderId }
      : null,
  );
  const report = (events: readonly StoredEvent[]) => {
    setDone((previous) => ({ events, key: (previous?.key ?? 0) + 1, orderId }));
  };
  // Another order's page (the same component, new params) starts without one.
  const shown = done?.orderId === orderId ? done : null;
  const currency = order?.currency ?? '';
  // A number that may change is not said: the order is named by its id.
  const orderNumber = numberNotFinal ? undefined : order?.number;
  const message = useMemo(
    (): Done | null =>
      shown && {
        text: describeDone(shown.events, currency, {
          customerName: shown.customerName,
          orderNumber,
        }),
        key: shown.key,
      },
    [shown, currency, orderNumber],
  );
  return { done: message, report };
}

/** The events of the last command on the order `orderId`, and for a new order its customer. */
interface DoneEvents {
  readonly events: readonly StoredEvent[];
  readonly customerName?: string | undefined;
  readonly key: number;
  readonly orderId: string;
}

export function OrderPage() {
  const { orderId = '' } = useParams();
  useDocumentTitle(`Order ${orderId}`);
  const order = useView().orders.get(orderId);
  const past = usePastMoment();
  const numberNotFinal = useNumberNotFinal(order);
  const { done, report } = useDone(orderId, order, numberNotFinal);

  return (
    <>
      <div className="page-header">
        <h1>{order === undefined ? `Order ${orderId}` : `Order #${order.number} · ${orderId}`}</h1>
        {numberNotFinal && (
          <span className="badge badge-pending">Not yet synced: the number may change</span>
        )}
        <MomentLink to="/orders">All orders</MomentLink>
        {order && <PrintButton />}
      </div>
      {/* What a command did is news of the present: not shown over a past moment. */}
      <DoneMessage done={past ? null : done} />
      {order ? (
        <OrderDetails order={order} onDone={report} />
      ) : (
        <div className="empty-state">
          <p>
            <strong>No order {orderId}</strong>
          </p>
          <p>
            {past
              ? 'It had not been placed yet at this point in the timeline.'
              : 'There is no order with this id here.'}
          </p>
          <p>
            <MomentLink to="/orders">Back to the orders</MomentLink>
          </p>
        </div>
      )}
      {order && <PackingSlip order={order} />}
    </>
  );
}
