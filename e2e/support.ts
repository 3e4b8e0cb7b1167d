import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page } from '@playwright/test';

/** The main navigation. */
export const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

/** Registers a customer through the customers screen (docs/contract.md §5 names). */
export async function registerCustomer(
  page: Page,
  name: string,
  email: string,
  address = '1 Main Street, Springfield',
) {
  await page.goto('/customers');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Shipping address').fill(address);
  await page.getByRole('button', { name: 'Register customer' }).click();
  // The form empties itself once the customer is registered.
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('');
}

/** Chooses the catalog product whose option starts with `name` (options also show the price). */
export async function chooseProduct(select: Locator, name: string) {
  const label = await select.locator('option', { hasText: name }).first().textContent();
  await select.selectOption({ label: label ?? name });
}

/** From anywhere: opens /orders in the app and places an order; ends on the order's page. */
export async function placeOrder(
  page: Page,
  customer: string,
  lines: readonly { product: string; quantity: number }[] = [
    { product: 'French press', quantity: 1 },
  ],
): Promise<string> {
  await nav(page).getByRole('link', { name: 'Orders', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Orders' })).toBeVisible();
  const toggle = page.getByRole('button', { name: 'New order' });
  if ((await toggle.count()) > 0 && (await toggle.getAttribute('aria-expanded')) !== 'true')
    await toggle.click();
  await page.getByRole('combobox', { name: 'Customer' }).selectOption({ label: customer });
  for (const [index, line] of lines.entries()) {
    if (index > 0) await page.getByRole('button', { name: 'Add line' }).click();
    await chooseProduct(page.getByLabel('Product').nth(index), line.product);
    await page.getByLabel('Quantity').nth(index).fill(String(line.quantity));
  }
  await page.getByRole('button', { name: 'Place order' }).click();
  await expect(page).toHaveURL(/\/orders\/o-[0-9a-f]{8}$/);
  await expect(page.getByTestId('order-status')).toHaveText('Placed');
  return decodeURIComponent(new URL(page.url()).pathname.split('/').at(-1) ?? '');
}

/** Cancels the order on the page with `reason`, confirming in the dialog that asks first. */
export async function cancelOrder(page: Page, reason: string) {
  await page.getByLabel('Reason').fill(reason);
  await page.getByRole('button', { name: 'Cancel order' }).click();
  await page
    .getByRole('dialog', { name: /^Cancel order .+\?$/ })
    .getByRole('button', { name: 'Confirm cancel' })
    .click();
}

/** No serious or critical axe violations on the page as it is now. */
export async function expectAccessible(page: Page, where: string) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const bad = violations.filter(
    (violation) => violation.impact === 'serious' || violation.impact === 'critical',
  );
  expect(bad, `axe violations on ${where}`).toEqual([]);
}

/** Loads demo data of the given size from the empty dashboard and waits until it is written. */
export async function loadDemo(page: Page, size: '1,000' | '10,000') {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Nothing here yet' })).toBeVisible();
  await page.getByLabel('Demo size').selectOption({ label: `${size} events` });
  await page.getByRole('button', { name: 'Load demo data' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: `Loaded ${size} demo events` }),
  ).toBeVisible({
    timeout: 60_000,
  });
}

/** The two widths the desk is made for. */
export const widths = [
  { name: 'desktop', viewport: { width: 1280, height: 800 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
] as const;
