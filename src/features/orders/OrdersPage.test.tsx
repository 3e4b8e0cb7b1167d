import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { CATALOG_CURRENCY, orderLineOf } from '../../demo/catalog';
import { createTestDesk, renderApp } from '../../test/renderApp';
import { money } from '../../lib/format';
import { useOrdersUi } from './ordersUi';
import { deskWithCustomers, given, orderIn, placeOrder, product } from './testHelpers';

beforeEach(() => {
  useOrdersUi.getState().reset();
});

/** Four orders: o-a1 Placed (Ada, 1 × product 0), o-a2 Paid (Ada), o-g1 Placed (Grace), o-g2 Delivered (Grace, the largest). */
async function deskWithOrders() {
  const desk = await deskWithCustomers();
  await orderIn(desk, 'o-a1', 'Placed', [orderLineOf(product(0), 1)]);
  await orderIn(desk, 'o-a2', 'Paid', [orderLineOf(product(1), 2)]);
  await placeOrder(desk, 'o-g1', 'c-grace', [orderLineOf(product(2), 1)]);
  await placeOrder(desk, 'o-g2', 'c-grace', [orderLineOf(product(13), 3)]);
  await given(desk, {
    type: 'RecordPayment',
    data: {
      orderId: 'o-g2',
      paymentId: 'p-g2',
      amount: 3 * product(13).unitPrice,
      method: 'card',
    },
  });
  await given(desk, {
    type: 'ShipOrder',
    data: { orderId: 'o-g2', carrier: 'UPS', trackingNumber: 'U1' },
  });
  await given(desk, { type: 'MarkDelivered', data: { orderId: 'o-g2' } });
  return desk;
}

async function openList() {
  const desk = await deskWithOrders();
  const user = userEvent.setup();
  const app = await renderApp('/orders', desk);
  await screen.findByRole('heading', { level: 1, name: 'Orders' });
  return { ...app, user };
}

const table = () => screen.getByRole('table');
/** The order ids of the rendered rows, top to bottom. */
const ids = () =>
  within(table())
    .getAllByRole('row')
    .slice(1)
    .map((row) => within(row).getByRole('link').textContent);

describe('the orders list', () => {
  it('lists every order with customer, status, items, total and times, newest first', async () => {
    await openList();
    expect(screen.getByText('4 orders')).toBeInTheDocument();
    expect(table()).toHaveAttribute('aria-rowcount', '5');
    // Same clock for every test order: ties fall back to the order id, descending.
    expect(ids()).toEqual(['o-g2', 'o-g1', 'o-a2', 'o-a1']);
    const row = screen.getByRole('link', { name: 'o-g2' }).closest('tr');
    if (!row) throw new Error('The order link is not in a row');
    const cells = within(row).getAllByRole('cell');
    expect(cells.map((cell) => cell.textContent)).toEqual([
      'o-g2',
      'Grace Hopper',
      'Delivered',
      '3',
      money(3 * product(13).unitPrice, CATALOG_CURRENCY),
      expect.any(String),
      expect.any(String),
    ]);
    expect(within(row).getByRole('link')).toHaveAttribute('href', '/orders/o-g2');
  });

  it('filters by status', async () => {
    const { user } = await openList();
    await user.selectOptions(screen.getByLabelText('Status'), 'Placed');
    expect(ids()).toEqual(['o-g1', 'o-a1']);
    expect(screen.getByText('2 of 4 orders match')).toBeInTheDocument();

    await user.selectOptions(screen.getByLabelText('Status'), 'Refunded');
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    expect(screen.getByText('No order matches')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(screen.getByLabelText('Status')).toHaveValue('All');
    expect(ids()).toHaveLength(4);
  });

  it('starts the list again from the top when the filter changes, and not before', async () => {
    const { user } = await openList();
    const list = screen.getByRole('region', { name: 'Orders list' });
    list.scrollTop = 400;
    await user.type(screen.getByRole('searchbox', { name: 'Search orders' }), 'o');
    expect(list.scrollTop).toBe(0);
    list.scrollTop = 400;
    await user.click(table());
    expect(list.scrollTop).toBe(400);
  });

  it('searches by order id and by customer name, case-insensitively', async () => {
    const { user } = await openList();
    const search = screen.getByLabelText('Search orders');
    await user.type(search, 'grace');
    expect(ids()).toEqual(['o-g2', 'o-g1']);

    await user.clear(search);
    await user.type(search, 'O-A2');
    expect(ids()).toEqual(['o-a2']);
    expect(screen.getByText('1 of 4 orders match')).toBeInTheDocument();

    await user.selectOptions(screen.getByLabelText('Status'), 'Placed');
    expect(screen.getByText('No order matches')).toBeInTheDocument();
  });

  it('sorts by total and by time with the column headers', async () => {
    const { user } = await openList();
    const placedAt = screen.getByRole('columnheader', { name: /Placed at/ });
    const totalHeader = screen.getByRole('columnheader', { name: /Total/ });
    expect(placedAt).toHaveAttribute('aria-sort', 'descending');
    expect(totalHeader).not.toHaveAttribute('aria-sort');

    await user.click(within(totalHeader).getByRole('button', { name: 'Total' }));
    expect(totalHeader).toHaveAttribute('aria-sort', 'descending');
    expect(placedAt).not.toHaveAttribute('aria-sort');
    // product(13) × 3 > product(1) × 2 > product(0) > product(2)
    expect(ids()).toEqual(['o-g2', 'o-a2', 'o-a1', 'o-g1']);

    await user.click(within(totalHeader).getByRole('button', { name: 'Total' }));
    expect(totalHeader).toHaveAttribute('aria-sort', 'ascending');
    expect(ids()).toEqual(['o-g1', 'o-a1', 'o-a2', 'o-g2']);

    await user.click(within(placedAt).getByRole('button', { name: 'Placed at' }));
    expect(placedAt).toHaveAttribute('aria-sort', 'descending');
    await user.click(within(placedAt).getByRole('button', { name: 'Placed at' }));
    expect(ids()).toEqual(['o-a1', 'o-a2', 'o-g1', 'o-g2']);
  });

  it('follows the log: an order placed elsewhere appears', async () => {
    const { desk } = await openList();
    await placeOrder(desk, 'o-new', 'c-ada');
    expect(await screen.findByRole('link', { name: 'o-new' })).toBeInTheDocument();
    expect(screen.getByText('5 orders')).toBeInTheDocument();
  });

  it('says what to do on an empty desk', async () => {
    await renderApp('/orders', await createTestDesk());
    expect(await screen.findByText('No orders yet — place the first one')).toBeInTheDocument();
    expect(screen.getByText('0 orders')).toBeInTheDocument();
  });

  it('renders only the rows in view of a long list', async () => {
    const desk = await createTestDesk();
    await desk.loadDemo(3000);
    // Long batches fold in slices, after the append resolves.
    await waitFor(() => {
      expect(desk.getStatus().present.position).toBe(desk.store.head);
    });
    const orderCount = desk.getStatus().present.orders.count;
    expect(orderCount).toBeGreaterThan(300);
    await renderApp('/orders', desk);
    await screen.findByRole('heading', { level: 1, name: 'Orders' });
    expect(table()).toHaveAttribute('aria-rowcount', String(orderCount + 1));
    const rendered = ids().length;
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(60);
  });
});
