import { expect, test, type Page } from '@playwright/test';
import { cloudEventsOf, sampleHistory } from '../src/application/eventLogFile/testing';
import { registerCustomer } from './support';

/**
 * Sets the browser's storage quota for the app's origin to what it uses now plus `room` bytes,
 * as a nearly full disk would leave it (the app's own files in the cache count too).
 */
async function leaveRoom(page: Page, room: number) {
  const cdp = await page.context().newCDPSession(page);
  const origin = new URL(page.url()).origin;
  const { usage } = await cdp.send('Storage.getUsageAndQuota', { origin });
  // Not detached: the override lasts as long as the session.
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: usage + room });
}

const FULL = /The browser's storage for this site is full \(.+ of .+ used\)/;

test('a database deleted from another tab is noticed by the open ones, which write nothing more', async ({
  context,
}) => {
  const first = await context.newPage();
  const second = await context.newPage();
  await registerCustomer(first, 'Ada Lovelace', 'ada@example.com');
  await second.goto('/customers');
  await expect(second.getByRole('cell', { name: 'ada@example.com' })).toBeVisible();

  // "Clear site data", or a third tab deleting the database.
  const third = await context.newPage();
  await third.goto('/e2e/harness/harness.html');
  await third.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const request = indexedDB.deleteDatabase('order-desk');
        request.onsuccess = () => {
          resolve();
        };
        request.onerror = () => {
          reject(new Error('not deleted'));
        };
      }),
  );

  for (const page of [first, second]) {
    const alert = page.getByRole('alert').filter({ hasText: 'cleared in another tab' });
    await expect(alert).toBeVisible();
    await expect(alert.getByRole('button', { name: 'Reload' })).toBeVisible();
    // What was on screen stays; commands are off, with the reason.
    await expect(page.getByRole('cell', { name: 'ada@example.com' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Register customer' })).toBeDisabled();
  }
  // Nothing made the database again.
  const names = await third.evaluate(async () =>
    (await indexedDB.databases()).map((database) => database.name),
  );
  expect(names).not.toContain('order-desk');

  await first
    .getByRole('alert')
    .filter({ hasText: 'cleared in another tab' })
    .getByRole('button', { name: 'Reload' })
    .click();
  await expect(first.getByText('No customers yet — register the first one below.')).toBeVisible();
});

/**
 * From now on in this page (reloads included, until `refuseWrites(page, false)`), IndexedDB
 * refuses every write as a full disk does. Chromium enforces a quota set through CDP at once for
 * large writes but lets small ones through for a while, so the steps after the first use this.
 */
async function refuseWrites(page: Page, refuse: boolean) {
  await page.evaluate((on) => {
    if (on) sessionStorage.setItem('e2e-storage-full', '1');
    else sessionStorage.removeItem('e2e-storage-full');
  }, refuse);
}

const refuseWritesWhenAsked = () => {
  for (const method of ['put', 'add'] as const) {
    const original = Object.getOwnPropertyDescriptor(IDBObjectStore.prototype, method)
      ?.value as IDBObjectStore['put'];
    IDBObjectStore.prototype[method] = function (
      this: IDBObjectStore,
      ...args: [unknown, IDBValidKey?]
    ) {
      if (sessionStorage.getItem('e2e-storage-full') === '1')
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return original.apply(this, args);
    };
  }
};

test('a full disk says so within seconds, keeps what was saved, and the desk opens again', async ({
  page,
  context,
}) => {
  test.setTimeout(120_000);
  await page.addInitScript(refuseWritesWhenAsked);
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Load demo data' })).toBeVisible();

  // Demo data on a disk made full for real: a small quota, and another tab of the origin
  // filling what room it leaves. Stopped at once, with the reason.
  const filler = await context.newPage();
  await filler.goto('/e2e/harness/harness.html');
  await filler.waitForFunction(() => 'orderDeskHarness' in window);
  await leaveRoom(page, 4_000_000);
  expect(await filler.evaluate(() => window.orderDeskHarness.fillStorage())).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Load demo data' }).click();
  await expect(page.getByRole('alert')).toContainText(FULL, { timeout: 5_000 });

  // With room again, some demo data.
  await filler.evaluate(() => window.orderDeskHarness.freeStorage());
  await page.getByLabel('Demo size').selectOption({ label: '1,000 events' });
  await page.getByRole('button', { name: 'Load demo data' }).click();
  const totals = page.getByRole('region', { name: 'Totals' });
  await expect(totals.getByRole('link').last()).toHaveText('1,000');

  // Then every write is refused: a command says so, and nothing is written.
  await refuseWrites(page, true);
  await page.goto('/customers');
  const form = page.getByRole('region', { name: 'Register a customer' });
  await form.getByLabel('Name').fill('Grace Hopper');
  await form.getByLabel('Email').fill('grace@example.com');
  await form.getByRole('button', { name: 'Register customer' }).click();
  await expect(form.getByRole('alert')).toContainText(FULL, { timeout: 5_000 });

  // An import too, whole or nothing.
  await page.goto('/data');
  const panel = page.getByRole('region', { name: 'Event log file' });
  await panel.getByLabel('Import event log').setInputFiles({
    name: 'log.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(cloudEventsOf(sampleHistory('full')))),
  });
  await panel.getByRole('button', { name: /^Import \d+ events$/ }).click();
  await expect(panel.getByRole('alert')).toContainText(FULL, { timeout: 5_000 });

  // The desk opens again on the full disk, with what was saved before, and nothing else.
  await page.reload();
  await expect(page.getByTestId('log-event-count')).toHaveAttribute('data-count', '1000');
  // (Empty alerts are live regions kept in place.)
  await expect(page.getByRole('alert').filter({ hasText: /\S/ })).toHaveCount(0);

  // With room again, commands go through.
  await refuseWrites(page, false);
  await registerCustomer(page, 'Grace Hopper', 'grace@example.com');
});
