import type { Desk } from '../../application/desk';
import type { Command } from '../../application/commands';
import { catalog, CATALOG_CURRENCY, orderLineOf } from '../../domain/products';
import type { OrderLine } from '../../domain/events';
import { createTestDesk } from '../../test/renderApp';

/** Runs a command in a test's setup and fails the test if it is rejected. */
export async function given(desk: Desk, command: Command): Promise<void> {
  const result = await desk.execute(command);
  if (!result.ok) throw new Error(`Setup command rejected: ${result.error.message}`);
}

export const product = (index: number) => {
  const found = catalog[index];
  if (!found) throw new Error(`No catalog product ${index}`);
  return found;
};

/** A fresh desk with customers Ada Lovelace (c-ada) and Grace Hopper (c-grace). */
export async function deskWithCustomers(): Promise<Desk> {
  const desk = await createTestDesk();
  await given(desk, {
    type: 'RegisterCustomer',
    data: { customerId: 'c-ada', name: 'Ada Lovelace', email: 'ada@example.com' },
  });
  await given(desk, {
    type: 'RegisterCustomer',
    data: { customerId: 'c-grace', name: 'Grace Hopper', email: 'grace@example.com' },
  });
  return desk;
}

export async function placeOrder(
  desk: Desk,
  orderId: string,
  customerId = 'c-ada',
  items: OrderLine[] = [orderLineOf(product(0), 2)],
): Promise<void> {
  await given(desk, {
    type: 'PlaceOrder',
    data: { orderId, customerId, currency: CATALOG_CURRENCY, items },
  });
}

const total = (items: OrderLine[]) =>
  items.reduce((sum, line) => sum + line.quantity * line.unit_price, 0);

/** Places an order and moves it on to `status` through the commands. */
export async function orderIn(
  desk: Desk,
  orderId: string,
  status: 'Placed' | 'Paid' | 'Shipped' | 'Delivered' | 'Cancelled' | 'Refunded',
  items: OrderLine[] = [orderLineOf(product(0), 2)],
): Promise<void> {
  await placeOrder(desk, orderId, 'c-ada', items);
  if (status === 'Placed') return;
  if (status === 'Cancelled') {
    await given(desk, { type: 'CancelOrder', data: { orderId, reason: 'Changed mind' } });
    return;
  }
  await given(desk, {
    type: 'RecordPayment',
    data: { orderId, paymentId: `p-${orderId}`, amount: total(items), method: 'card' },
  });
  if (status === 'Paid') return;
  await given(desk, {
    type: 'ShipOrder',
    data: { orderId, carrier: 'DHL', trackingNumber: 'TRACK1' },
  });
  if (status === 'Shipped') return;
  await given(desk, { type: 'MarkDelivered', data: { orderId } });
  if (status === 'Delivered') return;
  await given(desk, { type: 'RefundOrder', data: { orderId, reason: 'Broken' } });
}

/** The item at `index`, failing the test when there is none. */
export function nth<T>(list: readonly T[], index: number): T {
  const item = list[index];
  if (item === undefined) throw new Error(`Expected an item at index ${index} of ${list.length}`);
  return item;
}
