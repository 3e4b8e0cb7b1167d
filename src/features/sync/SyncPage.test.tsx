import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Desk } from '../../application/desk';
import {
  AttentionBeforeLeavingError,
  SyncingInAnotherTabError,
} from '../../application/sync/errors';
import { SyncRequestError, type DeviceEntry } from '../../application/sync/syncClient';
import { NOT_SYNCING, type JoinedDesk, type SyncState } from '../../application/sync/syncEngine';
import { createTestDesk, renderApp } from '../../test/renderApp';

const off = NOT_SYNCING;

const joinedAs = (role: 'owner' | 'member'): JoinedDesk => ({
  server: 'http://127.0.0.1:8790',
  desk: 'k2m9q4xa3bdz',
  token: 'odt_secret',
  deskName: 'Corner shop',
  deviceId: 'device-ana',
  source: 'urn:uuid:device-ana',
  person: role === 'owner' ? 'Ana' : 'Sam',
  role,
});

/** The desk's sync engine shows `state` instead of its own; `set` changes it as the engine would. */
function fakeSyncState(desk: Desk, initial: SyncState) {
  let state = initial;
  const listeners = new Set<() => void>();
  vi.spyOn(desk.sync, 'getState').mockImplementation(() => state);
  vi.spyOn(desk.sync, 'subscribe').mockImplementation((listener) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  });
  return {
    set(change: Partial<SyncState>) {
      state = { ...state, ...change };
      act(() => {
        for (const listener of listeners) listener();
      });
    },
  };
}

/** A member's desk, up to date, with two changes on Needs attention. */
function withTwoNeedingAttention(desk: Desk) {
  const item = {
    command: { type: 'MarkDelivered', data: { orderId: 'o-1' } },
    time: '2026-03-01T10:00:00.000Z',
    reason: 'There is no order o-1.',
  } as const;
  return fakeSyncState(desk, {
    ...off,
    phase: 'up_to_date',
    joined: joinedAs('member'),
    attention: [
      { id: 'cmd-1', ...item },
      { id: 'cmd-2', ...item },
    ],
  });
}

/** The joined desk's panel, named after the desk. */
const deskPanel = () => screen.getByRole('region', { name: 'Corner shop' });

const registerAda = (desk: Desk) =>
  desk.execute({
    type: 'RegisterCustomer',
    data: { customerId: 'c-1', name: 'Ada Lovelace', email: 'ada@example.com' },
  });

afterEach(() => {
  // The browser's online state, faked by a test, is the real one again.
  vi.restoreAllMocks();
});

beforeEach(() => {
  // jsdom has no modal dialogs: the confirmations open as plain dialogs.
  Object.defineProperty(HTMLDialogElement.prototype, 'showModal', {
    configurable: true,
    value(this: HTMLDialogElement) {
      this.setAttribute('open', '');
    },
  });
});

describe('joining a desk', () => {
  it('says why the server refused, keeps what was typed, and shows the desk once joined', async () => {
    const user = userEvent.setup();
    const desk = await createTestDesk();
    const sync = fakeSyncState(desk, off);
    const connect = vi
      .spyOn(desk.sync, 'connect')
      .mockRejectedValueOnce(
        new SyncRequestError(403, 'invite_not_usable', 'This invite code was used already.'),
      )
      .mockImplementationOnce(() => {
        sync.set({ phase: 'up_to_date', joined: joinedAs('member') });
        return Promise.resolve();
      });
    await renderApp('/sync', desk);

    expect(await screen.findByRole('heading', { level: 1, name: 'Sync' })).toBeInTheDocument();
    await user.type(screen.getByLabelText('Server address'), 'http://127.0.0.1:8790');
    await user.type(screen.getByLabelText('Invite code'), 'k2m9q4xa3bdz-AAAA-BBBB');
    await user.click(screen.getByRole('button', { name: 'Join desk' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'This invite code was used already.',
    );
    // The code is what to mend: it is marked, described by the reason, and has the focus.
    const code = screen.getByLabelText('Invite code');
    expect(code).toHaveAttribute('aria-invalid', 'true');
    expect(code).toHaveAccessibleDescription('This invite code was used already.');
    expect(code).toHaveFocus();
    expect(screen.getByLabelText('Server address')).not.toHaveAttribute('aria-invalid');
    expect(connect).toHaveBeenCalledWith('http://127.0.0.1:8790', 'k2m9q4xa3bdz-AAAA-BBBB');
    expect(screen.getByLabelText('Server address')).toHaveValue('http://127.0.0.1:8790');
    expect(screen.getByLabelText('Invite code')).toHaveValue('k2m9q4xa3bdz-AAAA-BBBB');

    await user.click(screen.getByRole('button', { name: 'Join desk' }));
    expect(await screen.findByRole('heading', { name: 'Corner shop' })).toBeInTheDocument();
    expect(screen.getByText('Sam (member)')).toBeInTheDocument();
    expect(within(deskPanel()).getByRole('status')).toHaveTextContent('Up to date');
    expect(screen.queryByRole('heading', { name: 'Devices' })).not.toBeInTheDocument();
  });

  it('says a device offline is offline, rather than that the server cannot be reached', async () => {
    const user = userEvent.setup();
    const desk = await createTestDesk();
    fakeSyncState(desk, off);
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    vi.spyOn(desk.sync, 'connect').mockRejectedValue(
      new SyncRequestError(0, 'unreachable', 'The sync server cannot be reached.'),
    );
    await renderApp('/sync', desk);
    await user.type(await screen.findByLabelText('Server address'), 'http://127.0.0.1:8790');
    await user.type(screen.getByLabelText('Invite code'), 'k2m9q4xa3bdz-AAAA-BBBB');
    await user.click(screen.getByRole('button', { name: 'Join desk' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'This device is offline: join once it is back online.',
    );
  });

  it('asks for the address first, at the address, and keeps focus on it', async () => {
    const user = userEvent.setup();
    const desk = await createTestDesk();
    fakeSyncState(desk, off);
    const connect = vi.spyOn(desk.sync, 'connect');
    await renderApp('/sync', desk);

    await user.click(await screen.findByRole('button', { name: 'Join desk' }));
    const address = screen.getByLabelText('Server address');
    expect(address).toHaveAccessibleDescription('Type the sync server’s address.');
    expect(address).toHaveFocus();
    expect(connect).not.toHaveBeenCalled();
  });

  it('shows progress while joining, and refuses plain http to another machine before asking', async () => {
    const user = userEvent.setup();
    const desk = await createTestDesk();
    fakeSyncState(desk, off);
    let finish = () => {};
    const connect = vi.spyOn(desk.sync, 'connect').mockImplementation(
      () =>
        new Promise<void>((resolve) => {
          finish = resolve;
        }),
    );
    await renderApp('/sync', desk);

    await user.type(await screen.findByLabelText('Server address'), 'http://sync.example.com');
    await user.type(screen.getByLabelText('Invite code'), 'code');
    await user.click(screen.getByRole('button', { name: 'Join desk' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('must start with https://');
    expect(connect).not.toHaveBeenCalled();

    await user.clear(screen.getByLabelText('Server address'));
    await user.type(screen.getByLabelText('Server address'), 'https://sync.example.com');
    await user.click(screen.getByRole('button', { name: 'Join desk' }));
    const form = screen.getByRole('region', { name: 'Join a desk' });
    expect(await within(form).findByRole('status')).toHaveTextContent('Joining the desk…');
    expect(screen.getByRole('button', { name: 'Join desk' })).toBeDisabled();
    act(() => {
      finish();
    });
    await waitFor(() => {
      expect(screen.getByRole('button', { name: 'Join desk' })).toBeEnabled();
    });
  });

  it('says that the events this browser holds will be sent to the desk', async () => {
    const desk = await createTestDesk();
    await registerAda(desk);
    fakeSyncState(desk, off);
    await renderApp('/sync', desk);
    expect(
      await screen.findByText(
        /This browser already holds 1 event: once you join, it is sent to the desk, after the desk’s own events, unless the desk holds it already\./,
      ),
    ).toBeInTheDocument();
  });
});

describe('a joined desk', () => {
  it('counts the changes not yet synced, on the page and in the navigation', async () => {
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    const desk = await createTestDesk();
    await desk.store.beginSync();
    fakeSyncState(desk, {
      ...off,
      phase: 'offline',
      joined: joinedAs('member'),
      lastSync: '2026-03-01T11:00:00.000Z',
    });
    await renderApp('/sync', desk);
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: 'Sync' })).toBeInTheDocument();
    expect(await screen.findByText('Nothing: every change is on the desk')).toBeInTheDocument();

    await act(() => registerAda(desk));
    expect(await screen.findByText('1 change not yet synced')).toBeInTheDocument();
    expect(within(nav).getByRole('link', { name: 'Sync (1 not yet synced)' })).toBeInTheDocument();
    expect(within(deskPanel()).getByRole('status')).toHaveTextContent('Offline');
    expect(screen.getByText(/Everything keeps working here/)).toBeInTheDocument();
    expect(screen.queryByText('Not yet')).not.toBeInTheDocument();
  });

  it('says the server cannot be reached when the device is online', async () => {
    const desk = await createTestDesk();
    await desk.store.beginSync();
    fakeSyncState(desk, { ...off, phase: 'offline', joined: joinedAs('member') });
    await renderApp('/sync', desk);
    expect(await within(deskPanel()).findByRole('status')).toHaveTextContent(
      'Cannot reach the server',
    );
    expect(screen.getByRole('button', { name: 'Sync now' })).toBeEnabled();
  });

  it('counts the changes a catch-up set aside, not claiming every change is on the desk', async () => {
    const desk = await createTestDesk();
    await desk.store.beginSync();
    const sync = fakeSyncState(desk, {
      ...off,
      phase: 'syncing',
      joined: joinedAs('member'),
      catchingUpTo: 30_000,
      setAside: 2,
    });
    await renderApp('/sync', desk);
    expect(
      await screen.findByText('2 changes set aside until the catch-up ends'),
    ).toBeInTheDocument();
    // The navigation counts them too: they are not on the desk yet.
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: 'Sync (2 not yet synced)' })).toBeInTheDocument();

    await act(() => registerAda(desk));
    expect(
      await screen.findByText(
        '1 change not yet synced; 2 changes set aside until the catch-up ends',
      ),
    ).toBeInTheDocument();
    expect(within(nav).getByRole('link', { name: 'Sync (3 not yet synced)' })).toBeInTheDocument();
    sync.set({ catchingUpTo: null, setAside: 0 });
    expect(await screen.findByText('1 change not yet synced')).toBeInTheDocument();
    expect(within(nav).getByRole('link', { name: 'Sync (1 not yet synced)' })).toBeInTheDocument();
  });

  it('puts each phase in words, a stop with its reason', async () => {
    const desk = await createTestDesk();
    const sync = fakeSyncState(desk, { ...off, phase: 'syncing', joined: joinedAs('member') });
    await renderApp('/sync', desk);
    expect(await within(deskPanel()).findByRole('status')).toHaveTextContent('Syncing…');
    sync.set({ phase: 'other_tab' });
    expect(within(deskPanel()).getByRole('status')).toHaveTextContent('Syncing in another tab');
    sync.set({ phase: 'up_to_date' });
    expect(within(deskPanel()).getByRole('status')).toHaveTextContent('Up to date');
    sync.set({ phase: 'stopped', problem: 'This device was removed from the desk by its owner.' });
    expect(within(deskPanel()).getByRole('alert')).toHaveTextContent(
      'Stopped: This device was removed from the desk by its owner.',
    );
  });

  it('syncs at once when asked, while online; offline, says it syncs once back online', async () => {
    const user = userEvent.setup();
    const desk = await createTestDesk();
    const sync = fakeSyncState(desk, { ...off, phase: 'up_to_date', joined: joinedAs('member') });
    const syncNow = vi.spyOn(desk.sync, 'syncNow').mockReturnValue();
    const online = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(true);
    await renderApp('/sync', desk);

    await user.click(await screen.findByRole('button', { name: 'Sync now' }));
    expect(syncNow).toHaveBeenCalledTimes(1);

    online.mockReturnValue(false);
    act(() => {
      window.dispatchEvent(new Event('offline'));
    });
    const button = screen.getByRole('button', { name: 'Sync now' });
    expect(button).toBeDisabled();
    expect(button).toHaveAccessibleDescription(/offline: it syncs by itself once back online/u);
    await user.click(button);
    expect(syncNow).toHaveBeenCalledTimes(1);

    online.mockReturnValue(true);
    act(() => {
      window.dispatchEvent(new Event('online'));
    });
    expect(screen.getByRole('button', { name: 'Sync now' })).toBeEnabled();
    // Stopped (revoked), or syncing in another tab: nothing to start here.
    act(() => {
      sync.set({
        phase: 'stopped',
        problem: 'This device was removed from the desk by its owner.',
      });
    });
    expect(screen.queryByRole('button', { name: 'Sync now' })).not.toBeInTheDocument();
    act(() => {
      sync.set({ phase: 'other_tab', problem: null });
    });
    expect(screen.queryByRole('button', { name: 'Sync now' })).not.toBeInTheDocument();
  });

  it('leaves the desk only once confirmed', async () => {
    const user = userEvent.setup();
    const desk = await createTestDesk();
    fakeSyncState(desk, { ...off, phase: 'up_to_date', joined: joinedAs('member') });
    const leave = vi.spyOn(desk.sync, 'leave').mockResolvedValue();
    await renderApp('/sync', desk);

    await user.click(await screen.findByRole('button', { name: 'Leave this desk' }));
    const dialog = screen.getByRole('dialog', { name: 'Leave Corner shop?' });
    expect(dialog).toHaveTextContent('Its event log stays as it is');
    await user.click(within(dialog).getByRole('button', { name: 'Stay' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(leave).not.toHaveBeenCalled();

    await user.click(screen.getByRole('button', { name: 'Leave this desk' }));
    await user.click(screen.getByRole('button', { name: 'Leave desk' }));
    expect(leave).toHaveBeenCalledTimes(1);
  });

  it.each([
    [
      new AttentionBeforeLeavingError(2),
      '2 changes made here no longer fit the desk: see Needs attention, then leave again.',
    ],
    [
      new SyncingInAnotherTabError(),
      'Another tab of this browser syncs this desk: leave it from there, or close that tab first.',
    ],
  ])('says why the device stayed on the desk: %s', async (refusal, shown) => {
    const user = userEvent.setup();
    const desk = await createTestDesk();
    fakeSyncState(desk, { ...off, phase: 'up_to_date', joined: joinedAs('member') });
    vi.spyOn(desk.sync, 'leave').mockRejectedValue(refusal);
    await renderApp('/sync', desk);

    await user.click(await screen.findByRole('button', { name: 'Leave this desk' }));
    await user.click(screen.getByRole('button', { name: 'Leave desk' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(shown);
  });

  it('says before leaving that the changes under Needs attention are forgotten', async () => {
    const user = userEvent.setup();
    const desk = await createTestDesk();
    const sync = withTwoNeedingAttention(desk);
    await renderApp('/sync', desk);

    await user.click(await screen.findByRole('button', { name: 'Leave this desk' }));
    const dialog = screen.getByRole('dialog', { name: 'Leave Corner shop?' });
    expect(dialog).toHaveTextContent(
      'The 2 changes under Needs attention are forgotten: note first what still needs doing.',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Stay' }));
    act(() => {
      sync.set({ attention: [] });
    });
    await user.click(screen.getByRole('button', { name: 'Leave this desk' }));
    expect(screen.getByRole('dialog')).not.toHaveTextContent('Needs attention');
  });
});

describe('needs attention', () => {
  it('counts the changes that need attention beside the Sync link, on every page', async () => {
    const desk = await createTestDesk();
    const sync = withTwoNeedingAttention(desk);
    await renderApp('/orders', desk);
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(
      await within(nav).findByRole('link', { name: 'Sync (2 need attention)' }),
    ).toHaveTextContent('Sync2');

    act(() => {
      sync.set({ attention: [] });
    });
    expect(within(nav).getByRole('link', { name: 'Sync' })).toHaveTextContent(/^Sync$/);
  });

  it('says what each command was, when, and why; dismisses one', async () => {
    const user = userEvent.setup();
    const desk = await createTestDesk();
    await registerAda(desk);
    await desk.execute({
      type: 'PlaceOrder',
      data: {
        orderId: 'o-1',
        customerId: 'c-1',
        currency: 'EUR',
        items: [{ product_id: 'p-1', name: 'Tea', quantity: 1, unit_price: 2500 }],
      },
    });
    const sync = fakeSyncState(desk, {
      ...off,
      phase: 'up_to_date',
      joined: joinedAs('member'),
      attention: [
        {
          id: 'cmd-9',
          command: {
            type: 'RecordPayment',
            data: { orderId: 'o-1', paymentId: 'pay-1', amount: 2500, method: 'card' },
          },
          time: '2026-03-01T10:00:00.000Z',
          reason: 'Order o-1 is cancelled: it cannot be paid.',
        },
        {
          id: 'cmd-10',
          command: { type: 'MarkDelivered', data: { orderId: 'o-404' } },
          time: '2026-03-01T10:05:00.000Z',
          reason: 'There is no order o-404.',
        },
        {
          id: 'cmd-11',
          command: {
            type: 'PlaceOrder',
            data: {
              orderId: 'o-2',
              customerId: 'c-1',
              currency: 'EUR',
              items: [{ product_id: 'p-1', name: 'Tea', quantity: 1, unit_price: 2500 }],
            },
          },
          time: '2026-03-01T10:06:00.000Z',
          reason: 'Order o-2 exists already.',
        },
        {
          id: 'cmd-12',
          command: {
            type: 'RegisterCustomer',
            data: { customerId: 'c-2', name: 'Grace Hopper', email: 'ada@example.com' },
          },
          time: '2026-03-01T10:07:00.000Z',
          reason: 'The email ada@example.com is taken.',
        },
      ],
    });
    const dismiss = vi.spyOn(desk.sync, 'dismiss').mockImplementation(() => {
      sync.set({ attention: [] });
      return Promise.resolve();
    });
    await renderApp('/sync', desk);

    const list = await screen.findByRole('list', { name: 'Needs attention' });
    const [item, unknownOrder, newOrder, registration] = within(list).getAllByRole('listitem') as [
      HTMLElement,
      HTMLElement,
      HTMLElement,
      HTMLElement,
    ];
    expect(item).toHaveTextContent('Record payment of €25.00 by card on order o-1');
    // Money taken for it is somewhere: the item says what to do with it.
    expect(item).toHaveTextContent('if the money was taken, give it back');
    expect(unknownOrder).not.toHaveTextContent('money');
    // Where to do it again: the order's page, when the desk holds the order.
    expect(within(item).getByRole('link', { name: 'Open order o-1' })).toHaveAttribute(
      'href',
      '/orders/o-1',
    );
    expect(unknownOrder).toHaveTextContent('Mark order o-404 delivered');
    expect(within(unknownOrder).queryByRole('link')).not.toBeInTheDocument();
    expect(
      within(newOrder).getByRole('link', { name: 'Open customer Ada Lovelace' }),
    ).toHaveAttribute('href', '/customers/c-1');
    expect(within(registration).queryByRole('link')).not.toBeInTheDocument();
    expect(item).toHaveTextContent('Order o-1 is cancelled: it cannot be paid.');
    expect(within(item).getByRole('time')).toHaveAttribute('datetime', '2026-03-01T10:00:00.000Z');

    await user.click(within(item).getByRole('button', { name: 'Dismiss' }));
    expect(dismiss).toHaveBeenCalledWith(['cmd-9']);
    expect(await screen.findByText(/^Nothing needs attention/)).toBeInTheDocument();
    // Not lost with the button: focus is on the list's heading.
    expect(screen.getByRole('heading', { name: 'Needs attention' })).toHaveFocus();
  });

  it('dismisses all of them at once, once confirmed', async () => {
    const user = userEvent.setup();
    const desk = await createTestDesk();
    const attention = ['cmd-1', 'cmd-2', 'cmd-3'].map((id, i) => ({
      id,
      command: { type: 'MarkDelivered', data: { orderId: `o-${i}` } } as const,
      time: '2026-03-01T10:00:00.000Z',
      reason: `There is no order o-${i}.`,
    }));
    const sync = fakeSyncState(desk, {
      ...off,
      phase: 'up_to_date',
      joined: joinedAs('member'),
      attention,
    });
    const dismiss = vi.spyOn(desk.sync, 'dismiss').mockImplementation(() => {
      sync.set({ attention: [] });
      return Promise.resolve();
    });
    await renderApp('/sync', desk);

    await user.click(await screen.findByRole('button', { name: 'Dismiss all' }));
    let dialog = screen.getByRole('dialog', { name: 'Dismiss all 3 changes?' });
    await user.click(within(dialog).getByRole('button', { name: 'Keep them' }));
    expect(dismiss).not.toHaveBeenCalled();
    expect(
      within(screen.getByRole('list', { name: 'Needs attention' })).getAllByRole('listitem'),
    ).toHaveLength(3);

    await user.click(screen.getByRole('button', { name: 'Dismiss all' }));
    dialog = screen.getByRole('dialog', { name: 'Dismiss all 3 changes?' });
    await user.click(within(dialog).getByRole('button', { name: 'Dismiss all' }));
    expect(dismiss).toHaveBeenCalledWith(['cmd-1', 'cmd-2', 'cmd-3']);
    expect(await screen.findByText(/^Nothing needs attention/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Dismiss all' })).not.toBeInTheDocument();
  });
});

describe('the owner', () => {
  const devices: DeviceEntry[] = [
    {
      id: 'device-ana',
      person: 'Ana',
      role: 'owner',
      joinedAt: '2026-03-01T09:00:00.000Z',
      lastSeenAt: '2026-03-01T11:00:00.000Z',
      revokedAt: null,
      current: true,
    },
    {
      id: 'device-sam',
      person: 'Sam',
      role: 'member',
      joinedAt: '2026-03-01T09:30:00.000Z',
      lastSeenAt: null,
      revokedAt: null,
      current: false,
    },
  ];

  it('lists the devices and revokes another one once confirmed', async () => {
    const user = userEvent.setup();
    const desk = await createTestDesk();
    fakeSyncState(desk, { ...off, phase: 'up_to_date', joined: joinedAs('owner') });
    let listed = devices;
    vi.spyOn(desk.sync, 'devices').mockImplementation(() => Promise.resolve([...listed]));
    const revoke = vi.spyOn(desk.sync, 'revoke').mockImplementation((id) => {
      listed = devices.map((device) =>
        device.id === id ? { ...device, revokedAt: '2026-03-01T12:00:00.000Z' } : device,
      );
      return Promise.resolve({});
    });
    await renderApp('/sync', desk);

    const list = await screen.findByRole('list', { name: 'Devices' });
    const [ana, sam] = await within(list).findAllByRole('listitem');
    if (ana === undefined || sam === undefined) throw new Error('two devices');
    expect(ana).toHaveTextContent('This device');
    expect(within(ana).queryByRole('button', { name: 'Revoke' })).not.toBeInTheDocument();
    expect(sam).toHaveTextContent('Sam (member)');
    expect(within(sam).getByText('Never')).toBeInTheDocument();

    await user.click(within(sam).getByRole('button', { name: 'Revoke' }));
    const confirm = screen.getByRole('dialog', { name: 'Revoke Sam’s device?' });
    // Enter right away keeps the device: focus starts on the choice that changes nothing.
    expect(within(confirm).getByRole('button', { name: 'Keep it' })).toHaveFocus();
    await user.click(within(confirm).getByRole('button', { name: 'Revoke device' }));
    expect(revoke).toHaveBeenCalledWith('device-sam');
    const revoked = (await within(list).findAllByRole('listitem'))[1];
    await waitFor(() => {
      expect(revoked).toHaveTextContent('Revoked');
    });
    expect(within(list).queryByRole('button', { name: 'Revoke' })).not.toBeInTheDocument();
  });

  it('reads the list again once the server is reached, after a read that failed', async () => {
    const desk = await createTestDesk();
    const sync = fakeSyncState(desk, { ...off, phase: 'offline', joined: joinedAs('owner') });
    vi.spyOn(desk.sync, 'devices')
      .mockRejectedValueOnce(
        new SyncRequestError(0, 'unreachable', 'The sync server cannot be reached.'),
      )
      .mockResolvedValue(devices);
    await renderApp('/sync', desk);
    expect(await screen.findByText(/^The list of devices could not be read/)).toBeInTheDocument();

    sync.set({ phase: 'up_to_date' });
    const list = await screen.findByRole('list', { name: 'Devices' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(2);
    expect(screen.queryByText(/^The list of devices could not be read/)).not.toBeInTheDocument();
    // Each Revoke says whose device it is.
    expect(within(list).getByRole('button', { name: 'Revoke' })).toHaveAccessibleDescription(
      'Sam (member)',
    );
  });

  it('invites someone and shows the code once, with the server’s address', async () => {
    const user = userEvent.setup();
    const desk = await createTestDesk();
    fakeSyncState(desk, { ...off, phase: 'up_to_date', joined: joinedAs('owner') });
    vi.spyOn(desk.sync, 'devices').mockResolvedValue(devices);
    const invite = vi.spyOn(desk.sync, 'invite').mockResolvedValue({
      code: 'k2m9q4xa3bdz-K7QM-2XZP-9RTB-4WHN-8CJF',
      person: 'Bo',
      role: 'owner',
      expiresAt: '2026-03-04T12:00:00.000Z',
    });
    await renderApp('/sync', desk);

    await user.click(await screen.findByRole('button', { name: 'Create invite' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Type the name of the person you invite');
    const person = screen.getByLabelText('Person');
    expect(person).toHaveAttribute('aria-invalid', 'true');
    expect(person).toHaveAccessibleDescription(/^Type the name of the person you invite/);
    expect(person).toHaveFocus();
    await user.type(person, 'Bo');
    await user.selectOptions(screen.getByLabelText('Role'), 'owner');
    await user.click(screen.getByRole('button', { name: 'Create invite' }));

    expect(invite).toHaveBeenCalledWith('Bo', 'owner');
    const shown = await screen.findByRole('region', { name: 'New invite' });
    expect(shown).toHaveTextContent('k2m9q4xa3bdz-K7QM-2XZP-9RTB-4WHN-8CJF');
    expect(shown).toHaveTextContent('http://127.0.0.1:8790');
    // Focus goes to the invite (read out as it comes), then back to the form.
    expect(shown).toHaveFocus();
    expect(person).not.toHaveAttribute('aria-invalid');
    await user.click(within(shown).getByRole('button', { name: 'Done' }));
    expect(screen.queryByText('k2m9q4xa3bdz-K7QM-2XZP-9RTB-4WHN-8CJF')).not.toBeInTheDocument();
    expect(person).toHaveFocus();
  });
});
