import { deskWithCustomers, given, placeOrder, product } from '../features/orders/testHelpers';
import { asPlaced } from '../store/testing';
import { createTestDesk, reloadTestDesk } from './renderApp';

/**
 * A desk that syncs: the server confirmed Ada Lovelace, Grace Hopper and Ada's order o-1 (#1001),
 * and this device's payment of it is pending, the order's version 2 at position 4.
 * `cancelOnServer` brings another device's cancellation of o-1 from the server: it takes the
 * payment's place, the same version and position, as a sync writes the tail again.
 */
export async function pendingPaymentOfAnOrderCancelledElsewhere() {
  const desk = await deskWithCustomers();
  await placeOrder(desk, 'o-1');
  await desk.store.beginSync();
  const confirmed = await desk.store.readRange(1, desk.store.head);
  await desk.store.acceptServerEvents(asPlaced(confirmed), { after: 0, expectedHead: 3 });
  await given(desk, {
    type: 'RecordPayment',
    data: { orderId: 'o-1', paymentId: 'p-1', amount: 2 * product(0).unitPrice, method: 'card' },
  });

  const blank = await createTestDesk();
  await blank.store.appendPlaced(asPlaced(confirmed));
  // Reloaded, the desk makes ids of its own: another device's events are not this one's.
  const otherDevice = await reloadTestDesk(blank);
  await given(otherDevice, {
    type: 'CancelOrder',
    data: { orderId: 'o-1', reason: 'Out of stock' },
  });
  const cancellation = await otherDevice.store.readRange(4, otherDevice.store.head);
  otherDevice.store.close();

  return {
    desk,
    cancelOnServer: () =>
      desk.store.acceptServerEvents(asPlaced(cancellation), { after: 3, expectedHead: 4 }),
  };
}
