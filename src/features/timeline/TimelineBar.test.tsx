import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { Desk } from '../../application/desk';
import type { StoredEvent } from '../../domain/events';
import { EventStore } from '../../store/eventStore';
import { createTestDesk, renderApp } from '../../test/renderApp';
import { formatTime } from '../../lib/format';

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
  await writer.loadDemo(3000);
  writer.store.close();
  return name;
}

/**
 * A desk opening a demo log of 3,000 events whose reading stops after its first batch (500
 * events) until `finish` is called: the views reach 500 while the log holds 3,000.
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
      expect(desk.getStatus()).toMatchObject({ folded: 500, logHead: 3000 });
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
    await renderApp('/orders?at=300', desk);

    await waitFor(() => {
      expect(shownPosition()).toBe('300');
    });
    expect(screen.getByTestId('timeline-position')).toHaveTextContent(shownLabel(desk, 300));
    expect(screen.getByTestId('orders-count')).toHaveAttribute(
      'data-count',
      String(desk.viewAt(300)?.orders.count),
    );
    await finish();
  }, 30_000);
});

describe('a moment beyond the log', () => {
  it('says it is not in this browser’s log, then shows it once the log reaches it', async () => {
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

    await desk.execute({
      type: 'RegisterCustomer',
      data: { customerId: 'cy', name: 'Cy Twombly', email: 'cy@example.com' },
    });
    // Event #3 is then the newest: the present.
    await waitFor(() => {
      expect(router.state.location.search).toBe('');
      expect(shownPosition()).toBe('present');
    });
    expect(screen.getByTestId('timeline-position')).toHaveTextContent(shownLabel(desk, 3));
    const table = screen.getByRole('table', { name: 'Customers' });
    expect(await within(table).findByText('Cy Twombly')).toBeInTheDocument();
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

describe('comparing moments', () => {
  it('lists what changed between them, and refuses moments in the wrong order', async () => {
    const user = userEvent.setup();
    await renderApp('/customers', await deskWithTwoCustomers());

    await user.click(await screen.findByRole('button', { name: 'Compare moments' }));
    const dialog = screen.getByRole('dialog', { name: 'Compare moments' });
    const range = async (from: string, to: string) => {
      await user.clear(within(dialog).getByLabelText('From event'));
      await user.type(within(dialog).getByLabelText('From event'), from);
      await user.clear(within(dialog).getByLabelText('To event'));
      await user.type(within(dialog).getByLabelText('To event'), to);
      await user.click(within(dialog).getByRole('button', { name: 'Compare' }));
    };
    await range('1', '2');
    expect(
      await within(dialog).findByText(
        'From event #1 to #2: 0 orders created, 0 status changes, 1 customer change.',
      ),
    ).toBeInTheDocument();
    expect(within(dialog).getByRole('link', { name: 'Bob Marley' })).toHaveAttribute(
      'href',
      '/customers/bob?at=2',
    );
    expect(within(dialog).queryByRole('link', { name: 'Ada Lovelace' })).not.toBeInTheDocument();

    await range('2', '1');
    expect(within(dialog).getByRole('alert')).toHaveTextContent(
      'Choose two event numbers from 0 to 2, the first not after the second.',
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
