import type { Command } from '../../application/commands';
import { customerStreamId } from '../../domain/events';
import { streamIdOfCommand } from '../../domain/handleCommand';
import { orderTotal } from '../../domain/order';
import type { SummaryContext } from '../../projections';
import { money, paymentMethodName } from '../../lib/format';

/**
 * What a command asked for, in words, e.g. "Record payment of €25.00 by card on order o-1": a command
 * that could not be synced is shown this way on the Sync page. Names and currencies come from the
 * desk as it is now; an id stands in for a name the desk does not know.
 */
export function describeCommand(command: Command, context: SummaryContext): string {
  const customer = (id: string): string => context.customerName?.(id) ?? id;
  const amount = (orderId: string, minor: number): string => {
    const currency = context.orderCurrency?.(orderId);
    return currency === undefined ? (minor / 100).toFixed(2) : money(minor, currency);
  };
  switch (command.type) {
    case 'RegisterCustomer':
      return `Register customer ${command.data.name} (${command.data.email})`;
    case 'ChangeCustomerDetails': {
      const { customerId, name, email, shippingAddress } = command.data;
      const changes = [
        ...(name === undefined ? [] : [`name to ${name}`]),
        ...(email === undefined ? [] : [`email to ${email}`]),
        ...(shippingAddress === undefined ? [] : ['shipping address']),
      ];
      return `Change ${changes.length === 0 ? 'details' : changes.join(', ')} of customer ${customer(customerId)}`;
    }
    case 'PlaceOrder': {
      const { orderId, customerId, currency, items } = command.data;
      return `Place order ${orderId} for ${customer(customerId)}: ${money(orderTotal(items), currency)}`;
    }
    case 'RecordPayment': {
      const { orderId, amount: paid, method } = command.data;
      return `Record payment of ${amount(orderId, paid)} by ${paymentMethodName(method, { inSentence: true })} on order ${orderId}`;
    }
    case 'ShipOrder':
      return `Ship order ${command.data.orderId} with ${command.data.carrier}, tracking ${command.data.trackingNumber}`;
    case 'MarkDelivered':
      return `Mark order ${command.data.orderId} delivered`;
    case 'CancelOrder':
      return `Cancel order ${command.data.orderId}: ${command.data.reason}`;
    case 'RefundOrder':
      return `Refund order ${command.data.orderId}: ${command.data.reason}`;
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}

/**
 * The stream of what a command was about, where it can be done again: the stream it decides on,
 * but for a new order its customer's, and none for a registration, which has no page of its own
 * yet.
 */
export function streamOfCommand(command: Command): string | null {
  if (command.type === 'RegisterCustomer') return null;
  return command.type === 'PlaceOrder'
    ? customerStreamId(command.data.customerId)
    : streamIdOfCommand(command);
}
