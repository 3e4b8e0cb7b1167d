import { expect, test } from '@playwright/test';
import { nav, placeOrder, registerCustomer, widths } from './support';

for (const { name, viewport } of widths)
  test.describe(`on a ${name}`, () => {
    test.use({ viewport });

    test('an order page prints as its packing slip and receipt', async ({ page }, testInfo) => {
      test.slow();
      await registerCustomer(page, 'Ada Lovelace', 'ada@example.com');
      const orderId = await placeOrder(page, 'Ada Lovelace', [
        { product: 'French press', quantity: 1 },
        { product: 'Mug', quantity: 2 },
      ]);
      await page.getByRole('button', { name: 'Record payment' }).click();
      await expect(page.getByTestId('order-status')).toHaveText('Paid');
      const slip = page.getByRole('article', { name: `Packing slip · Order #1001 · ${orderId}` });
      // On screen the page is the order page: the slip only prints.
      await expect(slip).toBeHidden();
      await expect(page.getByRole('button', { name: 'Print packing slip' })).toBeVisible();

      await page.emulateMedia({ media: 'print' });
      await expect(slip).toBeVisible();
      await expect(slip).toContainText('Order desk');
      await expect(slip).toContainText(/Placed on .+ · Status Paid/);
      const address = slip.locator('address');
      await expect(address).toContainText('Ada Lovelace');
      await expect(address).toContainText('1 Main Street, Springfield');
      await expect(address).toContainText('ada@example.com');
      const lines = slip.getByRole('table');
      await expect(lines.getByRole('row')).toHaveCount(4);
      await expect(lines.getByRole('row', { name: /French press/ })).toBeVisible();
      await expect(lines.getByRole('row', { name: /Ceramic mug/ })).toBeVisible();
      await expect(lines.getByRole('row', { name: /^Total 3/ })).toBeVisible();
      await expect(slip.getByRole('heading', { name: 'Payment' })).toBeVisible();
      await expect(slip).toContainText(/€[\d.,]+ paid by card on /);

      // No navigation, timeline, forms or buttons; nor the screen's own panels.
      await expect(nav(page)).toBeHidden();
      await expect(page.getByRole('region', { name: 'Timeline controls' })).toBeHidden();
      await expect(page.getByRole('slider', { name: 'Timeline' })).toBeHidden();
      await expect(page.getByLabel('Carrier')).toBeHidden();
      await expect(page.getByRole('button')).toHaveCount(0);
      await expect(page.getByRole('heading', { level: 1 })).toBeHidden();
      await expect(page.getByRole('region', { name: 'Audit trail' })).toBeHidden();

      await page.screenshot({ path: testInfo.outputPath(`print-${name}.png`), fullPage: true });
      if (name === 'desktop') {
        const pdf = await page.pdf({ path: testInfo.outputPath('packing-slip.pdf') });
        expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      }

      // Back on screen, the page is as it was.
      await page.emulateMedia({ media: 'screen' });
      await expect(slip).toBeHidden();
      await expect(nav(page)).toBeVisible();
    });
  });

test('a past moment prints as such', async ({ page }) => {
  test.slow();
  await registerCustomer(page, 'Grace Hopper', 'grace@example.com');
  const orderId = await placeOrder(page, 'Grace Hopper');
  await page.getByRole('button', { name: 'Record payment' }).click();
  await expect(page.getByTestId('order-status')).toHaveText('Paid');
  await page.goto(`/orders/${orderId}?at=2`);
  await expect(page.getByTestId('order-status')).toHaveText('Placed');
  await page.emulateMedia({ media: 'print' });
  const slip = page.getByRole('article', { name: `Packing slip · Order #1001 · ${orderId}` });
  await expect(slip).toContainText('As it was after event #2, not as it is now.');
  await expect(slip).toContainText('Not paid yet.');
  await expect(page.getByRole('region', { name: 'Moment shown' })).toBeHidden();
});
