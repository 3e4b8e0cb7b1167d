import { useNumberNotFinal } from './useNumberNotFinal';
import { usePastMoment, useView } from '../../ui/desk-context';
import { formatCount, formatDate, formatTime, money, paymentMethodName } from '../../lib/format';
import type { OrderView } from '../../projections';

/** The name printed at the top of a slip. */
const SHOP_NAME = 'Order desk';

/** Prints the page: the print stylesheet turns the order page into its packing slip. */
export function PrintButton() {
  return (
    <button
      type="button"
      className="button print-button"
      onClick={() => {
        window.print();
      }}
    >
      Print packing slip
    </button>
  );
}

/** What became of the payment, in a line of the receipt. */
function paymentLine(order: OrderView): string {
  const { payment, refund, cancellation } = order;
  if (payment === undefined)
    return cancellation === undefined ? 'Not paid yet.' : 'Cancelled before payment.';
  const paid = `${money(payment.amount, order.currency)} paid by ${paymentMethodName(payment.method, { inSentence: true })} on ${formatTime(payment.at)}.`;
  return refund === undefined
    ? paid
    : `${paid} ${money(refund.amount, order.currency)} refunded on ${formatTime(refund.at)}.`;
}

/**
 * The order as a packing slip and receipt. Hidden on screen (and from screen readers: the page
 * says all of it already); the print stylesheet shows it, and only it (see orders.css). In the
 * past it says which moment it shows, as the strip on screen does.
 */
export function PackingSlip({ order }: { order: OrderView }) {
  const view = useView();
  const past = usePastMoment();
  const numberNotFinal = useNumberNotFinal(order);
  // The contact details alone, at the moment shown (as the order page names them).
  const customer = view.customers.contactOf(order.customerId);
  return (
    <article className="packing-slip" aria-labelledby="packing-slip-title" hidden>
      <header className="packing-slip-header">
        <p className="packing-slip-shop">{SHOP_NAME}</p>
        <h2 id="packing-slip-title">
          Packing slip · Order #{order.number} · {order.orderId}
        </h2>
        <p>
          Placed on <time dateTime={order.placedAt}>{formatDate(order.placedAt)}</time> · Status{' '}
          {order.status}
        </p>
        {numberNotFinal && (
          <p className="packing-slip-moment">
            Not yet synced: the order number may change; the id {order.orderId} stays.
          </p>
        )}
        {past && (
          <p className="packing-slip-moment">
            As it was after event #{formatCount(past.position)}, not as it is now.
          </p>
        )}
      </header>
      <section aria-labelledby="packing-slip-to">
        <h3 id="packing-slip-to">Ship to</h3>
        <address>
          {order.customerName}
          {customer?.shippingAddress && (
            <>
              <br />
              <span className="packing-slip-address">{customer.shippingAddress}</span>
            </>
          )}
          {customer && (
            <>
              <br />
              {customer.email}
            </>
          )}
        </address>
        {order.shipment && (
          <p>
            {order.shipment.carrier}, tracking number {order.shipment.trackingNumber}
          </p>
        )}
      </section>
      <table className="packing-slip-lines">
        <caption className="visually-hidden">Lines</caption>
        <thead>
          <tr>
            <th scope="col">Product</th>
            <th scope="col" className="num">
              Quantity
            </th>
            <th scope="col" className="num">
              Unit price
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
              <td className="num">{line.quantity}</td>
              <td className="num">{money(line.unit_price, order.currency)}</td>
              <td className="num">{money(line.quantity * line.unit_price, order.currency)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            <td className="num">{order.itemCount}</td>
            <td />
            <td className="num">{money(order.total, order.currency)}</td>
          </tr>
        </tfoot>
      </table>
      <section aria-labelledby="packing-slip-payment">
        <h3 id="packing-slip-payment">Payment</h3>
        <p>{paymentLine(order)}</p>
      </section>
    </article>
  );
}
