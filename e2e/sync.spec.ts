import type { Page } from '@playwright/test';
import { cancelOrder, nav, placeOrder, registerCustomer } from './support';
import { expect, test } from './syncServer';
import {
  deskPanel,
  join,
  leaveDesk,
  newDevice,
  secondTab,
  SYNCED,
  syncLink,
  twoDevices,
} from './syncDevices';

/**
 * Two devices (two browser contexts) share a desk through a real sync server: joining, each
 * other's commands, offline changes and conflicts, a reload while offline, revoking a device.
 */

/** Visits once, waits for the service worker, reloads so that it serves the app offline. */
async function installApp(page: Page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect(await page.evaluate(() => navigator.serviceWorker.controller?.state)).toBe('activated');
}

test.describe('two devices on one desk', () => {
  // Two browsers, a server and long-polls on a shared 2-core machine.
  test.slow();

  test('a command on one device appears on the other', async ({ browser, syncServer }) => {
    const [a, b] = await twoDevices(browser, syncServer);
    await registerCustomer(a.page, 'Ada Lovelace', 'ada@example.com');

    await b.page.goto('/customers');
    await expect(b.page.getByRole('link', { name: 'Ada Lovelace', exact: true })).toBeVisible(
      SYNCED,
    );
    await a.page.goto('/sync');
    await expect(deskPanel(a.page).getByRole('status')).toHaveText('Up to date', SYNCED);
    await expect(syncLink(a.page)).toHaveAccessibleName('Sync');
    await a.context.close();
    await b.context.close();
  });

  test('a payment made offline on an order cancelled meanwhile needs attention', async ({
    browser,
    syncServer,
  }) => {
    const [a, b] = await twoDevices(browser, syncServer);
    await registerCustomer(a.page, 'Grace Hopper', 'grace@example.com');
    const orderId = await placeOrder(a.page, 'Grace Hopper');
    await b.page.goto(`/orders/${orderId}`);
    await expect(b.page.getByTestId('order-status')).toHaveText('Placed', SYNCED);

    await b.context.setOffline(true);
    await b.page.getByRole('button', { name: 'Record payment' }).click();
    await expect(b.page.getByTestId('order-status')).toHaveText('Paid');
    await expect(syncLink(b.page)).toHaveAccessibleName('Sync (1 not yet synced)');
    await expect(syncLink(b.page)).toHaveText('Sync (1)');
    await syncLink(b.page).click();
    await expect(deskPanel(b.page).getByRole('status')).toHaveText('Offline', SYNCED);
    await expect(deskPanel(b.page)).toContainText('1 change not yet synced');
    await nav(b.page).getByRole('link', { name: 'Events' }).click();
    const newest = b.page.getByRole('list', { name: 'Events, newest first' }).getByRole('listitem');
    await expect(newest.first()).toContainText('not yet synced');
    await expect(newest.first()).toContainText('PaymentProcessed');

    await cancelOrder(a.page, 'Out of stock');
    await expect(a.page.getByTestId('order-status')).toHaveText('Cancelled');
    // The cancellation must be on the server before B is back: else B's payment may get there
    // first, and A's cancellation, decided again, refunds it (a valid outcome, not this test's).
    await syncLink(a.page).click();
    await expect(deskPanel(a.page)).toContainText('Nothing: every change is on the desk', SYNCED);

    await b.context.setOffline(false);
    await syncLink(b.page).click();
    const attention = b.page.getByRole('list', { name: 'Needs attention' }).getByRole('listitem');
    await expect(attention).toHaveCount(1, SYNCED);
    await expect(attention).toContainText(`Record payment of €39.00 by card on order ${orderId}`);
    await expect(attention).toContainText(/cancelled/i);
    await expect(deskPanel(b.page).getByRole('status')).toHaveText('Up to date', SYNCED);
    await expect(deskPanel(b.page)).toContainText('Nothing: every change is on the desk');
    // Seen from every page: the link counts what needs attention.
    await expect(syncLink(b.page)).toHaveAccessibleName('Sync (1 needs attention)');

    await attention.getByRole('link', { name: `Open order ${orderId}` }).click();
    await expect(b.page.getByTestId('order-status')).toHaveText('Cancelled');
    await a.page.goto(`/orders/${orderId}`);
    await expect(a.page.getByTestId('order-status')).toHaveText('Cancelled');
    await b.page.goto('/events');
    await expect(b.page.getByRole('list', { name: 'Events, newest first' })).toBeVisible();
    await expect(b.page.getByText('not yet synced')).toHaveCount(0);

    await b.page.goto('/sync');
    await attention.getByRole('button', { name: 'Dismiss' }).click();
    await expect(b.page.getByText(/^Nothing needs attention/)).toBeVisible();
    await expect(syncLink(b.page)).toHaveAccessibleName('Sync');
    await a.context.close();
    await b.context.close();
  });

  test('a device that leaves the desk keeps its log and works on its own', async ({
    browser,
    syncServer,
  }) => {
    const [a, b] = await twoDevices(browser, syncServer);
    await registerCustomer(a.page, 'Ada Lovelace', 'ada@example.com');
    await b.page.goto('/customers');
    await expect(b.page.getByRole('link', { name: 'Ada Lovelace', exact: true })).toBeVisible(
      SYNCED,
    );

    await syncLink(b.page).click();
    await leaveDesk(b.page);
    await expect(b.page.getByRole('heading', { name: 'Join a desk' })).toBeVisible();
    await expect(syncLink(b.page)).toHaveAccessibleName('Sync');

    await registerCustomer(b.page, 'Bo Diddley', 'bo@example.com');
    await expect(b.page.getByRole('link', { name: 'Ada Lovelace', exact: true })).toBeVisible();
    await expect(syncLink(b.page)).toHaveAccessibleName('Sync');
    await b.page.reload();
    await expect(b.page.getByRole('link', { name: 'Bo Diddley', exact: true })).toBeVisible();
    await b.page.goto('/sync');
    await expect(b.page.getByRole('heading', { name: 'Join a desk' })).toBeVisible();

    // A's desk goes on without B: B's own customer never reaches it.
    await registerCustomer(a.page, 'Cy Young', 'cy@example.com');
    await syncLink(a.page).click();
    await expect(deskPanel(a.page)).toContainText('Nothing: every change is on the desk', SYNCED);
    await a.page.goto('/customers');
    await expect(a.page.getByRole('link', { name: 'Cy Young', exact: true })).toBeVisible();
    await expect(a.page.getByRole('link', { name: 'Bo Diddley', exact: true })).toHaveCount(0);
    await a.context.close();
    await b.context.close();
  });

  test('leaving from a tab while another tab syncs says where to leave from', async ({
    browser,
    syncServer,
  }) => {
    const [a, b] = await twoDevices(browser, syncServer);
    const second = await secondTab(b);

    await leaveDesk(second);
    await expect(second.getByRole('alert')).toHaveText(
      'Another tab of this browser syncs this desk: leave it from there, or close that tab first.',
    );
    await expect(deskPanel(second).getByRole('status')).toHaveText('Syncing in another tab');

    // Still on the desk: the first tab syncs on.
    await registerCustomer(a.page, 'Ada Lovelace', 'ada@example.com');
    await expect(deskPanel(b.page).getByRole('status')).toHaveText('Up to date');
    await second.goto('/customers');
    await expect(second.getByRole('link', { name: 'Ada Lovelace', exact: true })).toBeVisible(
      SYNCED,
    );
    await a.context.close();
    await b.context.close();
  });

  test('leaving from the tab that syncs, while another tab is open, leaves in both', async ({
    browser,
    syncServer,
  }) => {
    const [a, b] = await twoDevices(browser, syncServer);
    const second = await secondTab(b);
    await expect(deskPanel(b.page).getByRole('status')).toHaveText('Up to date');

    await leaveDesk(b.page);
    await expect(b.page.getByRole('heading', { name: 'Join a desk' })).toBeVisible(SYNCED);
    // The other tab hears of it, without a reload.
    await expect(second.getByRole('heading', { name: 'Join a desk' })).toBeVisible(SYNCED);
    await a.context.close();
    await b.context.close();
  });

  test('a tab open while another tab joins a desk shows the desk, without a reload', async ({
    browser,
    syncServer,
  }) => {
    const device = await newDevice(browser);
    const second = await device.context.newPage();
    await second.goto('/sync');
    await expect(second.getByRole('heading', { name: 'Join a desk' })).toBeVisible();

    await join(device.page, syncServer.url, await syncServer.newDesk('Corner shop', 'Ana'));
    await expect(deskPanel(second).getByRole('status')).toHaveText(
      'Syncing in another tab',
      SYNCED,
    );
    await device.context.close();
  });

  test('two tabs joining at once: one desk is joined, and the other invite is kept', async ({
    browser,
    syncServer,
  }) => {
    const device = await newDevice(browser);
    const second = await device.context.newPage();
    const anas = await syncServer.newDesk('Corner shop', 'Ana');
    const bos = await syncServer.newDesk('Corner shop', 'Bo');
    for (const [page, code] of [
      [device.page, anas],
      [second, bos],
    ] as const) {
      await page.goto('/sync');
      await page.getByLabel('Server address').fill(syncServer.url);
      await page.getByLabel('Invite code').fill(code);
    }
    await Promise.all(
      [device.page, second].map((page) => page.getByRole('button', { name: 'Join desk' }).click()),
    );
    // Both tabs show the one desk this browser joined.
    const shown = await Promise.all(
      [device.page, second].map(async (page) => {
        const owner = deskPanel(page).getByText(/^(Ana|Bo) \(owner\)$/);
        await expect(owner).toBeVisible(SYNCED);
        return owner.textContent();
      }),
    );
    expect(shown[1]).toBe(shown[0]);
    // The other tab's invite was not spent: another device joins with it.
    const other = await newDevice(browser);
    await join(other.page, syncServer.url, shown[0] === 'Ana (owner)' ? bos : anas);
    await device.context.close();
    await other.context.close();
  });

  test('changes made offline survive a reload and sync once online', async ({
    browser,
    syncServer,
  }) => {
    const [a, b] = await twoDevices(browser, syncServer);
    await installApp(b.page);

    await b.context.setOffline(true);
    await registerCustomer(b.page, 'Bo Diddley', 'bo@example.com');
    await expect(syncLink(b.page)).toHaveAccessibleName('Sync (1 not yet synced)');
    await b.page.reload();
    await expect(b.page.getByRole('heading', { level: 1, name: 'Customers' })).toBeVisible();
    await expect(syncLink(b.page)).toHaveAccessibleName('Sync (1 not yet synced)');
    await nav(b.page).getByRole('link', { name: 'Events' }).click();
    await expect(
      b.page.getByRole('list', { name: 'Events, newest first' }).getByRole('listitem').first(),
    ).toContainText('not yet synced');

    await b.context.setOffline(false);
    await expect(syncLink(b.page)).toHaveAccessibleName('Sync', SYNCED);
    await expect(b.page.getByText('not yet synced')).toHaveCount(0);
    await a.page.goto('/customers');
    await expect(a.page.getByRole('link', { name: 'Bo Diddley', exact: true })).toBeVisible(SYNCED);
    await a.context.close();
    await b.context.close();
  });

  test('a device that goes offline says so at once, and syncs again once back', async ({
    browser,
    syncServer,
  }) => {
    const [a, b] = await twoDevices(browser, syncServer);
    const state = deskPanel(b.page).getByRole('status');
    await expect(state).toHaveText('Up to date');
    // Sooner than the long-poll under way would end (25 s) on its own.
    await b.context.setOffline(true);
    await expect(state).toHaveText('Offline', { timeout: 10_000 });
    await expect(b.page.getByText('This device is offline')).toBeVisible();

    await b.context.setOffline(false);
    await expect(state).toHaveText('Up to date', SYNCED);
    await a.context.close();
    await b.context.close();
  });

  test('the owner revokes a device, which says it was removed', async ({ browser, syncServer }) => {
    const [a, b] = await twoDevices(browser, syncServer);
    await a.page.getByRole('button', { name: 'Refresh' }).click();
    const devices = a.page.getByRole('list', { name: 'Devices' }).getByRole('listitem');
    await expect(devices).toHaveCount(2);
    const sam = devices.filter({ hasText: 'Sam' });
    await expect(devices.filter({ hasText: 'Ana' }).getByRole('button')).toHaveCount(0);
    const revoke = sam.getByRole('button', { name: 'Revoke' });
    // From the keyboard, Enter at once keeps the device: the dialog opens on "Keep it".
    await revoke.focus();
    await a.page.keyboard.press('Enter');
    const confirm = a.page.getByRole('dialog', { name: 'Revoke Sam’s device?' });
    await expect(confirm.getByRole('button', { name: 'Keep it' })).toBeFocused();
    await a.page.keyboard.press('Enter');
    await expect(confirm).toBeHidden();
    await expect(revoke).toBeFocused();
    await revoke.click();
    await confirm.getByRole('button', { name: 'Revoke device' }).click();
    await expect(sam).toContainText('Revoked');
    await expect(sam.getByRole('button', { name: 'Revoke' })).toHaveCount(0);

    await expect(deskPanel(b.page).getByRole('alert')).toContainText(
      'Stopped: This device was removed from the desk by its owner',
      SYNCED,
    );
    await a.context.close();
    await b.context.close();
  });
});
