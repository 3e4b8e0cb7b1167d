import { expect, test, type Page } from '@playwright/test';
import { nav, placeOrder, registerCustomer } from './support';

/**
 * Unbroken text as long as the forms accept (the domain's limits: a name of 100 characters, a
 * reason of 500, a carrier and a tracking number of 100), on every screen that shows it: the page
 * must wrap it, never scroll sideways.
 */
const name = 'N'.repeat(100);
const email = `${'e'.repeat(200)}@example.com`;
const address = 'A'.repeat(500);
const carrier = 'C'.repeat(100);
const trackingNumber = 'T'.repeat(100);
const reason = 'R'.repeat(500);

/** How far the page scrolls sideways. */
async function sidewaysScroll(page: Page): Promise<number> {
  return page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
}

test('long unbroken text wraps on every screen, wide and at a phone width', async ({ page }) => {
  test.setTimeout(180_000);
  await registerCustomer(page, name, email, address);

  // A returned order: shipped with the long carrier and tracking number, refunded with the reason.
  const returned = await placeOrder(page, name);
  await page.getByRole('button', { name: 'Record payment' }).click();
  const status = page.getByTestId('order-status');
  await expect(status).toHaveText('Paid');
  await page.getByLabel('Carrier').fill(carrier);
  await page.getByLabel('Tracking number').fill(trackingNumber);
  await page.getByRole('button', { name: 'Ship order' }).click();
  await expect(status).toHaveText('Shipped');
  // Delivery, refund and cancellation ask first.
  const confirm = (button: string) =>
    page.getByRole('dialog').getByRole('button', { name: button });
  await page.getByRole('button', { name: 'Mark delivered' }).click();
  await confirm('Confirm delivery').click();
  await expect(status).toHaveText('Delivered');
  await page.getByLabel('Reason').fill(reason);
  await page.getByRole('button', { name: 'Refund' }).click();
  await confirm('Confirm refund').click();
  await expect(status).toHaveText('Refunded');

  // A paid order cancelled with the long reason.
  const cancelled = await placeOrder(page, name);
  await page.getByRole('button', { name: 'Record payment' }).click();
  await expect(status).toHaveText('Paid');
  await page.getByLabel('Reason').fill(reason);
  await page.getByRole('button', { name: 'Cancel order' }).click();
  await confirm('Confirm cancel').click();
  await expect(status).toHaveText('Cancelled');

  await nav(page).getByRole('link', { name: 'Customers', exact: true }).click();
  await page.getByRole('link', { name }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  const customerPath = new URL(page.url()).pathname;

  const screens: [string, () => Promise<void>][] = [
    [customerPath, () => expect(page.getByRole('heading', { level: 1, name })).toBeVisible()],
    ['/customers', () => expect(page.getByRole('link', { name })).toBeVisible()],
    [
      `/orders/${returned}`,
      () => expect(page.getByRole('region', { name: 'Details' })).toContainText(trackingNumber),
    ],
    [
      `/orders/${cancelled}`,
      () => expect(page.getByRole('region', { name: 'Details' })).toContainText(reason),
    ],
    ['/orders', () => expect(page.getByRole('link', { name: returned })).toBeVisible()],
    ['/', () => expect(page.getByRole('heading', { level: 1 })).toBeVisible()],
    [
      '/events',
      () => expect(page.getByRole('heading', { level: 1, name: 'Events' })).toBeVisible(),
    ],
    // The shipment and the refund of the returned order, opened.
    [
      '/events?position=4',
      () => expect(page.getByRole('region', { name: 'Event #4' })).toBeVisible(),
    ],
    [
      '/events?position=6',
      () => expect(page.getByRole('region', { name: 'Event #6' })).toBeVisible(),
    ],
  ];
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    for (const [path, ready] of screens) {
      await page.goto(path);
      await ready();
      expect.soft(await sidewaysScroll(page), `${path} at ${width} px`).toBe(0);
    }
  }
});
