import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CATALOG_CURRENCY, orderLineOf } from '../../domain/products';
import { captureDownloads, csvLines } from '../../test/downloads';
import { createTestDesk, renderApp } from '../../test/renderApp';
import { formatClock, formatDate, money } from '../../lib/format';
import { deskWithCustomers, given, orderIn, placeOrder, product } from './testHelpers';
import { loadDemo } from '../../demo/loadDemo';

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

async function openList(path = '/orders') {
  const desk = await deskWithOrders();
  const user = userEvent.setup();
  const app = await renderApp(path, desk);
  await screen.findByRole('heading', { level: 1, name: 'Orders' });
  return { ...app, user };
}

const table = () => screen.getByRole('table');
/** The order links of the rendered rows, top to bottom: number and id. */
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
    expect(ids()).toEqual(['#1004 o-g2', '#1003 o-g1', '#1002 o-a2', '#1001 o-a1']);
    const row = screen.getByRole('link', { name: '#1004 o-g2' }).closest('tr');
    if (!row) throw new Error('The order link is not in a row');
    const cells = within(row).getAllByRole('cell');
    expect(cells.map((cell) => cell.textContent)).toEqual([
      '#1004 o-g2',
      'Grace Hopper',
      'Delivered',
      '3',
      money(3 * product(13).unitPrice, CATALOG_CURRENCY),
      expect.any(String),
      expect.any(String),
    ]);
    expect(within(row).getByRole('link')).toHaveAttribute('href', '/orders/o-g2');
    // Each time as its day over its hour, in the locale.
    for (const cell of cells.slice(-2)) {
      const time = cell.querySelector('time');
      const iso = time?.getAttribute('datetime') ?? '';
      expect(Date.parse(iso)).not.toBeNaN();
      expect(time).toHaveTextContent(`${formatDate(iso)} ${formatClock(iso)}`);
    }
  });

  it('filters by status', async () => {
    const { user } = await openList();
    await user.selectOptions(screen.getByLabelText('Status'), 'Placed');
    expect(ids()).toEqual(['#1003 o-g1', '#1001 o-a1']);
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
    expect(ids()).toEqual(['#1004 o-g2', '#1003 o-g1']);

    await user.clear(search);
    await user.type(search, 'O-A2');
    expect(ids()).toEqual(['#1002 o-a2']);
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
    expect(ids()).toEqual(['#1004 o-g2', '#1002 o-a2', '#1001 o-a1', '#1003 o-g1']);

    await user.click(within(totalHeader).getByRole('button', { name: 'Total' }));
    expect(totalHeader).toHaveAttribute('aria-sort', 'ascending');
    expect(ids()).toEqual(['#1003 o-g1', '#1001 o-a1', '#1002 o-a2', '#1004 o-g2']);

    await user.click(within(placedAt).getByRole('button', { name: 'Placed at' }));
    expect(placedAt).toHaveAttribute('aria-sort', 'descending');
    await user.click(within(placedAt).getByRole('button', { name: 'Placed at' }));
    expect(ids()).toEqual(['#1001 o-a1', '#1002 o-a2', '#1003 o-g1', '#1004 o-g2']);
  });

  it('follows the log: an order placed elsewhere appears', async () => {
    const { desk } = await openList();
    await placeOrder(desk, 'o-new', 'c-ada');
    expect(await screen.findByRole('link', { name: '#1005 o-new' })).toBeInTheDocument();
    expect(screen.getByText('5 orders')).toBeInTheDocument();
  });

  it('says what to do on an empty desk', async () => {
    await renderApp('/orders', await createTestDesk());
    expect(await screen.findByText('No orders yet — place the first one')).toBeInTheDocument();
    expect(screen.getByText('0 orders')).toBeInTheDocument();
  });

  it('renders only the rows in view of a long list', async () => {
    const desk = await createTestDesk();
    await loadDemo(desk, 3000);
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

describe('the orders list’s filters in the URL', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  const search = (router: { state: { location: { search: string } } }) =>
    new URLSearchParams(router.state.location.search);

  it('opens with the status, search and sort of a shared link', async () => {
    await openList('/orders?status=placed&q=grace&sort=total&dir=asc');
    expect(screen.getByLabelText('Status')).toHaveValue('Placed');
    expect(screen.getByLabelText('Search orders')).toHaveValue('grace');
    expect(screen.getByRole('columnheader', { name: /Total/ })).toHaveAttribute(
      'aria-sort',
      'ascending',
    );
    expect(ids()).toEqual(['#1003 o-g1']);
  });

  it('puts a chosen status and sort in the URL, and Back undoes them', async () => {
    const { user, router } = await openList();
    await user.selectOptions(screen.getByLabelText('Status'), 'Placed');
    expect(search(router).get('status')).toBe('Placed');
    await user.click(screen.getByRole('button', { name: 'Customer' }));
    expect(search(router).get('sort')).toBe('customer');
    expect(search(router).get('dir')).toBe('asc');
    expect(ids()).toEqual(['#1001 o-a1', '#1003 o-g1']);

    await router.navigate(-1);
    await waitFor(() => {
      expect(ids()).toEqual(['#1003 o-g1', '#1001 o-a1']);
    });
    await router.navigate(-1);
    await waitFor(() => {
      expect(screen.getByLabelText('Status')).toHaveValue('All');
    });
    expect(ids()).toHaveLength(4);
  });

  it('puts the search in the URL when typing pauses, and follows the URL when it changes', async () => {
    const { user, router } = await openList();
    await user.type(screen.getByLabelText('Search orders'), 'grace');
    await waitFor(() => {
      expect(search(router).get('q')).toBe('grace');
    });
    await router.navigate('/orders?q=o-a2');
    await waitFor(() => {
      expect(screen.getByLabelText('Search orders')).toHaveValue('o-a2');
    });
    expect(ids()).toEqual(['#1002 o-a2']);
  });

  it('finds orders by number, product, tracking number and amount', async () => {
    const { user } = await openList();
    const box = screen.getByLabelText('Search orders');
    // The list follows what is typed a render behind (a deferred value): wait for it.
    const searchFor = async (text: string, expected: string[]) => {
      await user.clear(box);
      await user.type(box, text);
      await waitFor(() => {
        expect(ids()).toEqual(expected);
      });
    };
    await searchFor('#1003', ['#1003 o-g1']);
    await searchFor(product(13).name, ['#1004 o-g2']);
    await searchFor('u1', ['#1004 o-g2']);
    await searchFor((product(2).unitPrice / 100).toFixed(2), ['#1003 o-g1']);
  });

  it('filters by the day an order was placed, both days included', async () => {
    const { user } = await openList('/orders?from=2026-03-02');
    expect(screen.getByText('No order matches')).toBeInTheDocument();
    await user.clear(screen.getByLabelText('Placed from'));
    await user.type(screen.getByLabelText('Placed from'), '2026-03-01');
    await user.type(screen.getByLabelText('Placed to'), '2026-03-01');
    expect(ids()).toHaveLength(4);
    expect(screen.getByText('4 of 4 orders match')).toBeInTheDocument();
  });

  it('downloads the list as filtered and sorted, as a CSV file named after the list and the day', async () => {
    const downloads = captureDownloads();
    const { user } = await openList('/orders?status=Placed&sort=total&dir=desc');
    await user.click(screen.getByRole('button', { name: 'Download CSV' }));
    await waitFor(() => {
      expect(downloads).toHaveLength(1);
    });
    const [file] = downloads;
    if (file === undefined) throw new Error('No download');
    expect(file.filename).toMatch(/^orders-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = await csvLines(file.blob);
    expect(lines[0]).toMatch(/^Order number,Order id,Status,/);
    expect(lines.slice(1).map((line) => line.split(',').slice(0, 3).join(','))).toEqual([
      '1001,o-a1,Placed',
      '1003,o-g1,Placed',
    ]);
    expect(screen.getByText(/^Downloaded orders-.*\.csv: 2 orders\.$/)).toHaveAttribute(
      'role',
      'status',
    );
  });

  it('names a past moment’s file after its position', async () => {
    const downloads = captureDownloads();
    const { user } = await openList('/orders?at=4');
    await user.click(screen.getByRole('button', { name: 'Download CSV' }));
    await waitFor(() => {
      expect(downloads).toHaveLength(1);
    });
    expect(downloads[0]?.filename).toBe('orders-at-4.csv');
    expect(await csvLines(downloads[0]?.blob ?? new Blob())).toHaveLength(3);
  });
});
