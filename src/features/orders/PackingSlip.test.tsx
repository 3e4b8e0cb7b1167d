import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { CATALOG_CURRENCY, orderLineOf } from '../../domain/products';
import { formatDate, money } from '../../lib/format';
import { renderApp } from '../../test/renderApp';
import { deskWithCustomers, given, orderIn, product } from './testHelpers';

const items = [orderLineOf(product(0), 2), orderLineOf(product(4), 1)];
const total = 2 * product(0).unitPrice + product(4).unitPrice;
const eur = (minor: number) => money(minor, CATALOG_CURRENCY);

/** The slip is hidden on screen: only the print stylesheet shows it. */
const slip = () => screen.getByRole('article', { hidden: true });

async function openPaidOrder(path = '/orders/o-1') {
  const desk = await deskWithCustomers();
  await given(desk, {
    type: 'ChangeCustomerDetails',
    data: { customerId: 'c-ada', shippingAddress: '12 St James’s Square\nLondon' },
  });
  await orderIn(desk, 'o-1', 'Paid', items);
  await renderApp(path, desk);
  await screen.findByRole('heading', { level: 1, name: 'Order #1001 · o-1' });
}

describe('the packing slip', () => {
  it('holds the shop, order, date, customer, address, lines, totals and payment', async () => {
    await openPaidOrder();
    expect(slip()).not.toBeVisible();
    const printed = within(slip());
    expect(slip()).toHaveTextContent('Order desk');
    expect(printed.getByRole('heading', { level: 2, hidden: true })).toHaveTextContent(
      'Packing slip · Order #1001 · o-1',
    );
    const placed = slip().querySelector('time')?.getAttribute('dateTime') ?? '';
    expect(slip()).toHaveTextContent(`Placed on ${formatDate(placed)} · Status Paid`);
    const address = printed.getByText(/St James’s Square/);
    expect(address.closest('address')).toHaveTextContent(
      'Ada Lovelace12 St James’s Square Londonada@example.com',
    );
    const rows = printed.getAllByRole('row', { hidden: true });
    expect(rows).toHaveLength(4);
    expect(rows[1]).toHaveTextContent(
      `${product(0).name}2${eur(product(0).unitPrice)}${eur(2 * product(0).unitPrice)}`,
    );
    expect(rows[3]).toHaveTextContent(`Total3${eur(total)}`);
    expect(slip()).toHaveTextContent(new RegExp(`${eur(total)} paid by card on .+\\.`));
    expect(slip()).not.toHaveTextContent('As it was');
  });

  it('in the past says which moment it shows', async () => {
    // Events: two customers, the address, the order placed (4), paid (5).
    await openPaidOrder('/orders/o-1?at=4');
    expect(slip()).toHaveTextContent('As it was after event #4, not as it is now.');
    expect(slip()).toHaveTextContent('Status Placed');
    expect(slip()).toHaveTextContent('Not paid yet.');
  });

  it('is printed by the Print packing slip button', async () => {
    const print = vi.spyOn(window, 'print').mockImplementation(() => undefined);
    await openPaidOrder();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Print packing slip' }));
    expect(print).toHaveBeenCalledOnce();
    print.mockRestore();
  });
});
