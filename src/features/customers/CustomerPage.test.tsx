import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Desk } from '../../application/desk';
import type { Command } from '../../application/commands';
import { createTestDesk, renderApp } from '../../test/renderApp';

async function run(desk: Desk, command: Command) {
  const result = await desk.execute(command);
  if (!result.ok) throw result.error;
}

/** A desk with Ada (two orders, one paid) and Grace. */
async function seededDesk(): Promise<Desk> {
  const desk = await createTestDesk();
  await run(desk, {
    type: 'RegisterCustomer',
    data: { customerId: 'c-ada', name: 'Ada Lovelace', email: 'ada@example.com' },
  });
  await run(desk, {
    type: 'RegisterCustomer',
    data: { customerId: 'c-grace', name: 'Grace Hopper', email: 'grace@example.com' },
  });
  const items = [{ product_id: 'mug', name: 'Mug', quantity: 2, unit_price: 1450 }];
  await run(desk, {
    type: 'PlaceOrder',
    data: { orderId: 'o-1', customerId: 'c-ada', currency: 'EUR', items },
  });
  await run(desk, {
    type: 'RecordPayment',
    data: { orderId: 'o-1', paymentId: 'p-1', amount: 2900, method: 'card' },
  });
  await run(desk, {
    type: 'PlaceOrder',
    data: { orderId: 'o-2', customerId: 'c-ada', currency: 'EUR', items },
  });
  return desk;
}

const editForm = () => within(screen.getByRole('region', { name: 'Edit details' }));
const trail = () => screen.getByRole('region', { name: 'Audit trail' });

describe('the customer page', () => {
  it('shows the details, the orders and the audit trail', async () => {
    const desk = await seededDesk();
    await renderApp('/customers/c-ada', desk);

    expect(await screen.findByRole('heading', { level: 1, name: 'Ada Lovelace' })).toBeVisible();
    expect(document.title).toBe('Ada Lovelace · Order desk');
    const details = screen.getByRole('region', { name: 'Details' });
    expect(details).toHaveTextContent('ada@example.com');
    expect(details).toHaveTextContent('None given');
    expect(details).toHaveTextContent(/Orders\s*2/);
    expect(details).toHaveTextContent('€29.00');

    const orders = screen.getByRole('table', { name: 'Orders' });
    const rows = within(orders).getAllByRole('row').slice(1);
    // Newest first.
    expect(within(rows[0] as HTMLElement).getByRole('link', { name: '#1002 o-2' })).toHaveAttribute(
      'href',
      '/orders/o-2',
    );
    expect(rows[0]).toHaveTextContent('Placed');
    expect(rows[1]).toHaveTextContent('Paid');
    expect(rows[1]).toHaveTextContent('€29.00');

    expect(await within(trail()).findByText('Customer registered')).toBeInTheDocument();
  });

  it('shows the lifetime totals at the moment shown: orders, revenue paid, refunded', async () => {
    const desk = await seededDesk();
    await run(desk, {
      type: 'RecordPayment',
      data: { orderId: 'o-2', paymentId: 'p-2', amount: 2900, method: 'cash' },
    });
    await run(desk, { type: 'CancelOrder', data: { orderId: 'o-2', reason: 'Wrong size' } });
    const { router } = await renderApp('/customers/c-ada', desk);

    const details = await screen.findByRole('region', { name: 'Details' });
    const fact = (term: string) => within(details).getByText(term).closest('div');
    expect(fact('Orders')).toHaveTextContent(/^Orders2$/);
    expect(fact('Revenue paid')).toHaveTextContent('€58.00');
    expect(fact('Refunded')).toHaveTextContent('€29.00');
    expect(fact('Lifetime value')).toHaveTextContent('€29.00');

    // After event 4 (o-1 paid), before o-2 was placed.
    await router.navigate('/customers/c-ada?at=4');
    await waitFor(() => {
      expect(fact('Orders')).toHaveTextContent(/^Orders1$/);
    });
    expect(fact('Revenue paid')).toHaveTextContent('€29.00');
    expect(fact('Refunded')).toHaveTextContent('—');
    // Orders are placed in the present only.
    expect(screen.queryByRole('link', { name: 'New order for this customer' })).toBeNull();
  });

  it('opens the new order form with the customer chosen', async () => {
    const user = userEvent.setup();
    const desk = await seededDesk();
    const { router } = await renderApp('/customers/c-grace', desk);
    await user.click(await screen.findByRole('link', { name: 'New order for this customer' }));
    expect(await screen.findByLabelText('Customer')).toHaveValue('c-grace');
    expect(router.state.location.pathname).toBe('/orders');
  });

  it('edits the details: sends only what changed, and the audit trail shows old → new', async () => {
    const user = userEvent.setup();
    const desk = await seededDesk();
    await renderApp('/customers/c-ada', desk);
    const head = desk.store.head;
    const execute = vi.spyOn(desk, 'execute');

    const email = await screen.findByLabelText('Email');
    expect(email).toHaveValue('ada@example.com');
    expect(screen.getByLabelText('Name')).toHaveValue('Ada Lovelace');
    await user.clear(email);
    await user.type(email, 'countess@example.com');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));

    await waitFor(() => {
      expect(editForm().getByRole('status')).toHaveTextContent(
        'Email changed to countess@example.com.',
      );
    });
    expect(desk.store.head).toBe(head + 1);
    // No command id of its own: the desk gives the command a new one.
    expect(execute).toHaveBeenCalledExactlyOnceWith(
      {
        type: 'ChangeCustomerDetails',
        data: { customerId: 'c-ada', email: 'countess@example.com' },
      },
      undefined,
    );
    const events = await desk.store.readStream('customer-c-ada');
    expect(events.at(-1)).toMatchObject({
      type: 'CustomerDetailsChanged',
      data: { customer_id: 'c-ada', email: 'countess@example.com' },
    });
    expect(Object.keys(events.at(-1)?.data ?? {})).toEqual(['customer_id', 'email']);

    const entry = (await within(trail()).findByText('Details changed')).closest('li');
    expect(entry).not.toBeNull();
    const change = within(entry as HTMLElement);
    expect(change.getByText('ada@example.com').tagName).toBe('DEL');
    expect(change.getByText('countess@example.com').tagName).toBe('INS');
    expect(screen.getByRole('region', { name: 'Details' })).toHaveTextContent(
      'countess@example.com',
    );
    expect(email).toHaveValue('countess@example.com');
  });

  it('says each field a save changed, and a removed address', async () => {
    const user = userEvent.setup();
    const desk = await seededDesk();
    await run(desk, {
      type: 'ChangeCustomerDetails',
      data: { customerId: 'c-grace', shippingAddress: '1 Navy Yard' },
    });
    await renderApp('/customers/c-grace', desk);

    const name = await screen.findByLabelText('Name');
    await user.clear(name);
    await user.type(name, 'Grace B. Hopper');
    await user.clear(screen.getByLabelText('Shipping address'));
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => {
      expect(editForm().getByRole('status')).toHaveTextContent(
        'Name changed to Grace B. Hopper. Shipping address removed.',
      );
    });
    // Typing again: the message was of the last save, not of what is typed now.
    await user.type(screen.getByLabelText('Email'), 'x');
    expect(editForm().getByRole('status')).toHaveTextContent(/^$/);
  });

  it('shows the domain’s message when nothing changed, and appends nothing', async () => {
    const user = userEvent.setup();
    const desk = await seededDesk();
    await renderApp('/customers/c-ada', desk);
    const head = desk.store.head;

    await user.click(await screen.findByRole('button', { name: 'Save changes' }));
    await waitFor(() => {
      expect(editForm().getByRole('alert')).toHaveTextContent(
        'Nothing changed: edit a field before saving.',
      );
    });
    expect(desk.store.head).toBe(head);
  });

  it('keeps the typed values when the email is taken', async () => {
    const user = userEvent.setup();
    const desk = await seededDesk();
    await renderApp('/customers/c-ada', desk);
    const head = desk.store.head;

    const name = await screen.findByLabelText('Name');
    await user.clear(name);
    await user.type(name, 'Augusta Ada King');
    const email = screen.getByLabelText('Email');
    await user.clear(email);
    await user.type(email, 'Grace@Example.com{enter}');

    await waitFor(() => {
      expect(editForm().getByRole('alert')).toHaveTextContent(
        'Another customer already uses the email Grace@Example.com.',
      );
    });
    expect(name).toHaveValue('Augusta Ada King');
    expect(email).toHaveValue('Grace@Example.com');
    expect(email).toHaveAttribute('aria-invalid', 'true');
    expect(desk.store.head).toBe(head);
    expect(screen.getByRole('heading', { level: 1, name: 'Ada Lovelace' })).toBeVisible();
  });

  it('says so for an unknown customer id, with a link back', async () => {
    const user = userEvent.setup();
    const { router } = await renderApp('/customers/c-nobody');

    expect(
      await screen.findByRole('heading', { level: 1, name: 'Customer c-nobody' }),
    ).toBeVisible();
    expect(screen.getByText('No customer c-nobody')).toBeVisible();
    expect(screen.getByText('There is no customer with this id.')).toBeVisible();
    await user.click(screen.getByRole('link', { name: 'Back to customers' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Customers' })).toBeVisible();
    expect(router.state.location.pathname).toBe('/customers');
  });

  it('follows a change made elsewhere (another tab) in the fields the user did not edit', async () => {
    const user = userEvent.setup();
    const desk = await seededDesk();
    await renderApp('/customers/c-ada', desk);

    const address = await screen.findByLabelText('Shipping address');
    await user.type(address, 'Ockham Park');
    await run(desk, {
      type: 'ChangeCustomerDetails',
      data: { customerId: 'c-ada', name: 'Ada King' },
    });

    expect(await screen.findByRole('heading', { level: 1, name: 'Ada King' })).toBeVisible();
    expect(screen.getByLabelText('Name')).toHaveValue('Ada King');
    expect(address).toHaveValue('Ockham Park');
  });

  it('shows the customer as they were at a past moment, with commands off', async () => {
    const desk = await seededDesk();
    await run(desk, {
      type: 'ChangeCustomerDetails',
      data: { customerId: 'c-ada', name: 'Ada King' },
    });
    await renderApp('/customers/c-ada?at=1', desk);

    expect(await screen.findByRole('heading', { level: 1, name: 'Ada Lovelace' })).toBeVisible();
    expect(screen.getByRole('button', { name: 'Save changes' })).toBeDisabled();
    expect(
      screen.getByText('You are viewing the past: go back to the present to make changes.'),
    ).toBeVisible();
    expect(screen.getByRole('link', { name: /All customers/ })).toHaveAttribute(
      'href',
      '/customers?at=1',
    );
    expect(await within(trail()).findByText('Customer registered')).toBeVisible();
    expect(within(trail()).queryByText('Details changed')).not.toBeInTheDocument();
  });

  it('says when a customer was not registered yet at a past moment', async () => {
    const desk = await seededDesk();
    await renderApp('/customers/c-grace?at=1', desk);

    expect(
      await screen.findByText('They had not been registered yet at this point in the timeline.'),
    ).toBeVisible();
    expect(screen.getByText('No customer c-grace')).toBeVisible();
  });
});
