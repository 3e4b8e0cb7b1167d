import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { cancelOrder, placeOrder, registerCustomer } from './support';
import { expect, test } from './syncServer';
import { deskPanel, SYNCED, syncLink, twoDevices } from './syncDevices';

/**
 * What the network and the server do to a sync: both devices acting offline on one order, a
 * push's reply lost after the server applied it, the server restarted while a push is on its way.
 */

/** Waits until the device has nothing left to sync. */
async function settled(page: Page) {
  await page.goto('/sync');
  await expect(deskPanel(page).getByRole('status')).toHaveText('Up to date', SYNCED);
  await expect(syncLink(page)).toHaveAccessibleName('Sync', SYNCED);
}

/** The device's whole log through the Data page's export: each event's id, type and data. */
async function exported(page: Page, path: string): Promise<unknown[]> {
  await page.goto('/data');
  const panel = page.getByRole('region', { name: 'Event log file' });
  const download = page.waitForEvent('download');
  await panel.getByRole('button', { name: 'Export event log' }).click();
  await (await download).saveAs(path);
  return JSON.parse(await readFile(path, 'utf8')) as unknown[];
}

/** Confirms the dialog an irreversible order action opens, if it opens one. */
test.describe('a sync under faults', () => {
  test.slow();

  test('both devices act offline on one order: one wins, the other is decided again, the logs end the same', async ({
    browser,
    syncServer,
  }, testInfo) => {
    const [a, b] = await twoDevices(browser, syncServer);
    await registerCustomer(a.page, 'Grace Hopper', 'grace@example.com');
    const orderId = await placeOrder(a.page, 'Grace Hopper');
    await b.page.goto(`/orders/${orderId}`);
    await expect(b.page.getByTestId('order-status')).toHaveText('Placed', SYNCED);

    await a.context.setOffline(true);
    await b.context.setOffline(true);
    await a.page.getByRole('button', { name: 'Record payment' }).click();
    await expect(a.page.getByTestId('order-status')).toHaveText('Paid');
    await cancelOrder(b.page, 'Customer phoned to cancel');
    await expect(b.page.getByTestId('order-status')).toHaveText('Cancelled');

    await a.context.setOffline(false);
    await settled(a.page);
    await b.context.setOffline(false);
    await settled(b.page);
    await settled(a.page);

    // The payment reached the server first; the cancellation, decided again on a paid order,
    // still holds, and now refunds the payment.
    for (const device of [a, b]) {
      await device.page.goto(`/orders/${orderId}`);
      await expect(device.page.getByTestId('order-status')).toHaveText('Cancelled', SYNCED);
    }
    const onA = await exported(a.page, testInfo.outputPath('a.json'));
    const onB = await exported(b.page, testInfo.outputPath('b.json'));
    expect(onB).toEqual(onA);
    expect(onA.map((event) => (event as { type: string }).type)).toEqual([
      'CustomerRegistered',
      'OrderPlaced',
      'PaymentProcessed',
      'OrderCancelled',
      'PaymentRefunded',
    ]);
    await a.context.close();
    await b.context.close();
  });

  test('a push whose reply is lost after the server applied it is not stored twice', async ({
    browser,
    syncServer,
  }, testInfo) => {
    const [a, b] = await twoDevices(browser, syncServer);
    let lost = 0;
    await a.page.route('**/push', async (route) => {
      if (lost > 0) return route.continue();
      lost++;
      // The server applies the push; the device never hears back.
      await route.fetch();
      await route.abort('connectionreset');
    });
    await registerCustomer(a.page, 'Ada Lovelace', 'ada@example.com');
    await settled(a.page);
    await settled(b.page);

    expect(lost).toBe(1);
    const onA = await exported(a.page, testInfo.outputPath('a.json'));
    const onB = await exported(b.page, testInfo.outputPath('b.json'));
    expect(onA).toHaveLength(1);
    expect(onB).toEqual(onA);
    await a.context.close();
    await b.context.close();
  });

  test('the server restarted while a push is on its way: the command arrives once', async ({
    browser,
    syncServer,
  }, testInfo) => {
    const [a, b] = await twoDevices(browser, syncServer);
    let restarted = 0;
    await a.page.route('**/push', async (route) => {
      if (restarted > 0) return route.continue();
      restarted++;
      // The push goes out as the server stops; whatever reached it is answered by the next one.
      const [reply] = await Promise.all([route.fetch().catch(() => null), syncServer.restart()]);
      if (reply === null) await route.abort('connectionreset');
      else await route.fulfill({ response: reply });
    });
    await registerCustomer(a.page, 'Edsger Dijkstra', 'edsger@example.com');
    await settled(a.page);
    await settled(b.page);

    expect(restarted).toBe(1);
    const onA = await exported(a.page, testInfo.outputPath('a.json'));
    const onB = await exported(b.page, testInfo.outputPath('b.json'));
    expect(onA).toHaveLength(1);
    expect(onB).toEqual(onA);
    await a.context.close();
    await b.context.close();
  });
});
