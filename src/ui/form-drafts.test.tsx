import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Command, CommandResult } from '../application/commands';
import type { Desk } from '../application/desk';
import type { EventType } from '../domain/events';
import { deskWithCustomers, orderIn, product } from '../features/orders/testHelpers';
import { createTestDesk, reloadTestDesk, renderApp } from '../test/renderApp';

/** How many events of `type` the log holds. */
async function countOf(desk: Desk, type: EventType): Promise<number> {
  const events = await desk.store.readRange(1, await desk.store.headPosition());
  return events.filter((event) => event.type === type).length;
}

/**
 * The next command reaches the log, but its answer never reaches the form: as when the page is
 * reloaded right after the store wrote it. Resolves to what the store answered.
 */
function loseTheNextAnswer(desk: Desk): Promise<CommandResult> {
  const execute = desk.execute.bind(desk);
  return new Promise((stored) => {
    vi.spyOn(desk, 'execute').mockImplementationOnce((command: Command, commandId?: string) => {
      void execute(command, commandId).then(stored);
      return new Promise(() => undefined);
    });
  });
}

/** Watches the desk: reads the command ids it was given since, in order (undefined: none). */
function commandIds(desk: Desk): () => (string | undefined)[] {
  const execute = vi.spyOn(desk, 'execute');
  return () => execute.mock.calls.map(([, commandId]) => commandId);
}

const registerForm = () => within(screen.getByRole('region', { name: 'Register a customer' }));

async function typeCustomer(email = 'ada@example.com') {
  const user = userEvent.setup();
  const form = registerForm();
  await user.type(form.getByLabelText('Name'), 'Ada Lovelace');
  await user.type(form.getByLabelText('Email'), email);
  await user.type(form.getByLabelText('Shipping address'), '12 St James’s Square');
  return user;
}

describe('register customer across a reload', () => {
  it('keeps what was typed', async () => {
    const desk = await createTestDesk();
    const first = await renderApp('/customers', desk);
    await screen.findByRole('heading', { level: 1, name: 'Customers' });
    await typeCustomer();
    first.unmount();

    await renderApp('/customers', await reloadTestDesk(desk));
    await screen.findByRole('heading', { level: 1, name: 'Customers' });
    expect(registerForm().getByLabelText('Name')).toHaveValue('Ada Lovelace');
    expect(registerForm().getByLabelText('Email')).toHaveValue('ada@example.com');
    expect(registerForm().getByLabelText('Shipping address')).toHaveValue('12 St James’s Square');
  });

  it('registers once when sent again after the first was stored unanswered', async () => {
    const desk = await createTestDesk();
    const first = await renderApp('/customers', desk);
    await screen.findByRole('heading', { level: 1, name: 'Customers' });
    const user = await typeCustomer();
    const stored = loseTheNextAnswer(desk);
    await user.click(registerForm().getByRole('button', { name: 'Register customer' }));
    expect((await stored).ok).toBe(true);
    first.unmount();

    const reloaded = await reloadTestDesk(desk);
    await renderApp('/customers', reloaded);
    await screen.findByRole('heading', { level: 1, name: 'Customers' });
    await userEvent
      .setup()
      .click(registerForm().getByRole('button', { name: 'Register customer' }));

    await waitFor(() => {
      expect(registerForm().getByRole('status')).toHaveTextContent('Registered Ada Lovelace.');
    });
    expect(registerForm().queryByRole('alert')).toBeEmptyDOMElement();
    expect(registerForm().getByLabelText('Name')).toHaveValue('');
    expect(await countOf(reloaded, 'CustomerRegistered')).toBe(1);
  });

  it('sends an unchanged draft under the same id, a changed one under a new id', async () => {
    const desk = await createTestDesk();
    await renderApp('/customers', desk);
    await screen.findByRole('heading', { level: 1, name: 'Customers' });
    const user = await typeCustomer('not an email');
    const ids = commandIds(desk);
    const submit = () =>
      user.click(registerForm().getByRole('button', { name: 'Register customer' }));

    await submit();
    await submit();
    await user.clear(registerForm().getByLabelText('Email'));
    await user.type(registerForm().getByLabelText('Email'), 'ada@example.com');
    await submit();

    await waitFor(() => {
      expect(registerForm().getByRole('status')).toHaveTextContent('Registered Ada Lovelace.');
    });
    const [rejected, again, changed] = ids();
    expect(rejected).toEqual(expect.any(String));
    expect(again).toBe(rejected);
    expect(changed).toEqual(expect.any(String));
    expect(changed).not.toBe(rejected);
    expect(await countOf(desk, 'CustomerRegistered')).toBe(1);
  });
});

describe('place order across a reload', () => {
  async function typeOrder(user: ReturnType<typeof userEvent.setup>) {
    await user.selectOptions(screen.getByLabelText('Customer'), 'Grace Hopper');
    await user.selectOptions(screen.getByLabelText('Product'), product(0).productId);
    await user.clear(screen.getByLabelText('Quantity'));
    await user.type(screen.getByLabelText('Quantity'), '3');
  }

  it('places one order when sent again after the first was stored unanswered', async () => {
    const desk = await deskWithCustomers();
    const first = await renderApp('/orders', desk);
    await screen.findByRole('heading', { level: 1, name: 'Orders' });
    const user = userEvent.setup();
    await typeOrder(user);
    const stored = loseTheNextAnswer(desk);
    await user.click(screen.getByRole('button', { name: 'Place order' }));
    const placed = await stored;
    first.unmount();

    const reloaded = await reloadTestDesk(desk);
    const { router } = await renderApp('/orders', reloaded);
    // The desk has an order now, but the form opens: it holds the draft.
    const customer = await screen.findByLabelText('Customer');
    expect(customer).toHaveValue('c-grace');
    expect(screen.getByLabelText('Quantity')).toHaveValue(3);
    await user.click(screen.getByRole('button', { name: 'Place order' }));

    const event = placed.ok ? placed.events[0] : undefined;
    const orderId = event?.type === 'OrderPlaced' ? event.data.order_id : 'none';
    await waitFor(() => {
      expect(router.state.location.pathname).toBe(`/orders/${orderId}`);
    });
    expect(await countOf(reloaded, 'OrderPlaced')).toBe(1);
  });

  it('starts empty after an order was placed, also after a reload', async () => {
    const desk = await deskWithCustomers();
    const first = await renderApp('/orders', desk);
    await screen.findByRole('heading', { level: 1, name: 'Orders' });
    const user = userEvent.setup();
    await typeOrder(user);
    await user.click(screen.getByRole('button', { name: 'Place order' }));
    await screen.findByTestId('order-status');
    first.unmount();

    await renderApp('/orders', await reloadTestDesk(desk));
    await screen.findByRole('heading', { level: 1, name: 'Orders' });
    expect(screen.getByRole('button', { name: 'New order' })).toHaveAttribute(
      'aria-expanded',
      'false',
    );
    await user.click(screen.getByRole('button', { name: 'New order' }));
    expect(screen.getByLabelText('Customer')).toHaveValue('');
    expect(screen.getByLabelText('Quantity')).toHaveValue(1);
  });
});

describe('record payment across a reload', () => {
  it('sends the payment again under the id it had before the reload', async () => {
    const desk = await deskWithCustomers();
    await orderIn(desk, 'o-1', 'Placed');
    const first = await renderApp('/orders/o-1', desk);
    const user = userEvent.setup();
    await user.selectOptions(await screen.findByLabelText('Method'), 'cash');
    // Lost with the page: the command never reaches the log.
    const execute = vi
      .spyOn(desk, 'execute')
      .mockImplementationOnce(() => new Promise(() => undefined));
    await user.click(screen.getByRole('button', { name: 'Record payment' }));
    const [lost] = execute.mock.calls.map(([, commandId]) => commandId);
    first.unmount();

    const reloaded = await reloadTestDesk(desk);
    await renderApp('/orders/o-1', reloaded);
    expect(await screen.findByLabelText('Method')).toHaveValue('cash');
    const ids = commandIds(reloaded);
    await user.click(screen.getByRole('button', { name: 'Record payment' }));

    await waitFor(() => {
      expect(screen.getByTestId('order-status')).toHaveTextContent('Paid');
    });
    expect(lost).toEqual(expect.any(String));
    expect(ids()).toEqual([lost]);
    const [payment] = await reloaded.store.readStream('order-o-1', { fromVersion: 2 });
    expect(payment).toMatchObject({ type: 'PaymentProcessed', data: { method: 'cash' } });
    expect(payment?.metadata.correlationId).toBe(lost);
  });

  it('shows the order paid, once, when the payment was stored unanswered', async () => {
    const desk = await deskWithCustomers();
    await orderIn(desk, 'o-1', 'Placed');
    const first = await renderApp('/orders/o-1', desk);
    const user = userEvent.setup();
    await screen.findByLabelText('Method');
    const stored = loseTheNextAnswer(desk);
    await user.click(screen.getByRole('button', { name: 'Record payment' }));
    expect((await stored).ok).toBe(true);
    first.unmount();

    const reloaded = await reloadTestDesk(desk);
    await renderApp('/orders/o-1', reloaded);
    await waitFor(() => {
      expect(screen.getByTestId('order-status')).toHaveTextContent('Paid');
    });
    expect(screen.queryByRole('button', { name: 'Record payment' })).toBeNull();
    expect(await countOf(reloaded, 'PaymentProcessed')).toBe(1);
  });
});
