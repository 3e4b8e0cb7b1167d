import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { CommandConflictError } from '../../application/commands';
import { Desk } from '../../application/desk';
import { CATALOG_CURRENCY, orderLineOf } from '../../domain/products';
import { EventStore } from '../../store/eventStore';
import { asPlaced } from '../../store/testing';
import { renderApp } from '../../test/renderApp';
import { money } from '../../lib/format';
import { deskWithCustomers, given, orderIn, placeOrder, product } from './testHelpers';
import { pendingPaymentOfAnOrderCancelledElsewhere } from '../../test/rewrittenTail';

const items = [orderLineOf(product(0), 2), orderLineOf(product(4), 1)];
const total = 2 * product(0).unitPrice + product(4).unitPrice;
const eur = (minor: number) => money(minor, CATALOG_CURRENCY);

type Status = Parameters<typeof orderIn>[2];

async function openOrder(status: Status = 'Placed', orderId = 'o-1') {
  const desk = await deskWithCustomers();
  await orderIn(desk, orderId, status, items);
  const user = userEvent.setup();
  const app = await renderApp(`/orders/${orderId}`, desk);
  await screen.findByRole('heading', { level: 1, name: `Order #1001 · ${orderId}` });
  return { ...app, user };
}

const status = () => screen.getByTestId('order-status');
const actions = () => screen.getByRole('region', { name: 'Actions' });
const trail = () => screen.getByRole('region', { name: 'Audit trail' });

/** The page's message of what the last command did (role status, focused when it changes). */
const done = () =>
  screen.getAllByRole('status').find((element) => element.classList.contains('done-message'));

/** Answers the dialog an irreversible action opens with its `button`. */
async function answer(user: ReturnType<typeof userEvent.setup>, title: string, button: string) {
  const dialog = await screen.findByRole('dialog', { name: title });
  await user.click(within(dialog).getByRole('button', { name: button }));
  await waitFor(() => {
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });
}

const actionButtons = [
  'Record payment',
  'Ship order',
  'Mark delivered',
  'Cancel order',
  'Refund',
] as const;

describe('the order page', () => {
  it('shows the order: status, customer, lines, totals and its audit trail', async () => {
    await openOrder();
    expect(status()).toHaveTextContent(/^Placed$/);
    expect(screen.getByRole('link', { name: 'Ada Lovelace' })).toHaveAttribute(
      'href',
      '/customers/c-ada',
    );
    const lines = screen.getByRole('table');
    const rows = within(lines).getAllByRole('row');
    expect(rows).toHaveLength(4);
    expect(rows[1]).toHaveTextContent(product(0).name);
    expect(rows[1]).toHaveTextContent(eur(2 * product(0).unitPrice));
    expect(rows[3]).toHaveTextContent(eur(total));
    expect(await within(trail()).findByText('Order placed')).toBeInTheDocument();
  });

  it('shows the customer’s email and shipping address as they were at the moment shown', async () => {
    const desk = await deskWithCustomers();
    await orderIn(desk, 'o-1', 'Placed', items);
    await given(desk, {
      type: 'ChangeCustomerDetails',
      data: { customerId: 'c-ada', email: 'countess@example.com', shippingAddress: '1 Ockham Rd' },
    });
    const { router } = await renderApp('/orders/o-1', desk);
    const summary = await screen.findByRole('region', { name: 'Summary' });
    expect(within(summary).getByText('countess@example.com')).toBeInTheDocument();
    expect(within(summary).getByLabelText('Shipping address')).toHaveTextContent('1 Ockham Rd');

    // Just after the order was placed (event 3): before the change.
    await router.navigate('/orders/o-1?at=3');
    await waitFor(() => {
      expect(within(summary).getByText('ada@example.com')).toBeInTheDocument();
    });
    expect(within(summary).getByLabelText('Shipping address')).toHaveTextContent(
      'No shipping address',
    );
  });

  it.each<[Status, readonly string[]]>([
    ['Placed', ['Record payment', 'Cancel order']],
    ['Paid', ['Ship order', 'Cancel order']],
    ['Shipped', ['Mark delivered']],
    ['Delivered', ['Refund']],
    ['Cancelled', []],
    ['Refunded', []],
  ])('offers only what the rules allow when the order is %s', async (orderStatus, allowed) => {
    await openOrder(orderStatus);
    expect(status()).toHaveTextContent(orderStatus);
    for (const name of actionButtons) {
      const button = within(actions()).queryByRole('button', { name });
      if (allowed.includes(name)) expect(button).toBeInTheDocument();
      else expect(button).not.toBeInTheDocument();
    }
    if (allowed.length === 0)
      expect(within(actions()).getByText(/Nothing more can happen/)).toBeInTheDocument();
  });

  it('takes an order from payment through shipping to delivery', async () => {
    const { user, desk } = await openOrder();

    await user.selectOptions(screen.getByLabelText('Method'), 'Bank transfer');
    await user.click(screen.getByRole('button', { name: 'Record payment' }));
    await waitFor(() => {
      expect(status()).toHaveTextContent('Paid');
    });
    const details = screen.getByRole('region', { name: 'Details' });
    expect(details).toHaveTextContent(eur(total));
    expect(details).toHaveTextContent('Bank transfer');
    // The payment form is gone: focus is on what happened, not on the page's body.
    await waitFor(() => {
      expect(done()).toHaveFocus();
    });
    await waitFor(() => {
      expect(done()).toHaveTextContent(`Payment of ${eur(total)} by bank transfer recorded.`);
    });

    await user.type(screen.getByLabelText('Carrier'), 'DHL');
    await user.type(screen.getByLabelText('Tracking number'), 'JD0146');
    await user.click(screen.getByRole('button', { name: 'Ship order' }));
    await waitFor(() => {
      expect(status()).toHaveTextContent('Shipped');
    });
    expect(screen.getByRole('region', { name: 'Details' })).toHaveTextContent('JD0146');
    // The message follows the command's answer, which may come a moment after the status.
    await waitFor(() => {
      expect(done()).toHaveTextContent('Order shipped with DHL, tracking number JD0146.');
    });
    await waitFor(() => {
      expect(done()).toHaveFocus();
    });

    await user.click(screen.getByRole('button', { name: 'Mark delivered' }));
    await answer(user, 'Mark order o-1 delivered?', 'Confirm delivery');
    await waitFor(() => {
      expect(status()).toHaveTextContent('Delivered');
    });
    // The message follows the command's answer, which may come a moment after the status.
    await waitFor(() => {
      expect(done()).toHaveTextContent('Order marked as delivered.');
    });
    expect(screen.getByRole('button', { name: 'Refund' })).toBeInTheDocument();
    expect(await within(trail()).findByText('Order delivered')).toBeInTheDocument();
    for (const title of ['Order placed', 'Payment recorded', 'Order shipped']) {
      expect(within(trail()).getByText(title)).toBeInTheDocument();
    }
    const order = desk.getStatus().present.orders.get('o-1');
    expect(order?.payment).toMatchObject({ amount: total, method: 'bank_transfer' });
    expect(order?.shipment).toMatchObject({ carrier: 'DHL', trackingNumber: 'JD0146' });
    expect(order?.payment?.paymentId).toMatch(/^p-[0-9a-f]{8}$/);
  });

  it('cancels a paid order: Cancelled, with the refund in the details and the trail', async () => {
    const { user } = await openOrder('Paid');
    expect(screen.getByText(`The payment of ${eur(total)} is refunded in full.`)).toBeVisible();

    await user.type(screen.getByLabelText('Reason'), 'Out of stock');
    await user.click(screen.getByRole('button', { name: 'Cancel order' }));
    await answer(user, 'Cancel order o-1?', 'Confirm cancel');

    await waitFor(() => {
      expect(status()).toHaveTextContent('Cancelled');
    });
    // The message follows the command's answer, which may come a moment after the status.
    await waitFor(() => {
      expect(done()).toHaveTextContent(
        `Order cancelled; the payment of ${eur(total)} was refunded.`,
      );
    });
    const details = screen.getByRole('region', { name: 'Details' });
    const refund = within(details).getByRole('heading', { name: 'Refund' }).parentElement;
    expect(refund).toHaveTextContent(eur(total));
    expect(refund).toHaveTextContent('Out of stock');
    expect(await within(trail()).findByText('Payment refunded')).toBeInTheDocument();
    expect(within(trail()).getByText('Order cancelled')).toBeInTheDocument();
    expect(within(actions()).queryByRole('button')).not.toBeInTheDocument();
  });

  it('refunds a delivered order with a reason', async () => {
    const { user } = await openOrder('Delivered');
    await user.type(screen.getByLabelText('Reason'), 'Arrived broken');
    await user.click(screen.getByRole('button', { name: 'Refund' }));
    await answer(user, 'Refund order o-1?', 'Confirm refund');
    await waitFor(() => {
      expect(status()).toHaveTextContent('Refunded');
    });
    // The message follows the command's answer, which may come a moment after the status.
    await waitFor(() => {
      expect(done()).toHaveTextContent(`Refund of ${eur(total)} recorded.`);
    });
    expect(screen.getByRole('region', { name: 'Details' })).toHaveTextContent('Arrived broken');
  });

  it.each([
    ['Paid', 'Cancel order', 'Cancel order o-1?', 'Keep the order'],
    ['Shipped', 'Mark delivered', 'Mark order o-1 delivered?', 'Go back'],
    ['Delivered', 'Refund', 'Refund order o-1?', 'Go back'],
  ] as const)(
    'asks before it can %s → %s, naming the order, the customer and the amount',
    async (orderStatus, action, title, keep) => {
      const { user, desk } = await openOrder(orderStatus);
      const head = desk.store.head;
      if (action !== 'Mark delivered')
        await user.type(screen.getByLabelText('Reason'), 'Changed their mind');
      const button = screen.getByRole('button', { name: action });
      await user.click(button);

      const dialog = screen.getByRole('dialog', { name: title });
      expect(dialog).toHaveTextContent('#1001 · o-1');
      expect(dialog).toHaveTextContent('Ada Lovelace');
      expect(dialog).toHaveTextContent(eur(total));
      if (action !== 'Mark delivered') expect(dialog).toHaveTextContent('Changed their mind');
      expect(dialog).toHaveAccessibleDescription(/This cannot be undone/);
      // It opens on the choice that changes nothing, and changes nothing.
      expect(within(dialog).getByRole('button', { name: keep })).toHaveFocus();
      await user.click(within(dialog).getByRole('button', { name: keep }));
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
      expect(button).toHaveFocus();
      expect(status()).toHaveTextContent(orderStatus);
      expect(desk.store.head).toBe(head);
      expect(done()).toBeEmptyDOMElement();
    },
  );

  it('shows a rejection next to its form, keeps what was typed and appends nothing', async () => {
    const { user, desk } = await openOrder('Paid');
    const head = desk.store.head;

    await user.type(screen.getByLabelText('Carrier'), 'UPS');
    await user.click(screen.getByRole('button', { name: 'Ship order' }));

    const shipForm = screen.getByRole('form', { name: 'Shipment' });
    expect(await within(shipForm).findByRole('alert')).toHaveTextContent(
      'Enter both the carrier and the tracking number.',
    );
    expect(screen.getAllByRole('alert')).toHaveLength(1);
    expect(screen.getByLabelText('Carrier')).toHaveValue('UPS');
    expect(status()).toHaveTextContent('Paid');
    expect(desk.store.head).toBe(head);

    // An empty reason is rejected too; the alert moves to the form it came from.
    await user.type(screen.getByLabelText('Reason'), '   ');
    await user.click(screen.getByRole('button', { name: 'Cancel order' }));
    await answer(user, 'Cancel order o-1?', 'Confirm cancel');
    const cancelForm = screen.getByRole('form', { name: 'Cancellation' });
    expect(await within(cancelForm).findByRole('alert')).toHaveTextContent('Give a reason.');
    expect(screen.getAllByRole('alert')).toHaveLength(1);
    expect(screen.getByLabelText('Carrier')).toHaveValue('UPS');
    expect(desk.store.head).toBe(head);

    // A command that succeeds clears the message.
    await user.type(screen.getByLabelText('Tracking number'), 'Z1');
    await user.click(screen.getByRole('button', { name: 'Ship order' }));
    await waitFor(() => {
      expect(status()).toHaveTextContent('Shipped');
    });
    // The message follows the command's answer, which may come a moment after the status.
    await waitFor(() => {
      expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    });
  });

  it('shows the message when another tab changed the order first', async () => {
    const name = `orders-two-tabs-${Math.random()}`;
    const tab = (source: string) =>
      new Desk(
        new EventStore({ name }),
        source,
        () => new Date('2026-03-01T12:00:00.000Z'),
        () => `${source}-${crypto.randomUUID()}`,
      );
    const desk = tab('urn:uuid:this-tab');
    const otherTab = tab('urn:uuid:other-tab');
    await Promise.all([desk.start(), otherTab.start()]);
    await given(desk, {
      type: 'RegisterCustomer',
      data: { customerId: 'c-ada', name: 'Ada Lovelace', email: 'ada@example.com' },
    });
    await placeOrder(desk, 'o-1', 'c-ada', items);
    const user = userEvent.setup();
    await renderApp('/orders/o-1', desk);
    expect(await screen.findByTestId('order-status')).toHaveTextContent('Placed');

    // The other tab pays the order just before this tab's click lands.
    const execute = desk.execute.bind(desk);
    vi.spyOn(desk, 'execute').mockImplementationOnce(async (command) => {
      await otherTab.store.catchUp();
      await given(otherTab, {
        type: 'RecordPayment',
        data: { orderId: 'o-1', paymentId: 'p-other', amount: total, method: 'cash' },
      });
      return execute(command);
    });
    await user.click(screen.getByRole('button', { name: 'Record payment' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Order o-1 is Paid: it can be paid only when it is Placed.',
    );
    // The page follows the log: the order is Paid, the payment form is gone, the alert stays.
    await waitFor(() => {
      expect(status()).toHaveTextContent('Paid');
    });
    expect(within(actions()).getByRole('alert')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Ship order' })).toBeInTheDocument();
    const order = desk.getStatus().present.orders.get('o-1');
    expect(order?.payment?.paymentId).toBe('p-other');
    expect(order?.version).toBe(2);
    desk.store.close();
    otherTab.store.close();
  });

  it('shows the message when the command keeps conflicting with other tabs', async () => {
    const { user, desk } = await openOrder('Shipped');
    const head = desk.store.head;
    vi.spyOn(desk, 'execute').mockRejectedValueOnce(new CommandConflictError('order-o-1'));
    await user.click(screen.getByRole('button', { name: 'Mark delivered' }));
    await answer(user, 'Mark order o-1 delivered?', 'Confirm delivery');
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Someone else kept changing order-o-1 while this command ran.',
    );
    expect(status()).toHaveTextContent('Shipped');
    expect(desk.store.head).toBe(head);
  });

  it('shows the order as it was in the past, with commands turned off', async () => {
    const desk = await deskWithCustomers();
    await orderIn(desk, 'o-1', 'Shipped', items);
    // Positions: 1–2 the customers, 3 placed, 4 paid, 5 shipped.
    await renderApp('/orders/o-1?at=4', desk);
    await waitFor(() => {
      expect(screen.getByTestId('order-status')).toHaveTextContent('Paid');
    });
    expect(within(actions()).getByText(/viewing the past/i)).toBeInTheDocument();
    expect(within(actions()).queryByRole('button')).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Ada Lovelace' })).toHaveAttribute(
      'href',
      '/customers/c-ada?at=4',
    );
  });

  it('says so when its audit trail cannot be read, and shows the order still', async () => {
    const desk = await deskWithCustomers();
    await orderIn(desk, 'o-1', 'Placed');
    vi.spyOn(desk.store, 'readStream').mockRejectedValueOnce(new Error('Database has been closed'));
    await renderApp('/orders/o-1', desk);
    expect(await within(trail()).findByRole('alert')).toHaveTextContent(
      /^The history could not be read\. Something went wrong/,
    );
    expect(status()).toHaveTextContent(/^Placed$/);
  });

  it('says clearly when there is no such order', async () => {
    const user = userEvent.setup();
    const { router } = await renderApp('/orders/o-missing', await deskWithCustomers());
    expect(await screen.findByText('No order o-missing')).toBeInTheDocument();
    expect(screen.queryByTestId('order-status')).not.toBeInTheDocument();
    await user.click(screen.getByRole('link', { name: 'Back to the orders' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Orders' })).toBeVisible();
    expect(router.state.location.pathname).toBe('/orders');
  });

  it('reaches every action with the keyboard', async () => {
    const { user } = await openOrder('Paid');
    const carrier = screen.getByLabelText('Carrier');
    carrier.focus();
    await user.keyboard('DHL');
    await user.tab();
    expect(screen.getByLabelText('Tracking number')).toHaveFocus();
    await user.keyboard('T-1');
    await user.tab();
    expect(screen.getByRole('button', { name: 'Ship order' })).toHaveFocus();
    await user.keyboard('{Enter}');
    await waitFor(() => {
      expect(status()).toHaveTextContent('Shipped');
    });
  });
});

describe('the order page while the desk syncs', () => {
  it('says that an order not yet synced may get another number, until it is synced', async () => {
    const desk = await deskWithCustomers();
    await desk.store.beginSync();
    await placeOrder(desk, 'o-new');
    await renderApp('/orders/o-new', desk);
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Order #1001 · o-new' }),
    ).toBeInTheDocument();
    expect(screen.getByText('Not yet synced: the number may change')).toBeInTheDocument();
    const slip = () => document.querySelector('.packing-slip');
    expect(slip()).toHaveTextContent('Not yet synced: the order number may change');

    const events = await desk.store.readRange(1, desk.store.head);
    await desk.store.acceptServerEvents(asPlaced(events), {
      after: 0,
      expectedHead: events.length,
    });
    await waitFor(() => {
      expect(screen.queryByText('Not yet synced: the number may change')).not.toBeInTheDocument();
    });
    expect(slip()).not.toHaveTextContent('Not yet synced');
  });

  it('reads the audit trail again when the server’s events take the place of this device’s', async () => {
    const { desk, cancelOnServer } = await pendingPaymentOfAnOrderCancelledElsewhere();
    await renderApp('/orders/o-1', desk);
    await waitFor(() => {
      expect(trail()).toHaveTextContent('Payment recorded');
    });

    await cancelOnServer();
    // The order's version and the event's position are as before; the event is not.
    await waitFor(() => {
      expect(trail()).toHaveTextContent('Order cancelled');
    });
    expect(trail()).not.toHaveTextContent('Payment recorded');
    expect(within(trail()).getAllByRole('listitem')).toHaveLength(2);
  });
});
