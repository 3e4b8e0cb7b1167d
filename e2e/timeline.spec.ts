import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, loadDemo, placeOrder, registerCustomer } from './support';

const slider = (page: Page) => page.getByRole('slider', { name: 'Timeline' });
const pastStatus = (page: Page) => page.getByRole('status').filter({ hasText: 'Viewing the past' });

/** Events 1–5: a customer, an order placed (2), paid (3), shipped (4), a second order (5). */
async function givenShippedOrder(page: Page): Promise<string> {
  await registerCustomer(page, 'Ada Lovelace', 'ada@example.com');
  const orderId = await placeOrder(page, 'Ada Lovelace');
  await page.getByRole('button', { name: 'Record payment' }).click();
  await expect(page.getByTestId('order-status')).toHaveText('Paid');
  await page.getByLabel('Carrier').fill('DHL');
  await page.getByLabel('Tracking number').fill('JD014600006');
  await page.getByRole('button', { name: 'Ship order' }).click();
  await expect(page.getByTestId('order-status')).toHaveText('Shipped');
  await placeOrder(page, 'Ada Lovelace');
  await expect(slider(page)).toHaveValue('5');
  return orderId;
}

test('an order page opened at past moments shows the status it had then', async ({ page }) => {
  // Eight commands through the screens, then three past moments: about 8 s alone.
  test.slow();
  const orderId = await givenShippedOrder(page);
  for (const [at, status] of [
    [2, 'Placed'],
    [3, 'Paid'],
    [4, 'Shipped'],
  ] as const) {
    await page.goto(`/orders/${orderId}?at=${at}`);
    await expect(page.getByTestId('order-status')).toHaveText(status);
    await expect(pastStatus(page)).toBeVisible();
    await expect(slider(page)).toHaveValue(String(at));
    await expect(page.getByTestId('timeline-position')).toContainText(`#${at} of 5`);
  }
  await page.goto(`/orders/${orderId}?at=1`);
  await expect(page.getByText(`No order ${orderId}`)).toBeVisible();
});

test('the slider and its keys move every screen through the history', async ({ page }) => {
  // Eight commands through the screens, then every screen at several moments: about 9 s alone.
  test.slow();
  await givenShippedOrder(page);
  await page.goto('/orders');
  await expect(page.getByTestId('orders-count')).toHaveText('2 orders');

  await slider(page).focus();
  await page.keyboard.press('Home');
  await expect(page).toHaveURL(/\?at=0$/);
  await expect(pastStatus(page)).toBeVisible();
  await expect(page.getByText('No orders yet')).toBeVisible();

  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(page).toHaveURL(/\?at=2$/);
  await expect(page.getByTestId('orders-count')).toHaveText('1 order');
  // The event at the cursor placed this order: its row is highlighted.
  await expect(page.locator('tr[data-touched]')).toHaveCount(1);

  await page.getByRole('button', { name: 'Step forward' }).click();
  await expect(page).toHaveURL(/\?at=3$/);
  await page.getByRole('button', { name: 'Step back' }).click();
  await expect(page).toHaveURL(/\?at=2$/);

  await page.getByRole('button', { name: 'Back to present' }).click();
  await expect(page).not.toHaveURL(/at=/);
  await expect(pastStatus(page)).toHaveCount(0);

  // End goes to the newest event: the present, with changes on, not ?at=5.
  await slider(page).focus();
  await page.keyboard.press('Home');
  await expect(page).toHaveURL(/\?at=0$/);
  await page.keyboard.press('End');
  await expect(page).not.toHaveURL(/at=/);
  await expect(pastStatus(page)).toHaveCount(0);
  await expect(page.getByTestId('orders-count')).toHaveText('2 orders');
  await expect(page.getByRole('button', { name: 'New order' })).toBeEnabled();
});

test('commands are disabled in the past, with the reason', async ({ page }) => {
  const orderId = await givenShippedOrder(page);
  await page.goto(`/orders/${orderId}?at=2`);
  await expect(page.getByTestId('order-status')).toHaveText('Placed');
  await expect(page.getByRole('button', { name: 'Record payment' })).toHaveCount(0);
  await expect(page.getByText('go back to the present to make changes').first()).toBeVisible();
  await page.goto('/customers?at=1');
  await expect(page.getByRole('button', { name: 'Register customer' })).toBeDisabled();
});

test('another page appending extends the timeline without moving the cursor', async ({
  context,
}) => {
  // Nine commands through the screens in two pages: 6 s alone, 15 s on a loaded machine.
  test.slow();
  const past = await context.newPage();
  const writer = await context.newPage();
  await givenShippedOrder(writer);
  await past.goto('/orders?at=2');
  await expect(past.getByTestId('orders-count')).toHaveText('1 order');

  await registerCustomer(writer, 'Grace Hopper', 'grace@example.com');

  await expect(slider(past)).toHaveAttribute('max', '6');
  await expect(slider(past)).toHaveValue('2');
  await expect(past).toHaveURL(/\?at=2$/);
  await expect(past.getByTestId('orders-count')).toHaveText('1 order');
  await expect(pastStatus(past)).toBeVisible();
});

test('jumping to a time and comparing two moments', async ({ page }) => {
  const orderId = await givenShippedOrder(page);
  await page.goto('/orders');
  await page.getByLabel('Jump to time').fill('2000-01-01T00:00');
  await page.getByRole('button', { name: 'Go' }).click();
  await expect(page).toHaveURL(/\?at=0$/);

  // From before the first event to the newest, by default: the whole log.
  await page.getByRole('button', { name: 'Compare moments' }).click();
  const dialog = page.getByRole('dialog', { name: 'Compare moments' });
  await dialog.getByRole('button', { name: 'Compare' }).click();
  await expect(dialog).toContainText('(after event #0) to');
  await expect(dialog).toContainText('(after event #5): 5 events.');
  await expect(dialog).toContainText(
    '2 orders created, 0 status changes, 1 customer change. Revenue +€39.00.',
  );
  const created = dialog.getByText('Created · 2 · €78.00');
  await expect(dialog.getByText('Registered · 1')).toBeVisible();
  // Folded: the orders show when their group is opened.
  await expect(dialog.getByRole('link', { name: orderId })).toBeHidden();
  await created.click();
  await dialog.getByRole('link', { name: orderId }).click();
  await expect(page).toHaveURL(`/orders/${orderId}`);
  await expect(page.getByTestId('order-status')).toHaveText('Shipped');
});

test('comparing two moments of a busy log groups the changes, each group folded', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await loadDemo(page, '1,000');
  await page.goto('/orders?at=500');
  await page.getByRole('button', { name: 'Compare moments' }).click();
  const dialog = page.getByRole('dialog', { name: 'Compare moments' });
  await dialog.getByRole('button', { name: 'Compare' }).click();
  await expect(dialog).toContainText('(after event #500) to');
  await expect(dialog).toContainText('(after event #1,000): 500 events.');
  await expect(dialog).toContainText(/Revenue [+-]€[\d,.]+\./);
  const summaries = await dialog.locator('summary').allTextContents();
  // Orders created, then per new status in the lifecycle's order, then the customers.
  const statuses = ['Paid', 'Shipped', 'Delivered', 'Cancelled', 'Refunded'];
  expect(summaries[0]).toMatch(/^Created · [\d,]+ · €[\d,.]+$/);
  const statusGroups = summaries.filter((summary) => summary.startsWith('Now '));
  expect(statusGroups.length).toBeGreaterThanOrEqual(2);
  const ranks = statusGroups.map((summary) => statuses.indexOf(summary.split(' ')[1] ?? ''));
  expect(ranks.every((rank) => rank >= 0)).toBe(true);
  expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  expect(summaries).toContainEqual(expect.stringMatching(/^Registered · \d+$/));
  // Not a wall of links: none until a group is opened, then at most 50, sorted.
  await expect(dialog.getByRole('link')).toHaveCount(0);
  await dialog.getByText(statusGroups[0] ?? '').click();
  const links = dialog.getByRole('link');
  const count = await links.count();
  expect(count).toBeGreaterThan(0);
  expect(count).toBeLessThanOrEqual(50);
  await expectAccessible(page, 'the comparison of two moments');
});
