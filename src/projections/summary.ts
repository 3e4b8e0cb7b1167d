import type { DomainEvent } from '../domain/events';
import { DEFAULT_LOCALE, formatCountOf, formatMoney, paymentMethodName } from '../lib/format';
import { ignoreUnknownEvent } from './projection';

/** Facts from outside an event that make its summary read better. All optional. */
export interface SummaryContext {
  /** The customer's name at the time of the event. */
  readonly customerName?: (customerId: string) => string | undefined;
  /** The currency of an order: payments and refunds carry only an amount. */
  readonly orderCurrency?: (orderId: string) => string | undefined;
  readonly locale?: string;
}

// Names, reasons and addresses are typed by people; a summary stays on one line.
const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

/**
 * A one-line, human summary of an event, e.g. "Order o-12 placed by Ada Lovelace: 3 items, €42.00".
 * Total: an event of an unknown type is summarized by its type.
 */
export function summarize(event: DomainEvent, context: SummaryContext = {}): string {
  const locale = context.locale ?? DEFAULT_LOCALE;
  const customer = (id: string): string => oneLine(context.customerName?.(id) ?? id);
  const money = (orderId: string, amount: number): string => {
    const currency = context.orderCurrency?.(orderId);
    return currency === undefined
      ? (amount / 100).toFixed(2)
      : formatMoney(amount, currency, locale);
  };
  switch (event.type) {
    case 'CustomerRegistered': {
      const { name, email } = event.data;
      return `Customer ${oneLine(name)} registered (${oneLine(email)})`;
    }
    case 'CustomerDetailsChanged': {
      const { customer_id, name, email, shipping_address } = event.data;
      const changes: string[] = [];
      if (name !== undefined) changes.push(`name to ${oneLine(name)}`);
      if (email !== undefined) changes.push(`email to ${oneLine(email)}`);
      if (shipping_address !== undefined)
        changes.push(shipping_address === '' ? 'shipping address (removed)' : 'shipping address');
      return changes.length === 0
        ? `Customer ${customer(customer_id)} details changed`
        : `Customer ${customer(customer_id)} changed ${changes.join(', ')}`;
    }
    case 'OrderPlaced': {
      const { order_id, customer_id, currency, items, total } = event.data;
      let count = 0;
      for (const line of items) count += line.quantity;
      return `Order ${order_id} placed by ${customer(customer_id)}: ${formatCountOf(count, 'item', 'items', locale)}, ${formatMoney(total, currency, locale)}`;
    }
    case 'PaymentProcessed': {
      const { order_id, amount, method } = event.data;
      const how = paymentMethodName(method, { inSentence: true });
      return `Order ${order_id} paid: ${money(order_id, amount)} by ${how}`;
    }
    case 'OrderShipped': {
      const { order_id, carrier, tracking_number } = event.data;
      return `Order ${order_id} shipped with ${oneLine(carrier)}, tracking ${oneLine(tracking_number)}`;
    }
    case 'OrderDelivered':
      return `Order ${event.data.order_id} delivered`;
    case 'OrderCancelled':
      return `Order ${event.data.order_id} cancelled: ${oneLine(event.data.reason)}`;
    case 'PaymentRefunded': {
      const { order_id, amount, reason } = event.data;
      return `Order ${order_id} refunded: ${money(order_id, amount)} (${oneLine(reason)})`;
    }
    default:
      return ignoreUnknownEvent(event, `${String((event as { type: unknown }).type)} event`);
  }
}
