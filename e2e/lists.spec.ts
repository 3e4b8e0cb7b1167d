import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { chooseProduct, nav, placeOrder, registerCustomer } from './support';

/** Two customers; #1001 for Ada (Placed), #1002 for Grace (Paid), #1003 for Ada (Placed). */
async function shopWithOrders(page: Page) {
  await registerCustomer(page, 'Ada Lovelace', 'ada@example.com');
  await registerCustomer(page, 'Grace Hopper', 'grace@example.com');
  const first = await placeOrder(page, 'Ada Lovelace');
  const second = await placeOrder(page, 'Grace Hopper', [{ product: 'Ceramic mug', quantity: 2 }]);
  await page.getByRole('button', { name: 'Record payment' }).click();
  await expect(page.getByTestId('order-status')).toHaveText('Paid');
  const third = await placeOrder(page, 'Ada Lovelace', [{ product: 'Ceramic mug', quantity: 1 }]);
  return { first, second, third };
}

const orderLinks = (page: Page) =>
  page.getByRole('table', { name: 'Orders' }).getByRole('row').getByRole('link');

test('list filters live in the URL: status cards, reload, Back and Forward, shared links', async ({
  page,
}) => {
  const { first, third } = await shopWithOrders(page);

  await nav(page).getByRole('link', { name: 'Dashboard' }).click();
  await page
    .getByRole('link', { name: /Placed/ })
    .first()
    .click();
  await expect(page).toHaveURL(/\/orders\?status=Placed$/);
  await expect(page.getByLabel('Status')).toHaveValue('Placed');
  await expect(orderLinks(page)).toHaveText([`#1003 ${third}`, `#1001 ${first}`]);

  await page.getByRole('button', { name: 'Total' }).click();
  await expect(page).toHaveURL(/status=Placed&sort=total&dir=desc/);
  await expect(orderLinks(page)).toHaveText([`#1001 ${first}`, `#1003 ${third}`]);
  await page.reload();
  await expect(orderLinks(page)).toHaveText([`#1001 ${first}`, `#1003 ${third}`]);
  await expect(page.getByRole('columnheader', { name: /Total/ })).toHaveAttribute(
    'aria-sort',
    'descending',
  );

  await page.goBack();
  await expect(page).toHaveURL(/\/orders\?status=Placed$/);
  await expect(orderLinks(page)).toHaveText([`#1003 ${third}`, `#1001 ${first}`]);
  await page.goForward();
  await expect(orderLinks(page)).toHaveText([`#1001 ${first}`, `#1003 ${third}`]);

  // Search by email, then by number; the text reaches the URL and survives a reload.
  await page.getByLabel('Status').selectOption('All');
  await page.getByLabel('Search orders').fill('grace@example');
  await expect(page).toHaveURL(/q=grace%40example/);
  await expect(orderLinks(page)).toHaveCount(1);
  await page.reload();
  await expect(page.getByLabel('Search orders')).toHaveValue('grace@example');
  await expect(orderLinks(page)).toHaveText([/^#1002 /]);
  await page.getByLabel('Search orders').fill('#1003');
  await expect(orderLinks(page)).toHaveText([`#1003 ${third}`]);
  await page.getByLabel('Search orders').fill('nobody at all');
  await expect(page.getByText('No order matches')).toBeVisible();
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(orderLinks(page)).toHaveCount(3);

  // A shared link to the customers list and the event log opens with their filters.
  await page.goto('/customers?q=grace');
  await expect(page.getByLabel('Search customers')).toHaveValue('grace');
  await expect(
    page.getByRole('table', { name: 'Customers' }).getByRole('link', { name: 'Grace Hopper' }),
  ).toBeVisible();
  await expect(
    page.getByRole('table', { name: 'Customers' }).getByRole('link', { name: 'Ada Lovelace' }),
  ).toHaveCount(0);
  await page.goto('/events?type=PaymentProcessed');
  await expect(page.getByLabel('Type')).toHaveValue('PaymentProcessed');
  await expect(page.getByText('1 of 6 events match')).toBeVisible();
});

test('a new page opens at its top, Back returns to where the list was left', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 600 });
  await page.goto('/');
  await page.getByLabel('Demo size').selectOption({ label: '1,000 events' });
  await page.getByRole('button', { name: 'Load demo data' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'Loaded 1,000 demo events' }),
  ).toBeVisible({ timeout: 60_000 });

  await nav(page).getByRole('link', { name: 'Customers' }).click();
  const table = page.getByRole('table', { name: 'Customers' });
  await expect(table.getByRole('row')).toHaveCount(51);
  await page.mouse.wheel(0, 1200);
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(1000);
  const left = await page.evaluate(() => window.scrollY);
  // The customer whose link is a third down the window: clicked where it is, without scrolling.
  const name = await page.evaluate(() => {
    for (let y = Math.round(innerHeight / 4); y < innerHeight / 2; y += 4)
      for (let x = 20; x < 600; x += 20) {
        const link = document.elementFromPoint(x, y)?.closest('table a');
        if (link) return link.textContent;
      }
    return null;
  });
  if (name === null) throw new Error('No customer link a third down the window');
  await table.getByRole('link', { name, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeInViewport();
  expect(await page.evaluate(() => window.scrollY)).toBe(0);

  await page.goBack();
  await expect(page.getByRole('heading', { level: 1, name: 'Customers' })).toBeAttached();
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(left);
  await expect(table.getByRole('link', { name, exact: true })).toBeInViewport();
});

test('after Place order the new order’s title and status are on screen, with its customer', async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await registerCustomer(page, 'Ada Lovelace', 'ada@example.com');
  await page
    .getByRole('table', { name: 'Customers' })
    .getByRole('link', { name: 'Ada Lovelace' })
    .click();
  await page.getByRole('link', { name: 'New order for this customer' }).click();
  await expect(page.getByRole('combobox', { name: 'Customer' })).toHaveValue(/.+/);
  await chooseProduct(page.getByLabel('Product'), 'French press');
  await expect(
    page.getByRole('combobox', { name: 'Customer' }).locator('option:checked'),
  ).toHaveText(/Ada Lovelace/);
  // Scrolled down to the button, as a clerk on a phone would be.
  await page.getByRole('button', { name: 'Place order' }).scrollIntoViewIfNeeded();
  await page.getByRole('button', { name: 'Place order' }).click();

  await expect(page.getByRole('heading', { level: 1, name: /^Order #1001 · o-/ })).toBeInViewport();
  await expect(page.getByTestId('order-status')).toHaveText('Placed');
  await expect(page.getByTestId('order-status')).toBeInViewport();
  const summary = page.getByRole('region', { name: 'Summary' });
  await expect(summary).toContainText('ada@example.com');
  await expect(summary.getByLabel('Shipping address')).toHaveText('1 Main Street, Springfield');
  await summary.getByRole('link', { name: 'Ada Lovelace' }).click();
  const details = page.getByRole('region', { name: 'Details', exact: true });
  await expect(details).toContainText(/Orders\s*1/);
  await expect(page.getByRole('table', { name: 'Orders' }).getByRole('link')).toHaveText(
    /^#1001 o-/,
  );
});

test('Download CSV gives the list as filtered and sorted, at the moment shown', async ({
  page,
}) => {
  await shopWithOrders(page);
  await page.goto('/orders?status=Placed');
  await expect(orderLinks(page)).toHaveCount(2);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^orders-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = await readFile(await download.path(), 'utf8');
  const lines = text
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n');
  expect(lines[0]).toMatch(/^Order number,Order id,Status,Placed at,Customer id,Customer name,/);
  expect(lines.slice(1).map((line) => line.split(',').slice(0, 3)[0])).toEqual(['1003', '1001']);
  expect(lines[1]).toContain(',Placed,');
  expect(lines[1]).toContain('ada@example.com');
  await expect(page.getByText(/^Downloaded orders-.*\.csv: 2 orders\.$/)).toBeVisible();

  // In the past: after event 3 (Ada’s first order placed), one order; the file says when.
  await page.goto('/orders?at=3');
  await expect(orderLinks(page)).toHaveCount(1);
  const [past] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download CSV' }).click(),
  ]);
  expect(past.suggestedFilename()).toBe('orders-at-3.csv');
  const pastLines = (await readFile(await past.path(), 'utf8')).trimEnd().split('\r\n');
  expect(pastLines).toHaveLength(2);

  await page.goto('/customers');
  const [customers] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download CSV' }).click(),
  ]);
  expect(customers.suggestedFilename()).toMatch(/^customers-\d{4}-\d{2}-\d{2}\.csv$/);
  const customerLines = (await readFile(await customers.path(), 'utf8')).trimEnd().split('\r\n');
  expect(customerLines).toHaveLength(3);
  expect(customerLines[1]).toMatch(/^[^,]+,Ada Lovelace,ada@example\.com,/);
});
