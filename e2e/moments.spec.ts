import { expect, test, type BrowserContext, type Page } from '@playwright/test';

/** The harness page (e2e/harness) in a tab of its own, on the app's origin and database. */
async function openHarness(context: BrowserContext): Promise<Page> {
  const harness = await context.newPage();
  await harness.goto('/e2e/harness/harness.html');
  await harness.waitForFunction(() => 'orderDeskHarness' in window);
  return harness;
}

declare global {
  interface Window {
    /** Everything a page put on screen of its moment, from its first frame (recordShown). */
    shown: { statuses: string[]; moments: string[] };
  }
}

/** Records every order status and every moment a page shows, as it shows them. */
const recordShown = () => {
  window.shown = { statuses: [], moments: [] };
  new MutationObserver(() => {
    const status = document.querySelector('[data-testid="order-status"]')?.textContent;
    if (status) window.shown.statuses.push(status);
    const moment = document
      .querySelector('[data-view-position]')
      ?.getAttribute('data-view-position');
    if (moment) window.shown.moments.push(moment);
  }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
};

test('a cold ?at=N shows moment N, or says it is reading it: never another moment', async ({
  context,
}) => {
  test.setTimeout(240_000);
  const harness = await openHarness(context);
  // A log written elsewhere: no snapshot, so the first page folds it all while it opens.
  await harness.evaluate(() => window.orderDeskHarness.resetWithDemo(30_000));
  const changes = await harness.evaluate(() => window.orderDeskHarness.statusChanges(2));
  expect(changes).toHaveLength(2);
  for (const { orderId, position, before, after } of changes)
    for (const [at, status] of [
      [position, after],
      [position - 1, before],
    ] as const) {
      const page = await context.newPage();
      await page.addInitScript(recordShown);
      await page.goto(`/orders/${encodeURIComponent(orderId)}?at=${at}`);
      await expect(page.getByTestId('order-status')).toHaveText(status, { timeout: 60_000 });
      await expect(page.getByTestId('timeline-position')).toContainText(
        `#${at.toLocaleString('en-US')}`,
      );
      const shown = await page.evaluate(() => window.shown);
      expect(new Set(shown.statuses), `order ${orderId} at ${at}`).toEqual(new Set([status]));
      expect(new Set(shown.moments)).toEqual(new Set([String(at)]));
      await page.close();
    }
});

test('a tab killed while writing a snapshot leaves a desk that starts normally', async ({
  context,
}) => {
  test.setTimeout(600_000);
  const harness = await openHarness(context);
  const { head } = await harness.evaluate(() => window.orderDeskHarness.resetWithDemo(150_000));
  // The app folds the log, then writes its snapshot part by part: kill it in the middle. A
  // loaded machine may finish the write between two looks: then the snapshot goes, and again.
  let caught = false;
  for (let attempt = 1; attempt <= 5 && !caught; attempt++) {
    const app = await context.newPage();
    await app.goto('/orders');
    let records = { snapshots: [] as number[], parts: 0 };
    await expect
      .poll(
        async () => {
          records = await harness.evaluate(() => window.orderDeskHarness.snapshotRecords());
          return records.parts > 0 || records.snapshots.length > 0;
        },
        { intervals: [5], timeout: 120_000 },
      )
      .toBe(true);
    caught = records.snapshots.length === 0;
    if (caught) await app.goto('chrome://crash').catch(() => undefined);
    else {
      await app.close();
      await harness.evaluate(() => window.orderDeskHarness.dropSnapshots());
    }
  }
  expect(caught, 'a snapshot write caught before it was whole, in 5 attempts').toBe(true);

  // Next time: the desk opens whole (the log folded, no error), and a snapshot comes after.
  const again = await context.newPage();
  await again.goto('/orders');
  await expect(again.getByTestId('orders-count')).toBeVisible({ timeout: 60_000 });
  await expect(again.getByRole('alert')).toHaveCount(0);
  const log = await harness.evaluate(() => window.orderDeskHarness.inspectLog());
  expect(log).toEqual({ problems: [], head });
  await expect
    .poll(() => harness.evaluate(() => window.orderDeskHarness.snapshotRecords()), {
      timeout: 120_000,
    })
    .toMatchObject({ snapshots: [head] });
});
