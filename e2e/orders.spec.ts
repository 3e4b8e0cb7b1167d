import { expect, test, type Page } from '@playwright/test';
import { chooseProduct, nav, placeOrder, registerCustomer } from './support';
import AxeBuilder from '@axe-core/playwright';

const trailEntries = (page: Page) =>
  page.getByRole('region', { name: 'Audit trail' }).getByRole('listitem');

test('register → place → pay → ship → deliver', async ({ page }) => {
  await registerCustomer(page, 'Ada Lovelace', 'ada@example.com');

  await nav(page).getByRole('link', { name: 'Orders', exact: true }).click();
  await expect(page.getByText('No orders yet — place the first one')).toBeVisible();
  await page.getByRole('combobox', { name: 'Customer' }).selectOption({ label: 'Ada Lovelace' });
  await chooseProduct(page.getByLabel('Product'), 'Espresso beans, 1 kg');
  await page.getByLabel('Quantity').fill('2');
  await expect(page.getByLabel('Total')).toHaveText('€49.80');
  await page.getByRole('button', { name: 'Add line' }).click();
  await chooseProduct(page.getByLabel('Product').nth(1), 'Ceramic mug');
  await expect(page.getByLabel('Total')).toHaveText('€64.30');
  await page.getByRole('button', { name: 'Place order' }).click();

  await expect(page).toHaveURL(/\/orders\/o-[0-9a-f]{8}$/);
  const orderId = new URL(page.url()).pathname.split('/').at(-1) ?? '';
  await expect(
    page.getByRole('heading', { level: 1, name: new RegExp(`^Order #1001 · ${orderId}$`) }),
  ).toBeVisible();
  const status = page.getByTestId('order-status');
  await expect(status).toHaveText('Placed');
  // Exact: the timeline's link to the newest event names her too.
  await expect(page.getByRole('link', { name: 'Ada Lovelace', exact: true })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Lines' })).toContainText('€64.30');

  await page.getByLabel('Method').selectOption({ label: 'Cash' });
  await page.getByRole('button', { name: 'Record payment' }).click();
  await expect(status).toHaveText('Paid');
  await expect(page.getByRole('button', { name: 'Record payment' })).toHaveCount(0);

  await page.getByLabel('Carrier').fill('DHL');
  await page.getByLabel('Tracking number').fill('JD014600006281');
  await page.getByRole('button', { name: 'Ship order' }).click();
  await expect(status).toHaveText('Shipped');
  await expect(page.getByRole('region', { name: 'Details' })).toContainText('JD014600006281');

  await page.getByRole('button', { name: 'Mark delivered' }).click();
  await page
    .getByRole('dialog', { name: `Mark order ${orderId} delivered?` })
    .getByRole('button', { name: 'Confirm delivery' })
    .click();
  await expect(status).toHaveText('Delivered');
  await expect(page.getByRole('button', { name: 'Refund' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Cancel order' })).toHaveCount(0);

  await expect(trailEntries(page)).toHaveCount(4);
  await expect(trailEntries(page).nth(0)).toContainText('Order placed');
  await expect(trailEntries(page).nth(3)).toContainText('Order delivered');

  // The list shows it, and finds it by customer.
  await page.getByRole('link', { name: 'All orders' }).click();
  await page.getByLabel('Search orders').fill('lovelace');
  const row = page.getByRole('row').filter({ hasText: orderId });
  await expect(row).toContainText('Delivered');
  await expect(row).toContainText('€64.30');
  await expect(page.getByText('1 of 1 orders match')).toBeVisible();
});

test('cancelling a paid order refunds the payment', async ({ page }) => {
  await registerCustomer(page, 'Grace Hopper', 'grace@example.com');
  await placeOrder(page, 'Grace Hopper', [{ product: 'French press', quantity: 1 }]);
  const status = page.getByTestId('order-status');
  await page.getByRole('button', { name: 'Record payment' }).click();
  await expect(status).toHaveText('Paid');

  await expect(page.getByText('The payment of €39.00 is refunded in full.')).toBeVisible();
  await page.getByLabel('Reason').fill('Out of stock');
  await page.getByRole('button', { name: 'Cancel order' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Confirm cancel' }).click();

  await expect(status).toHaveText('Cancelled');
  const details = page.getByRole('region', { name: 'Details' });
  await expect(details.getByRole('heading', { name: 'Refund' })).toBeVisible();
  await expect(details).toContainText('€39.00');
  await expect(details).toContainText('Out of stock');
  await expect(trailEntries(page)).toHaveCount(4);
  await expect(trailEntries(page).nth(2)).toContainText('Order cancelled');
  await expect(trailEntries(page).nth(3)).toContainText('Payment refunded');
  await expect(page.getByRole('region', { name: 'Actions' }).getByRole('button')).toHaveCount(0);
});

test('a rejected command shows its message and changes nothing', async ({ page }) => {
  await registerCustomer(page, 'Alan Turing', 'alan@example.com');

  // Placing: a quantity out of range.
  await nav(page).getByRole('link', { name: 'Orders', exact: true }).click();
  await page.getByRole('combobox', { name: 'Customer' }).selectOption({ label: 'Alan Turing' });
  await chooseProduct(page.getByLabel('Product'), 'Hand coffee grinder');
  await page.getByLabel('Quantity').fill('0');
  await page.getByRole('button', { name: 'Place order' }).click();
  await expect(page.getByRole('alert')).toHaveText(
    'Line 1: the quantity must be a whole number from 1 to 999.',
  );
  await expect(page).toHaveURL(/\/orders$/);
  await expect(page.getByText('No orders yet — place the first one')).toBeVisible();
  await expect(page.getByLabel('Quantity')).toHaveValue('0');

  // Shipping: without a tracking number.
  await page.getByLabel('Quantity').fill('1');
  await page.getByRole('button', { name: 'Place order' }).click();
  const status = page.getByTestId('order-status');
  await expect(status).toHaveText('Placed');
  await page.getByRole('button', { name: 'Record payment' }).click();
  await expect(status).toHaveText('Paid');
  await expect(trailEntries(page)).toHaveCount(2);

  await page.getByLabel('Carrier').fill('UPS');
  await page.getByRole('button', { name: 'Ship order' }).click();
  await expect(page.getByRole('alert')).toHaveText(
    'Enter both the carrier and the tracking number.',
  );
  await expect(status).toHaveText('Paid');
  await expect(page.getByLabel('Carrier')).toHaveValue('UPS');
  await expect(trailEntries(page)).toHaveCount(2);

  // Nothing was stored: the same after a reload.
  await page.reload();
  await expect(page.getByTestId('order-status')).toHaveText('Paid');
  await expect(trailEntries(page)).toHaveCount(2);
});

test('two pages see each other’s changes to an order', async ({ page, context }) => {
  await registerCustomer(page, 'Barbara Liskov', 'barbara@example.com');
  const orderId = await placeOrder(page, 'Barbara Liskov', [
    { product: 'Digital coffee scale', quantity: 1 },
  ]);

  const other = await context.newPage();
  await other.goto(`/orders/${orderId}`);
  await expect(other.getByTestId('order-status')).toHaveText('Placed');

  await other.getByRole('button', { name: 'Record payment' }).click();
  await expect(other.getByTestId('order-status')).toHaveText('Paid');
  // The first page follows, without a reload (how fast is the benchmark's business).
  await expect(page.getByTestId('order-status')).toHaveText('Paid');
  await expect(page.getByRole('button', { name: 'Ship order' })).toBeVisible();
});

test('the orders screens have no serious accessibility violations', async ({ page }) => {
  // Three axe runs: about 10 s alone, three times that on a loaded 2-core machine.
  test.slow();
  await registerCustomer(page, 'Edsger Dijkstra', 'edsger@example.com');
  await nav(page).getByRole('link', { name: 'Orders', exact: true }).click();
  await expect(page.getByRole('combobox', { name: 'Customer' })).toBeVisible();
  const serious = async (where: string) => {
    const results = await new AxeBuilder({ page }).analyze();
    const found = results.violations.filter(
      (violation) => violation.impact === 'serious' || violation.impact === 'critical',
    );
    expect(found, `axe violations on ${where}`).toEqual([]);
  };
  await serious('the new order form');

  await placeOrder(page, 'Edsger Dijkstra', [{ product: 'Cold brew kit', quantity: 3 }]);
  await serious('the order page');

  await page.getByRole('link', { name: 'All orders' }).click();
  await expect(page.getByRole('table')).toBeVisible();
  await serious('the orders list');
});
