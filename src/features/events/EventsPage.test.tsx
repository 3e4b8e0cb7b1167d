import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Desk } from '../../application/desk';
import { asPlaced } from '../../store/testing';
import { createTestDesk, renderApp } from '../../test/renderApp';
import { pendingPaymentOfAnOrderCancelledElsewhere } from '../../test/rewrittenTail';
import { loadDemo } from '../../demo/loadDemo';

// jsdom lays nothing out: give the list's scroll area a size so the virtualizer renders rows.
const descriptors = {
  clientHeight: Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight'),
  clientWidth: Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientWidth'),
};
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('event-list') ? 400 : 0;
    },
  });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('event-list') ? 1000 : 0;
    },
  });
});
afterAll(() => {
  for (const [name, descriptor] of Object.entries(descriptors))
    if (descriptor) Object.defineProperty(HTMLElement.prototype, name, descriptor);
});

async function register(desk: Desk, customerId: string, name: string) {
  const result = await desk.execute({
    type: 'RegisterCustomer',
    data: { customerId, name, email: `${customerId}@example.com` },
  });
  expect(result.ok).toBe(true);
}

async function placeOrder(desk: Desk, orderId: string, customerId: string) {
  const result = await desk.execute({
    type: 'PlaceOrder',
    data: {
      orderId,
      customerId,
      currency: 'EUR',
      items: [{ product_id: 'ceramic-mug', name: 'Ceramic mug', quantity: 2, unit_price: 1450 }],
    },
  });
  expect(result.ok).toBe(true);
}

/** A desk with five events: three customers, two orders. */
async function smallDesk(): Promise<Desk> {
  const desk = await createTestDesk();
  await register(desk, 'c1', 'Ada Lovelace');
  await register(desk, 'c2', 'Grace Hopper');
  await placeOrder(desk, 'o1', 'c1');
  await register(desk, 'c3', 'Alan Turing');
  await placeOrder(desk, 'o2', 'c2');
  return desk;
}

const rows = () =>
  within(screen.getByRole('list', { name: /events, newest first/i })).getAllByRole('button');
const rowPositions = () => rows().map((row) => row.getAttribute('data-position'));

describe('events page', () => {
  it('says what to do on an empty log', async () => {
    await renderApp('/events');
    expect(await screen.findByRole('heading', { name: 'The event log is empty' })).toBeVisible();
    expect(screen.getByRole('link', { name: 'Register a customer' })).toHaveAttribute(
      'href',
      '/customers',
    );
  });

  it('lists the whole log newest first with position, time, type, stream and summary', async () => {
    const desk = await smallDesk();
    await renderApp('/events', desk);

    expect(await screen.findByText('5 events, newest first')).toBeInTheDocument();
    expect(rowPositions()).toEqual(['5', '4', '3', '2', '1']);
    const newest = rows()[0];
    expect(newest).toHaveTextContent('#5');
    expect(newest).toHaveTextContent('OrderPlaced');
    expect(newest).toHaveTextContent('order-o2');
    expect(newest).toHaveTextContent('Order o2 placed by Grace Hopper: 2 items');
    expect(within(newest as HTMLElement).getByText(/2026/)).toHaveAttribute(
      'datetime',
      '2026-03-01T12:00:00.000Z',
    );
  });

  it('filters by type, by stream (prefix or exact) and by words', async () => {
    const user = userEvent.setup();
    const desk = await smallDesk();
    await renderApp('/events', desk);
    await screen.findByText('5 events, newest first');

    await user.selectOptions(screen.getByLabelText('Type'), 'OrderPlaced');
    await waitFor(() => {
      expect(rowPositions()).toEqual(['5', '3']);
    });
    expect(screen.getByText('2 of 5 events match')).toBeInTheDocument();

    await user.selectOptions(screen.getByLabelText('Type'), '');
    await user.type(screen.getByLabelText('Stream'), 'customer-');
    await waitFor(() => {
      expect(rowPositions()).toEqual(['4', '2', '1']);
    });

    await user.clear(screen.getByLabelText('Stream'));
    await user.type(screen.getByLabelText('Stream'), 'customer-c1');
    await waitFor(() => {
      expect(rowPositions()).toEqual(['1']);
    });

    await user.clear(screen.getByLabelText('Stream'));
    await user.type(screen.getByLabelText('Search events'), 'grace');
    await waitFor(() => {
      expect(rowPositions()).toEqual(['5', '2']);
    });

    await user.type(screen.getByLabelText('Search events'), ' nobody');
    expect(await screen.findByRole('heading', { name: 'No events match' })).toBeVisible();
    await user.click(screen.getByRole('button', { name: 'clear the filters' }));
    await waitFor(() => {
      expect(rows()).toHaveLength(5);
    });
    expect(screen.getByLabelText('Search events')).toHaveValue('');
  });

  it('keeps its filters in the URL: a shared link opens them, Back undoes a change', async () => {
    const user = userEvent.setup();
    const desk = await smallDesk();
    const { router } = await renderApp('/events?type=OrderPlaced&q=grace', desk);
    await waitFor(() => {
      expect(rowPositions()).toEqual(['5']);
    });
    expect(screen.getByLabelText('Type')).toHaveValue('OrderPlaced');
    expect(screen.getByLabelText('Search events')).toHaveValue('grace');

    await user.selectOptions(screen.getByLabelText('Type'), '');
    expect(new URLSearchParams(router.state.location.search).get('type')).toBeNull();
    await waitFor(() => {
      expect(rowPositions()).toEqual(['5', '2']);
    });
    await user.type(screen.getByLabelText('Stream'), 'customer-');
    await waitFor(() => {
      expect(new URLSearchParams(router.state.location.search).get('stream')).toBe('customer-');
    });

    await router.navigate(-1);
    await waitFor(() => {
      expect(screen.getByLabelText('Type')).toHaveValue('OrderPlaced');
    });
    expect(screen.getByLabelText('Stream')).toHaveValue('');
    await waitFor(() => {
      expect(rowPositions()).toEqual(['5']);
    });
  });

  it('opens a row as formatted JSON and closes it back to the row', async () => {
    const user = userEvent.setup();
    const desk = await smallDesk();
    const { router } = await renderApp('/events', desk);
    await screen.findByText('5 events, newest first');
    const [third] = await desk.store.readRange(3, 3);

    const row = rows().find((button) => button.getAttribute('data-position') === '3');
    await user.click(row as HTMLElement);

    const panel = screen.getByRole('region', { name: 'Event #3' });
    expect(within(panel).getByRole('heading', { name: 'Event #3' })).toHaveFocus();
    const json = within(panel).getByLabelText("The event's envelope as JSON");
    expect(json).toHaveTextContent(`"id": "${third?.id ?? 'missing'}"`);
    expect(json.textContent).toContain('"streamVersion": 1');
    expect(JSON.parse(json.textContent)).toEqual(third);
    expect(within(panel).getByRole('link', { name: 'Open order o1' })).toHaveAttribute(
      'href',
      '/orders/o1',
    );
    expect(router.state.location.search).toBe('?position=3');
    expect(row).toHaveAttribute('aria-current', 'true');

    await user.click(within(panel).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('region', { name: 'Event #3' })).not.toBeInTheDocument();
    expect(router.state.location.search).toBe('');
    await waitFor(() => {
      expect(row).toHaveFocus();
    });
  });

  it('opens the event of ?position=N, and says so when there is none', async () => {
    const desk = await smallDesk();
    await renderApp('/events?position=2', desk);
    const panel = await screen.findByRole('region', { name: 'Event #2' });
    await waitFor(() => {
      expect(
        within(panel).getByText('Customer Grace Hopper registered (c2@example.com)'),
      ).toBeVisible();
    });

    const other = await renderApp('/events?position=99', desk);
    const missing = await within(other.container).findByRole('region', { name: 'Event #99' });
    await waitFor(() => {
      expect(missing).toHaveTextContent('There is no event at position 99: the log has 5 events.');
    });
  });

  it('in the past (?at=N), lists the log as it was then', async () => {
    const desk = await smallDesk();
    await renderApp('/events?at=3', desk);
    expect(await screen.findByText('3 events at this moment, newest first')).toBeInTheDocument();
    expect(rowPositions()).toEqual(['3', '2', '1']);
  });

  it('moves between rows with the arrow keys and opens one with Enter', async () => {
    const user = userEvent.setup();
    const desk = await smallDesk();
    await renderApp('/events', desk);
    await screen.findByText('5 events, newest first');

    rows()[0]?.focus();
    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(rows()[2]).toHaveFocus();
    await user.keyboard('{End}');
    expect(rows()[4]).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(screen.getByRole('region', { name: 'Event #1' })).toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('region', { name: 'Event #1' })).not.toBeInTheDocument();
  });

  it('shows an event appended after it opened, at the top, also under a filter', async () => {
    const user = userEvent.setup();
    const desk = await smallDesk();
    await renderApp('/events', desk);
    await screen.findByText('5 events, newest first');
    await user.selectOptions(screen.getByLabelText('Type'), 'CustomerRegistered');
    await waitFor(() => {
      expect(rowPositions()).toEqual(['4', '2', '1']);
    });

    await act(() => register(desk, 'c4', 'Katherine Johnson'));

    await waitFor(() => {
      expect(rowPositions()).toEqual(['6', '4', '2', '1']);
    });
    expect(rows()[0]).toHaveTextContent('Customer Katherine Johnson registered');
    expect(screen.getByText('4 of 6 events match')).toBeInTheDocument();
  });

  it('virtualizes a long log: only the rows in view are in the page', async () => {
    const desk = await createTestDesk();
    await loadDemo(desk, 1000);
    await renderApp('/events', desk);
    expect(await screen.findByText('1,000 events, newest first')).toBeInTheDocument();
    const shown = rows();
    expect(shown.length).toBeGreaterThan(5);
    expect(shown.length).toBeLessThan(40);
    expect(shown[0]).toHaveAttribute('data-position', '1000');
    expect(shown[0]?.parentElement).toHaveAttribute('aria-setsize', '1000');
  });
});

describe('the event log while the desk syncs', () => {
  it('marks the events after the confirmed position as not yet synced', async () => {
    const desk = await createTestDesk();
    await register(desk, 'c-1', 'Ada Lovelace');
    await desk.store.beginSync();
    // The server confirms the first event as it stands; the second is made after.
    await desk.store.acceptServerEvents(asPlaced(await desk.store.readRange(1, 1)), {
      after: 0,
      expectedHead: 1,
    });
    await register(desk, 'c-2', 'Bob Marley');
    await renderApp('/events', desk);

    expect(await screen.findByText('2 events, newest first')).toBeInTheDocument();
    const list = screen.getByRole('list', { name: 'Events, newest first' });
    const rows = await within(list).findAllByRole('listitem');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('not yet synced');
    expect(rows[0]).toHaveTextContent('Bob Marley');
    expect(rows[1]).not.toHaveTextContent('not yet synced');
  });
});

describe('the event log whose tail a sync writes again', () => {
  it('shows the server’s events in place of this device’s, also at the same count', async () => {
    const { desk, cancelOnServer } = await pendingPaymentOfAnOrderCancelledElsewhere();
    await renderApp('/events', desk);
    const list = await screen.findByRole('list', { name: 'Events, newest first' });
    await waitFor(() => {
      expect(within(list).getAllByRole('listitem')[0]).toHaveTextContent(/paid/);
    });

    await cancelOnServer();
    await waitFor(() => {
      expect(within(list).getAllByRole('listitem')[0]).toHaveTextContent(/cancelled/);
    });
    const rows = within(list).getAllByRole('listitem');
    expect(rows).toHaveLength(4);
    expect(rows[0]).not.toHaveTextContent(/paid|not yet synced/);
  });

  it('searches the new tail, not what matched in the old one', async () => {
    const { desk, cancelOnServer } = await pendingPaymentOfAnOrderCancelledElsewhere();
    const user = userEvent.setup();
    await renderApp('/events', desk);
    await user.type(await screen.findByLabelText('Search events'), 'paid');
    expect(await screen.findByText('1 of 4 events match')).toBeInTheDocument();

    await cancelOnServer();
    expect(await screen.findByText('0 of 4 events match')).toBeInTheDocument();
  });
});
