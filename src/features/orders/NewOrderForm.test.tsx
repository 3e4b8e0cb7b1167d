import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { CATALOG_CURRENCY } from '../../domain/products';
import { createTestDesk, renderApp } from '../../test/renderApp';
import { money } from '../../lib/format';
import { deskWithCustomers, placeOrder, nth, product } from './testHelpers';

const eur = (minor: number) => money(minor, CATALOG_CURRENCY);

async function openOrders() {
  const desk = await deskWithCustomers();
  const user = userEvent.setup();
  const app = await renderApp('/orders', desk);
  await screen.findByRole('heading', { level: 1, name: 'Orders' });
  return { ...app, user };
}

const form = () => screen.getByRole('region', { name: 'New order' });

describe('placing an order', () => {
  it('names an order not yet synced by its id alone: its number may change', async () => {
    const desk = await deskWithCustomers();
    await desk.store.beginSync();
    const user = userEvent.setup();
    await renderApp('/orders', desk);
    await screen.findByRole('heading', { level: 1, name: 'Orders' });
    const espresso = product(0);
    await user.selectOptions(screen.getByLabelText('Customer'), 'Grace Hopper');
    await user.selectOptions(
      screen.getByLabelText('Product'),
      screen.getByRole('option', { name: new RegExp(`^${espresso.name}`) }),
    );
    await user.click(screen.getByRole('button', { name: 'Place order' }));

    expect(await screen.findByTestId('order-status')).toHaveTextContent('Placed');
    const orderId = /o-[0-9a-f]{8}/.exec(
      screen.getByRole('heading', { level: 1 }).textContent,
    )?.[0];
    expect(
      await screen.findByText(
        `Order ${orderId ?? ''} placed for Grace Hopper: ${eur(espresso.unitPrice)}.`,
      ),
    ).toHaveRole('status');
  });

  it('places an order with two lines, shows the live total and opens the order page', async () => {
    const { user, router, desk } = await openOrders();
    const espresso = product(0);
    const mug = product(4);

    // No orders yet: the form is open.
    expect(screen.getByRole('button', { name: 'New order' })).toHaveAttribute(
      'aria-expanded',
      'true',
    );
    expect(screen.getByText('No orders yet — place the first one')).toBeInTheDocument();

    await user.selectOptions(screen.getByLabelText('Customer'), 'Grace Hopper');
    await user.selectOptions(
      screen.getByLabelText('Product'),
      screen.getByRole('option', { name: new RegExp(`^${espresso.name}`) }),
    );
    const quantity = screen.getByLabelText('Quantity');
    await user.clear(quantity);
    await user.type(quantity, '3');
    expect(screen.getByLabelText('Total')).toHaveTextContent(eur(3 * espresso.unitPrice));

    await user.click(screen.getByRole('button', { name: 'Add line' }));
    const products = screen.getAllByLabelText('Product');
    expect(products).toHaveLength(2);
    // The new line's product has the focus, for keyboard users.
    expect(products[1]).toHaveFocus();
    await user.selectOptions(nth(products, 1), mug.productId);
    const quantities = screen.getAllByLabelText('Quantity');
    await user.clear(nth(quantities, 1));
    await user.type(nth(quantities, 1), '2');
    expect(screen.getByLabelText('Total')).toHaveTextContent(
      eur(3 * espresso.unitPrice + 2 * mug.unitPrice),
    );

    await user.click(screen.getByRole('button', { name: 'Place order' }));

    expect(await screen.findByTestId('order-status')).toHaveTextContent('Placed');
    const heading = screen.getByRole('heading', { level: 1 });
    expect(heading.textContent).toMatch(/^Order #1001 · o-[0-9a-f]{8}$/);
    const orderId = heading.textContent.replace('Order #1001 · ', '');
    expect(router.state.location.pathname).toBe(`/orders/${orderId}`);
    // It says what happened, and focus is there (the form it was on is gone).
    const placed = screen.getByText(
      `Order #1001 · ${orderId} placed for Grace Hopper: ${eur(3 * espresso.unitPrice + 2 * mug.unitPrice)}.`,
    );
    expect(placed).toHaveRole('status');
    await waitFor(() => {
      expect(placed).toHaveFocus();
    });
    expect(screen.getByRole('link', { name: 'Grace Hopper' })).toHaveAttribute(
      'href',
      '/customers/c-grace',
    );
    const order = desk.getStatus().present.orders.get(orderId);
    expect(order).toMatchObject({
      customerId: 'c-grace',
      currency: 'EUR',
      total: 3 * espresso.unitPrice + 2 * mug.unitPrice,
      itemCount: 5,
    });
    expect(order?.lines.map((line) => [line.product_id, line.quantity])).toEqual([
      [espresso.productId, 3],
      [mug.productId, 2],
    ]);
  });

  it('removes a line and updates the total', async () => {
    const { user } = await openOrders();
    await user.click(screen.getByRole('button', { name: 'Add line' }));
    await user.click(screen.getByRole('button', { name: 'Add line' }));
    const products = screen.getAllByLabelText('Product');
    await user.selectOptions(nth(products, 0), product(0).productId);
    await user.selectOptions(nth(products, 1), product(1).productId);
    await user.selectOptions(nth(products, 2), product(2).productId);
    expect(screen.getByLabelText('Total')).toHaveTextContent(
      eur(product(0).unitPrice + product(1).unitPrice + product(2).unitPrice),
    );

    await user.click(screen.getByRole('button', { name: 'Remove line 2' }));

    expect(screen.getAllByLabelText('Product')).toHaveLength(2);
    expect(screen.getAllByLabelText<HTMLSelectElement>('Product').map((s) => s.value)).toEqual([
      product(0).productId,
      product(2).productId,
    ]);
    expect(screen.getByLabelText('Total')).toHaveTextContent(
      eur(product(0).unitPrice + product(2).unitPrice),
    );
    // A single line cannot be removed.
    await user.click(screen.getByRole('button', { name: 'Remove line 2' }));
    expect(screen.queryByRole('button', { name: /^Remove line/ })).not.toBeInTheDocument();
  });

  it('shows the domain’s message for a bad quantity, keeps the inputs and appends nothing', async () => {
    const { user, desk, router } = await openOrders();
    const head = desk.store.head;

    await user.selectOptions(screen.getByLabelText('Customer'), 'Ada Lovelace');
    await user.selectOptions(screen.getByLabelText('Product'), product(3).productId);
    const quantity = screen.getByLabelText('Quantity');
    await user.clear(quantity);
    await user.type(quantity, '1000');
    await user.click(screen.getByRole('button', { name: 'Place order' }));

    expect(await within(form()).findByRole('alert')).toHaveTextContent(
      'Line 1: the quantity must be a whole number from 1 to 999.',
    );
    expect(desk.store.head).toBe(head);
    expect(router.state.location.pathname).toBe('/orders');
    expect(screen.getByLabelText('Customer')).toHaveValue('c-ada');
    expect(screen.getByLabelText('Product')).toHaveValue(product(3).productId);
    expect(screen.getByLabelText('Quantity')).toHaveValue(1000);
  });

  it('asks for a product when a line has none', async () => {
    const { user, desk } = await openOrders();
    const head = desk.store.head;
    await user.selectOptions(screen.getByLabelText('Customer'), 'Ada Lovelace');
    await user.click(screen.getByRole('button', { name: 'Place order' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Line 1: choose a product.');
    expect(desk.store.head).toBe(head);
  });

  it('asks for a customer before placing', async () => {
    const { user, desk } = await openOrders();
    const head = desk.store.head;
    await user.selectOptions(screen.getByLabelText('Product'), product(0).productId);
    await user.click(screen.getByRole('button', { name: 'Place order' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Choose a customer.');
    expect(desk.store.head).toBe(head);
  });

  it('points to the customers page when nobody is registered', async () => {
    await renderApp('/orders', await createTestDesk());
    await screen.findByRole('heading', { level: 1, name: 'Orders' });
    expect(screen.queryByRole('combobox', { name: 'Customer' })).not.toBeInTheDocument();
    expect(within(form()).getByRole('link', { name: 'register a customer' })).toHaveAttribute(
      'href',
      '/customers',
    );
  });

  it('is closed when there are orders, and opens with New order', async () => {
    const desk = await deskWithCustomers();
    await placeOrder(desk, 'o-1');
    const user = userEvent.setup();
    await renderApp('/orders', desk);
    const toggle = await screen.findByRole('button', { name: 'New order' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByLabelText('Customer')).not.toBeInTheDocument();

    await user.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getByLabelText('Customer')).toBeVisible();
  });

  it('opens with the customer a link chose, and puts the focus on the first product', async () => {
    const desk = await deskWithCustomers();
    await placeOrder(desk, 'o-1');
    const { router } = await renderApp('/orders?new=1&customer=c-grace', desk);
    expect(await screen.findByLabelText('Customer')).toHaveValue('c-grace');
    expect(screen.getByRole('button', { name: 'New order' })).toHaveAttribute(
      'aria-expanded',
      'true',
    );
    expect(screen.getByLabelText('Product')).toHaveFocus();
    // Read once: a reload keeps the draft, not the request.
    expect(router.state.location.search).toBe('');
  });
});
