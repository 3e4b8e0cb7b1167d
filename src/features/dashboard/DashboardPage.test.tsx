import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { orderStatuses } from '../../domain/order';
import { RECENT_ACTIVITY_SIZE } from '../../projections';
import { ordersByPlacing } from '../../projections/testing';
import { StorageFullError } from '../../store/errors';
import { createTestDesk, renderApp } from '../../test/renderApp';

describe('dashboard', () => {
  it('on an empty desk, says what to do next and offers demo data', async () => {
    await renderApp('/');
    expect(await screen.findByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
    expect(screen.getByRole('heading', { name: 'Nothing here yet' })).toBeVisible();
    const next = screen.getByRole('region', { name: 'Nothing here yet' });
    expect(within(next).getByRole('link', { name: 'Customers' })).toHaveAttribute(
      'href',
      '/customers',
    );
    expect(screen.getByLabelText('Demo size')).toHaveDisplayValue('10,000 events');
    expect(screen.getByRole('button', { name: 'Load demo data' })).toBeEnabled();
    expect(screen.queryByRole('heading', { name: 'Orders by status' })).not.toBeInTheDocument();
  });

  it('loads demo data with a progress bar, then shows counts, revenue and recent activity', async () => {
    const user = userEvent.setup();
    const { desk } = await renderApp('/');
    await user.selectOptions(await screen.findByLabelText('Demo size'), '1000');
    await user.click(screen.getByRole('button', { name: 'Load demo data' }));

    expect(screen.getByRole('button', { name: 'Load demo data' })).toBeDisabled();
    expect(screen.getByRole('progressbar', { name: 'Loading demo data' })).toBeInTheDocument();

    expect(
      await screen.findByText(
        'Loaded 1,000 demo events. Every screen now shows them.',
        {},
        { timeout: 10_000 },
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Load demo data' })).not.toBeInTheDocument();

    const totals = screen.getByRole('region', { name: 'Totals' });
    const view = desk.getStatus().present;
    expect(within(totals).getByRole('link', { name: '1,000' })).toHaveAttribute('href', '/events');
    expect(
      within(totals).getByRole('link', { name: view.orders.count.toLocaleString() }),
    ).toHaveAttribute('href', '/orders');
    expect(
      within(totals).getByRole('link', { name: view.customers.count.toLocaleString() }),
    ).toHaveAttribute('href', '/customers');

    // Every status, counted as the orders view counts it.
    const byStatus = screen.getByRole('region', { name: 'Orders by status' });
    const links = within(byStatus).getAllByRole('link');
    expect(links).toHaveLength(orderStatuses.length);
    let sum = 0;
    for (const status of orderStatuses) {
      const expected = ordersByPlacing(view).filter((order) => order.status === status).length;
      sum += expected;
      const link = within(byStatus).getByRole('link', { name: new RegExp(`^${status} `) });
      expect(link).toHaveAccessibleName(
        `${status} ${expected.toLocaleString()} ${expected === 1 ? 'order' : 'orders'}`,
      );
      expect(link).toHaveAttribute('href', `/orders?status=${status}`);
    }
    expect(sum).toBe(view.orders.count);
    expect(sum).toBeGreaterThan(0);

    const chart = screen.getByRole('img', { name: /^Revenue in EUR per (day|week|month)/ });
    expect(chart.getAttribute('aria-label')).toMatch(/Total €[\d,]+\.\d\d\./);
    expect(screen.getByText('Show the figures as a table')).toBeInTheDocument();

    const activity = screen.getByRole('region', { name: 'Recent activity' });
    const items = within(activity).getAllByRole('listitem');
    expect(items).toHaveLength(RECENT_ACTIVITY_SIZE);
    const newest = view.dashboard.recentActivity[0];
    expect(items[0]).toHaveTextContent(newest?.summary ?? 'missing');
    expect(
      within(items[0] as HTMLElement).getByRole('link', { name: `Event #1,000 in the log` }),
    ).toHaveAttribute('href', '/events?position=1000');
    // Loading and rendering a thousand events takes seconds on a busy machine.
  }, 30_000);

  it('follows new events by itself', async () => {
    const desk = await createTestDesk();
    await renderApp('/', desk);
    await screen.findByRole('heading', { name: 'Nothing here yet' });

    await desk.execute({
      type: 'RegisterCustomer',
      data: { customerId: 'c1', name: 'Ada Lovelace', email: 'ada@example.com' },
    });

    const activity = await screen.findByRole('region', { name: 'Recent activity' });
    expect(
      within(activity).getByRole('link', {
        name: 'Customer Ada Lovelace registered (ada@example.com)',
      }),
    ).toHaveAttribute('href', '/customers/c1');
    expect(
      screen.getByText('No payments yet. Revenue appears here once an order is paid.'),
    ).toBeVisible();
    const totals = screen.getByRole('region', { name: 'Totals' });
    expect(within(totals).getByText('Customers').nextElementSibling).toHaveTextContent('1');

    await desk.execute({
      type: 'PlaceOrder',
      data: {
        orderId: 'o-1',
        customerId: 'c1',
        currency: 'EUR',
        items: [{ product_id: 'mug', name: 'Mug', quantity: 1, unit_price: 900 }],
      },
    });
    expect(
      await within(activity).findByRole('link', { name: /^#1001 Order o-1 placed by Ada/ }),
    ).toHaveAttribute('href', '/orders/o-1');
  });

  it('does not offer demo data in the past', async () => {
    const desk = await createTestDesk();
    await desk.execute({
      type: 'RegisterCustomer',
      data: { customerId: 'c1', name: 'Ada Lovelace', email: 'ada@example.com' },
    });
    await renderApp('/?at=0', desk);
    expect(await screen.findByRole('heading', { name: 'Nothing had happened yet' })).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Load demo data' })).not.toBeInTheDocument();
  });

  it('shows why demo data could not be loaded, and lets the user try again', async () => {
    const user = userEvent.setup();
    const desk = await createTestDesk();
    vi.spyOn(desk, 'appendHistory')
      .mockRejectedValueOnce(new StorageFullError(9_500_000, 10_000_000))
      .mockRejectedValueOnce(new TypeError("Cannot read properties of undefined (reading 'x')"));
    await renderApp('/', desk);

    await user.click(await screen.findByRole('button', { name: 'Load demo data' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      "The demo data could not be loaded. The browser's storage for this site is full (9.5 MB of 10 MB used)",
    );

    // A failure nobody worded reads as a plain sentence, not as the raw error.
    await user.click(screen.getByRole('button', { name: 'Load demo data' }));
    await waitFor(() => {
      expect(screen.getByRole('alert')).toHaveTextContent('Something went wrong');
    });
    expect(screen.getByRole('alert')).not.toHaveTextContent('undefined');
    await waitFor(() => {
      expect(screen.getByRole('button', { name: 'Load demo data' })).toBeEnabled();
    });
  });
});
