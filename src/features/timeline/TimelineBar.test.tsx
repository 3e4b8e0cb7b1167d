import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { Desk } from '../../application/desk';
import type { StoredEvent } from '../../domain/events';
import { CHUNK_SIZE } from '../../store/chunks';
import { EventStore } from '../../store/eventStore';
import { createTestDesk, renderApp } from '../../test/renderApp';
import { formatTime } from '../../lib/format';
import { localInputOf, localInputToIso } from './localTime';
import { loadDemo } from '../../demo/loadDemo';

async function deskWithTwoCustomers() {
  const desk = await createTestDesk();
  for (const [customerId, name] of [
    ['ada', 'Ada Lovelace'],
    ['bob', 'Bob Marley'],
  ] as const)
    await desk.execute({
      type: 'RegisterCustomer',
      data: { customerId, name, email: `${customerId}@example.com` },
    });
  return desk;
}

describe('the present', () => {
  it('shows the slider at the newest position and no past status', async () => {
    const { desk } = await renderApp('/customers', await deskWithTwoCustomers());
    const slider = await screen.findByRole('slider', { name: 'Timeline' });
    await waitFor(() => {
      expect(slider).toHaveValue(String(desk.store.head));
    });
    expect(screen.getByTestId('timeline-position')).toHaveTextContent('#2 of 2');
    expect(screen.queryByText(/Viewing the past/)).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Step forward' })).toBeDisabled();
  });
});

describe('a past moment', () => {
  it('shows every screen as it was, steps through the log and goes back to the present', async () => {
    const user = userEvent.setup();
    const { router } = await renderApp('/customers?at=1', await deskWithTwoCustomers());
    const strip = await screen.findByRole('region', { name: 'Moment shown' });
    expect(within(strip).getByRole('status')).toHaveTextContent('Viewing the past');
    expect(strip).toHaveTextContent(/after event #1 of 2/);
    const table = await screen.findByRole('table');
    await waitFor(() => {
      expect(within(table).queryByText('Bob Marley')).not.toBeInTheDocument();
    });
    expect(within(table).getByText('Ada Lovelace')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Register customer' })).toBeDisabled();
    // A row's link leads to the same moment.
    const adaLink = () =>
      within(screen.getByRole('table', { name: 'Customers' })).getByRole('link', {
        name: 'Ada Lovelace',
      });
    expect(adaLink()).toHaveAttribute('href', '/customers/ada?at=1');

    // Event #2 is the newest: a step onto it is the present, not ?at=2.
    await user.click(screen.getByRole('button', { name: 'Step forward' }));
    await waitFor(() => {
      expect(router.state.location.search).toBe('');
    });
    expect(await within(table).findByText('Bob Marley')).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Moment shown' })).not.toBeInTheDocument();
    // Ada did not change at event #2, so her row is not rendered again: its link is.
    expect(adaLink()).toHaveAttribute('href', '/customers/ada');

    await user.click(screen.getByRole('button', { name: 'Step back' }));
    await user.click(screen.getByRole('button', { name: 'Step back' }));
    await waitFor(() => {
      expect(router.state.location.search).toBe('?at=0');
    });

    await user.click(screen.getByRole('button', { name: 'Back to present' }));
    expect(router.state.location.search).toBe('');
    expect(screen.queryByText(/Viewing the past/)).not.toBeInTheDocument();
    // At event #0 the list was empty: the table is a new one.
    await waitFor(() => {
      expect(adaLink()).toHaveAttribute('href', '/customers/ada');
    });
  });
});

describe('the head of the log', () => {
  it('is the present: ?at= of the newest event shows the present', async () => {
    const { router } = await renderApp('/customers?at=2', await deskWithTwoCustomers());
    await waitFor(() => {
      expect(router.state.location.search).toBe('');
    });
    expect(shownPosition()).toBe('present');
    expect(screen.queryByRole('region', { name: 'Moment shown' })).not.toBeInTheDocument();
  });

  it('is where a jump after the last event goes; a jump before the first says so', async () => {
    const { router } = await renderApp('/customers?at=1', await deskWithTwoCustomers());
    const time = await screen.findByLabelText('Jump to time');
    const jump = (value: string) => {
      fireEvent.change(time, { target: { value } });
      fireEvent.click(screen.getByRole('button', { name: 'Go' }));
    };
    jump('2030-01-01T00:00');
    await waitFor(() => {
      expect(router.state.location.search).toBe('');
    });
    // Shown next to the form, and said (the announcer holds the same words).
    const note = () => document.querySelector('.timeline-note');
    expect(note()).toHaveTextContent(/is after the last event: this is the present\.$/);

    jump('2000-01-01T00:00');
    await waitFor(() => {
      expect(router.state.location.search).toBe('?at=0');
    });
    expect(note()).toHaveTextContent(
      `${formatTime('2000-01-01T00:00:00')} is before the first event (${formatTime('2026-03-01T12:00:00.000Z')}): the desk was empty then.`,
    );
  });
});

describe('the event at the cursor', () => {
  it('is named, with a link to its customer or order as it was then', async () => {
    const user = userEvent.setup();
    await renderApp('/orders?at=1', await deskWithTwoCustomers());
    const event = await screen.findByTestId('timeline-event');
    expect(event).toHaveTextContent('#1 · Customer Ada Lovelace registered (ada@example.com)');
    expect(within(event).getByRole('link')).toHaveAttribute('href', '/customers/ada?at=1');

    await user.click(screen.getByRole('button', { name: 'Step forward' }));
    expect(event).toHaveTextContent('#2 · Customer Bob Marley registered (bob@example.com)');
    // The newest event: its customer as they are now.
    expect(within(event).getByRole('link')).toHaveAttribute('href', '/customers/bob');
  });
});

describe('what the timeline says to screen readers', () => {
  it('says single steps; the position and the past status are not live regions', async () => {
    const user = userEvent.setup();
    await renderApp('/customers?at=1', await deskWithTwoCustomers());
    const strip = await screen.findByRole('region', { name: 'Moment shown' });
    // The past status holds the same words at every moment: playback does not make it talk.
    expect(within(strip).getByRole('status')).toHaveTextContent(/^Viewing the past$/);
    expect(screen.getByTestId('timeline-position')).toHaveAttribute('aria-live', 'off');

    await user.click(screen.getByRole('button', { name: 'Step back' }));
    const announcer = () => document.querySelector('[aria-live="polite"][aria-atomic="true"]');
    expect(announcer()).toHaveTextContent('Event #0 of 2: before the first event.');
    await user.click(screen.getByRole('button', { name: 'Step forward' }));
    expect(announcer()).toHaveTextContent(
      'Event #1 of 2: Customer Ada Lovelace registered (ada@example.com).',
    );
    await user.click(screen.getByRole('button', { name: 'Back to present' }));
    expect(announcer()).toHaveTextContent('Back to the present.');
    // Focus does not fall to the page's body with the strip's button.
    expect(document.getElementById('main')).toHaveFocus();
  });
});

/** A log of 3,000 demo events, more than a desk folds at once. Returns the database's name. */
async function demoLog(): Promise<string> {
  const name = `timeline-reading-${Math.random()}`;
  const writer = new Desk(new EventStore({ name }), 'urn:uuid:test-desk');
  await writer.start();
  await loadDemo(writer, 3000);
  writer.store.close();
  return name;
}

/**
 * A desk opening a demo log of 3,000 events whose reading stops after its first batch (a chunk's
 * events) until `finish` is called: the views reach the chunk's end while the log holds 3,000.
 */
async function deskStillReading() {
  const store = new EventStore({ name: await demoLog() });
  const readAll = store.readAll.bind(store);
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  vi.spyOn(store, 'readAll').mockImplementationOnce((range) =>
    (async function* (): AsyncGenerator<StoredEvent[]> {
      let batches = 0;
      for await (const batch of readAll(range)) {
        if (++batches === 2) await finished;
        yield batch;
      }
    })(),
  );
  const desk = new Desk(store, 'urn:uuid:test-desk');
  const started = desk.start();
  // Reading from IndexedDB takes a while on a busy machine.
  await waitFor(
    () => {
      expect(desk.getStatus()).toMatchObject({ folded: CHUNK_SIZE, logHead: 3000 });
    },
    { timeout: 10_000 },
  );
  expect(desk.getStatus().loading).not.toBeNull();
  return {
    desk,
    finish: async () => {
      finish();
      await started;
    },
  };
}

/** The text the position label gives a moment shown on screen. */
function shownLabel(desk: Desk, position: number): string {
  const time = desk.viewAt(position)?.eventAt(position)?.time;
  if (time === undefined) throw new Error(`No event ${position}.`);
  return `#${position.toLocaleString('en')} of ${desk
    .getStatus()
    .present.position.toLocaleString('en')} · ${formatTime(time)}`;
}

const shownPosition = () =>
  document.querySelector('[data-view-position]')?.getAttribute('data-view-position');

describe('a moment beyond the views folded so far', () => {
  it('says it is being read, shows no other moment, then shows exactly that moment', async () => {
    const { desk, finish } = await deskStillReading();
    await renderApp('/orders?at=2700', desk);

    expect(
      await screen.findByRole('progressbar', { name: 'Reading moment #2,700…' }),
    ).toBeInTheDocument();
    expect(screen.getByTestId('timeline-position')).toHaveTextContent('Reading moment #2,700…');
    expect(shownPosition()).toBeUndefined();
    expect(screen.queryByRole('table', { name: 'Orders' })).not.toBeInTheDocument();
    expect(screen.queryByTestId('orders-count')).not.toBeInTheDocument();

    await finish();
    await waitFor(
      () => {
        expect(shownPosition()).toBe('2700');
      },
      { timeout: 10_000 },
    );
    expect(screen.queryByRole('progressbar', { name: /Reading moment/ })).not.toBeInTheDocument();
    expect(screen.getByTestId('timeline-position')).toHaveTextContent(shownLabel(desk, 2700));
    expect(screen.getByTestId('orders-count')).toHaveAttribute(
      'data-count',
      String(desk.viewAt(2700)?.orders.count),
    );
    // Writing and reading 3,000 events takes seconds on a busy machine.
  }, 30_000);

  it('is shown at once when the views have reached it, while the rest is read', async () => {
    const { desk, finish } = await deskStillReading();
    await renderApp('/orders?at=200', desk);

    await waitFor(() => {
      expect(shownPosition()).toBe('200');
    });
    expect(screen.getByTestId('timeline-position')).toHaveTextContent(shownLabel(desk, 200));
    expect(screen.getByTestId('orders-count')).toHaveAttribute(
      'data-count',
      String(desk.viewAt(200)?.orders.count),
    );
    await finish();
  }, 30_000);
});

describe('a moment beyond the log', () => {
  it('says it is not in this browser’s log, then shows that moment once the log reaches it', async () => {
    const desk = await deskWithTwoCustomers();
    const { router } = await renderApp('/customers?at=3', desk);

    expect(
      await screen.findByText(/This browser’s log holds 2 events; moment #3 is not here\./),
    ).toBeInTheDocument();
    expect(screen.getByTestId('timeline-position')).toHaveTextContent(
      '#3 is not in this browser’s log (2 events)',
    );
    expect(shownPosition()).toBeUndefined();
    expect(screen.queryByRole('table', { name: 'Customers' })).not.toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Moment shown' })).toHaveTextContent(
      'moment #3 is not in this browser’s log',
    );

    const register = (customerId: string, name: string) =>
      desk.execute({
        type: 'RegisterCustomer',
        data: { customerId, name, email: `${customerId}@example.com` },
      });
    await register('cy', 'Cy Twombly');
    // The link asked for #3, not for the present: as a catch-up brings more, it stays there,
    // also when it is for a moment the newest event (the catch-up's page ended there).
    await waitFor(() => {
      expect(shownPosition()).toBe('3');
    });
    expect(router.state.location.search).toBe('?at=3');
    expect(screen.getByTestId('timeline-position')).toHaveTextContent(shownLabel(desk, 3));
    const table = screen.getByRole('table', { name: 'Customers' });
    expect(await within(table).findByText('Cy Twombly')).toBeInTheDocument();

    await register('dee', 'Dee Dee Ramone');
    await waitFor(() => {
      expect(screen.getByTestId('timeline-position')).toHaveTextContent(shownLabel(desk, 3));
    });
    expect(router.state.location.search).toBe('?at=3');
    expect(within(table).queryByText('Dee Dee Ramone')).not.toBeInTheDocument();
  });
});

describe('a moment of an empty log', () => {
  it('says the log holds no events yet', async () => {
    await renderApp('/orders?at=5', await createTestDesk());
    expect(
      await screen.findByText(/^This browser’s log holds no events yet; moment #5 is not here\./),
    ).toBeInTheDocument();
  });
});

describe('the position label', () => {
  it('names the moment on screen, and nothing before the first event', async () => {
    const user = userEvent.setup();
    const desk = await deskWithTwoCustomers();
    await renderApp('/customers?at=1', desk);

    await waitFor(() => {
      expect(shownPosition()).toBe('1');
    });
    const label = screen.getByTestId('timeline-position');
    expect(label).toHaveTextContent(shownLabel(desk, 1));
    await user.click(screen.getByRole('button', { name: 'Step back' }));
    expect(shownPosition()).toBe('0');
    expect(label).toHaveTextContent('#0 of 2 · before the first event');
    await user.click(screen.getByRole('button', { name: 'Step forward' }));
    await user.click(screen.getByRole('button', { name: 'Step forward' }));
    // The newest event is the present.
    expect(shownPosition()).toBe('present');
    expect(label).toHaveTextContent(shownLabel(desk, 2));
  });
});

/**
 * A desk whose events are an hour and a quarter second apart (the test desks' clock stands still,
 * and events within a second test that a typed time covers it): Ada and Bob
 * registered (1, 2); orders o-1 of Ada, o-2 of Bob, o-3 of Ada (3–5); o-2 then o-1 paid, o-3
 * cancelled, Cy registered (6–9); Ada's email changed (10).
 */
async function deskOfTenHours(): Promise<{ desk: Desk; timeOf: (position: number) => string }> {
  let now = Date.parse('2026-03-01T08:00:00.000Z');
  let ids = 0;
  const desk = new Desk(
    new EventStore({ name: `compare-${Math.random()}` }),
    'urn:uuid:test-desk',
    () => new Date((now += 3_600_250)),
    () => `id-${++ids}`,
  );
  await desk.start();
  const run = async (command: Parameters<Desk['execute']>[0]) => {
    const result = await desk.execute(command);
    if (!result.ok) throw result.error;
  };
  for (const [customerId, name] of [
    ['ada', 'Ada Lovelace'],
    ['bob', 'Bob Marley'],
  ] as const)
    await run({
      type: 'RegisterCustomer',
      data: { customerId, name, email: `${customerId}@x.org` },
    });
  const items = [{ product_id: 'mug', name: 'Mug', quantity: 1, unit_price: 1000 }];
  for (const [orderId, customerId] of [
    ['o-1', 'ada'],
    ['o-2', 'bob'],
    ['o-3', 'ada'],
  ] as const)
    await run({ type: 'PlaceOrder', data: { orderId, customerId, currency: 'EUR', items } });
  for (const orderId of ['o-2', 'o-1'])
    await run({
      type: 'RecordPayment',
      data: { orderId, paymentId: `p-${orderId}`, amount: 1000, method: 'card' },
    });
  await run({ type: 'CancelOrder', data: { orderId: 'o-3', reason: 'Changed mind' } });
  await run({
    type: 'RegisterCustomer',
    data: { customerId: 'cy', name: 'Cy', email: 'cy@x.org' },
  });
  await run({ type: 'ChangeCustomerDetails', data: { customerId: 'ada', email: 'ada@y.org' } });
  const timeOf = (position: number) => desk.getStatus().present.eventAt(position)?.time ?? '';
  return { desk, timeOf };
}

describe('comparing moments', () => {
  it('compares by time, from the moment shown to the newest event at first', async () => {
    const user = userEvent.setup();
    const { desk, timeOf } = await deskOfTenHours();
    await renderApp('/customers?at=5', desk);

    await user.click(await screen.findByRole('button', { name: 'Compare moments' }));
    const dialog = screen.getByRole('dialog', { name: 'Compare moments' });
    // The inputs hold local times to the second (jsdom writes them with .000 milliseconds).
    const typed = (label: string) =>
      new Date(within(dialog).getByLabelText<HTMLInputElement>(label).value).getTime();
    const toTheSecond = (iso: string) => Math.floor(Date.parse(iso) / 1000) * 1000;
    expect(typed('From')).toBe(toTheSecond(timeOf(5)));
    expect(typed('To')).toBe(toTheSecond(timeOf(10)));
    await user.click(within(dialog).getByRole('button', { name: 'Compare' }));

    expect(dialog).toHaveTextContent(
      `From ${formatTime(localInputToIso(localInputOf(timeOf(5))) ?? '')} (after event #5) to`,
    );
    expect(dialog).toHaveTextContent('(after event #10): 5 events.');
    expect(dialog).toHaveTextContent(
      '0 orders created, 3 status changes, 2 customer changes. Revenue +€20.00.',
    );
    // Grouped, each group folded with its count: by the new status in the lifecycle's order,
    // then the customers registered and those whose details changed.
    const groups = dialog.querySelectorAll('summary');
    expect([...groups].map((summary) => summary.textContent)).toEqual([
      'Now Paid · 2',
      'Now Cancelled · 1',
      'Registered · 1',
      'Details changed · 1',
    ]);
    // Within a group, in placing order: o-1 before o-2, though o-2 was paid first.
    const paid = within(groups[0]?.parentElement as HTMLElement).getAllByRole('listitem');
    expect(paid.map((item) => item.textContent)).toEqual([
      'o-1: Placed → Paid',
      'o-2: Placed → Paid',
    ]);
    // The newest event is the present: links lead there, not to ?at=10.
    expect(within(dialog).getByRole('link', { name: 'Ada Lovelace' })).toHaveAttribute(
      'href',
      '/customers/ada',
    );
    expect(dialog).toHaveTextContent('Ada Lovelace: email');
  });

  it('sums the orders created, links to the later moment, and refuses times in the wrong order', async () => {
    const user = userEvent.setup();
    const { desk, timeOf } = await deskOfTenHours();
    await renderApp('/customers', desk);
    await user.click(await screen.findByRole('button', { name: 'Compare moments' }));
    const dialog = screen.getByRole('dialog', { name: 'Compare moments' });
    const range = async (from: string, to: string) => {
      fireEvent.change(within(dialog).getByLabelText('From'), { target: { value: from } });
      fireEvent.change(within(dialog).getByLabelText('To'), { target: { value: to } });
      await user.click(within(dialog).getByRole('button', { name: 'Compare' }));
    };

    // A time covers its whole second: the event recorded within it is in.
    await range(localInputOf(timeOf(2)), localInputOf(timeOf(5)));
    expect(dialog).toHaveTextContent('(after event #2)');
    expect(dialog).toHaveTextContent('(after event #5): 3 events.');
    expect(dialog).toHaveTextContent('3 orders created, 0 status changes, 0 customer changes.');
    expect(dialog).toHaveTextContent('No change in revenue.');
    const created = within(dialog).getByText('Created · 3 · €30.00').parentElement as HTMLElement;
    const links = within(created).getAllByRole('link');
    expect(links.map((link) => link.textContent)).toEqual(['o-1', 'o-2', 'o-3']);
    expect(links[0]).toHaveAttribute('href', '/orders/o-1?at=5');

    await range(localInputOf(timeOf(5)), localInputOf(timeOf(2)));
    expect(within(dialog).getByRole('alert')).toHaveTextContent(
      'Enter two dates and times, the first not after the second.',
    );
  });
});

describe('a slider move waiting for its frame', () => {
  it('does not pull the screen back after Back to present', async () => {
    const frames: FrameRequestCallback[] = [];
    vi.spyOn(window, 'requestAnimationFrame').mockImplementation((callback) => {
      frames.push(callback);
      return frames.length;
    });
    vi.spyOn(window, 'cancelAnimationFrame').mockImplementation(() => undefined);
    const desk = await deskWithTwoCustomers();
    await desk.execute({
      type: 'RegisterCustomer',
      data: { customerId: 'cy', name: 'Cy Twombly', email: 'cy@example.com' },
    });
    const user = userEvent.setup();
    const { router } = await renderApp('/customers?at=2', desk);
    expect(await screen.findByRole('region', { name: 'Moment shown' })).toHaveTextContent(
      /after event #2 of 3/,
    );
    const slider = screen.getByRole('slider', { name: 'Timeline' });

    // The first move of a frame goes at once; the next waits for the frame.
    fireEvent.change(slider, { target: { value: '0' } });
    expect(router.state.location.search).toBe('?at=0');
    fireEvent.change(slider, { target: { value: '1' } });
    expect(router.state.location.search).toBe('?at=0');
    await user.click(screen.getByRole('button', { name: 'Back to present' }));
    expect(router.state.location.search).toBe('');
    for (const frame of frames.splice(0)) frame(performance.now());
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(router.state.location.search).toBe('');
    vi.restoreAllMocks();
  });
});
