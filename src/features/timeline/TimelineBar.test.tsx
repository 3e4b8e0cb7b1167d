import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { Desk } from '../../application/desk';
import { EventStore } from '../../store/eventStore';
import { createTestDesk, renderApp } from '../../test/renderApp';

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
    expect(await screen.findByText(/Viewing the past: after event #1/)).toBeInTheDocument();
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

    await user.click(screen.getByRole('button', { name: 'Step forward' }));
    await waitFor(() => {
      expect(router.state.location.search).toBe('?at=2');
    });
    expect(await within(table).findByText('Bob Marley')).toBeInTheDocument();
    // Ada did not change at event #2, so her row is not rendered again: its link is.
    expect(adaLink()).toHaveAttribute('href', '/customers/ada?at=2');

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

describe('a seek still on its way', () => {
  /**
   * Holds the desk's seeks, as while the timeline is still being prepared on a long log; the
   * returned function lets them finish.
   */
  function holdSeeks(desk: Desk): () => void {
    let finish: (value: unknown) => void = () => undefined;
    const held = new Promise((resolve) => {
      finish = resolve;
    });
    const stateAt = desk.history.stateAt.bind(desk.history);
    desk.history.stateAt = async (position) => {
      await held;
      return stateAt(position);
    };
    return () => {
      finish(null);
    };
  }

  it('is where the next step starts: two quick steps back go back two events', async () => {
    const user = userEvent.setup();
    const { desk, router } = await renderApp('/customers?at=2', await deskWithTwoCustomers());
    expect(await screen.findByText(/Viewing the past: after event #2/)).toBeInTheDocument();
    const finishSeeks = holdSeeks(desk);

    await user.click(screen.getByRole('button', { name: 'Step back' }));
    await user.click(screen.getByRole('button', { name: 'Step back' }));
    finishSeeks();
    await waitFor(() => {
      expect(router.state.location.search).toBe('?at=0');
    });
  });

  it('does not pull the screen back after Back to present', async () => {
    const user = userEvent.setup();
    const { desk, router } = await renderApp('/customers?at=1', await deskWithTwoCustomers());
    expect(await screen.findByText(/Viewing the past: after event #1/)).toBeInTheDocument();
    const finishSeek = holdSeeks(desk);

    await user.click(screen.getByRole('button', { name: 'Step back' }));
    expect(router.state.location.search).toBe('?at=1');
    await user.click(screen.getByRole('button', { name: 'Back to present' }));
    expect(router.state.location.search).toBe('');
    finishSeek();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(router.state.location.search).toBe('');
    expect(screen.queryByText(/Viewing the past/)).not.toBeInTheDocument();
  });
});

/** A log of 3,000 demo events: more than a desk folds at once, so a tab opening it builds the
 * timeline's checkpoints afterwards. Returns the database's name. */
async function demoLog(): Promise<string> {
  const name = `timeline-failure-${Math.random()}`;
  const writer = new Desk(new EventStore({ name }), 'urn:uuid:test-desk');
  await writer.start();
  await writer.loadDemo(3000);
  return name;
}

describe('a timeline whose checkpoints cannot be built', () => {
  it('says why, keeps the present, and builds again on Try again', async () => {
    const user = userEvent.setup();
    const { desk, disk } = await deskWhoseBuildFails();
    await renderApp('/orders', desk);

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The timeline could not be prepared: The disk is gone.');
    expect(desk.history.checkpointedPosition).toBeLessThan(desk.history.head);
    expect(screen.getByTestId('orders-count')).toHaveAttribute(
      'data-count',
      String(desk.getSnapshot().present.orders.orders.size),
    );

    disk.working = true;
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    await waitFor(() => {
      expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    });
    // The alert goes when the building starts again; the building ends later.
    await waitFor(() => {
      expect(desk.history.checkpointedPosition).toBe(desk.history.head);
    });
  });

  it('shows a past moment that needs the checkpoints once they are built again', async () => {
    const user = userEvent.setup();
    const { desk, disk } = await deskWhoseBuildFails();
    await renderApp('/orders?at=2700', desk);

    expect(
      await screen.findByText(/The moment after event #2,700 could not be read: The disk is gone./),
    ).toBeInTheDocument();
    disk.working = true;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => {
      expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    });
    expect(document.querySelector('[data-view-position]')).toHaveAttribute(
      'data-view-position',
      '2700',
    );
  });
});

/**
 * A desk over a demo log whose checkpoint builds fail (reading the log again fails) until
 * `disk.working` is set; opening the log works.
 */
async function deskWhoseBuildFails() {
  const store = new EventStore({ name: await demoLog() });
  const readAll = store.readAll.bind(store);
  const disk = { working: false };
  let reads = 0;
  vi.spyOn(store, 'readAll').mockImplementation((range) =>
    ++reads === 1 || disk.working
      ? readAll(range)
      : (async function* () {
          await Promise.resolve();
          yield* [];
          throw new Error('The disk is gone.');
        })(),
  );
  const desk = new Desk(store, 'urn:uuid:test-desk');
  await desk.start();
  return { desk, disk };
}

/** A desk over a demo log, its timeline built, whose every read of a range of events fails. */
async function deskWhoseRangeReadsFail(): Promise<Desk> {
  const store = new EventStore({ name: await demoLog() });
  vi.spyOn(store, 'readRange').mockRejectedValue(new Error('The disk is gone.'));
  const desk = new Desk(store, 'urn:uuid:test-desk');
  await desk.start();
  await desk.buildTimeline();
  return desk;
}

describe('a moment that cannot be read', () => {
  it('says why, and the screens keep what they showed', async () => {
    const desk = await deskWhoseRangeReadsFail();
    await renderApp('/orders?at=700', desk);

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The moment after event #700 could not be read: The disk is gone. The screens show an empty desk.',
    );
    expect(screen.getByText(/Viewing the past: after event #700/)).toBeInTheDocument();
  });

  it('fails a comparison with the reason, in the dialog', async () => {
    // jsdom has no modal dialogs: this one opens as a plain dialog.
    Object.defineProperty(HTMLDialogElement.prototype, 'showModal', {
      configurable: true,
      value(this: HTMLDialogElement) {
        this.setAttribute('open', '');
      },
    });
    const user = userEvent.setup();
    const desk = await deskWhoseRangeReadsFail();
    await renderApp('/orders', desk);

    await user.click(await screen.findByRole('button', { name: 'Compare moments' }));
    const dialog = screen.getByRole('dialog', { name: 'Compare moments' });
    await user.clear(within(dialog).getByLabelText('From event'));
    await user.type(within(dialog).getByLabelText('From event'), '0');
    await user.clear(within(dialog).getByLabelText('To event'));
    await user.type(within(dialog).getByLabelText('To event'), '700');
    await user.click(within(dialog).getByRole('button', { name: 'Compare' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'The moments could not be read: The disk is gone.',
    );
  });
});
