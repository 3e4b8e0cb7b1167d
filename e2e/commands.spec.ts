import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, placeOrder, registerCustomer, widths } from './support';

/** The order page's message of what the last command did. */
const done = (page: Page) => page.locator('.done-message');

/** Focus is on an element of the page, not on its body (where it falls when its element goes). */
async function expectFocusOn(page: Page, target: ReturnType<Page['locator']>) {
  await expect(target).toBeFocused();
  expect(await page.evaluate(() => document.activeElement === document.body)).toBe(false);
}

for (const { name, viewport } of widths)
  test.describe(`on a ${name}`, () => {
    test.use({ viewport });

    test('every command says what happened, and focus stays on the page', async ({ page }) => {
      // Seven commands through the screens: about 10 s alone, more on a loaded machine.
      test.slow();
      await registerCustomer(page, 'Ada Lovelace', 'ada@example.com');
      const registered = page
        .getByRole('region', { name: 'Register a customer' })
        .getByRole('status');
      await expect(registered).toHaveText('Registered Ada Lovelace.');
      await expectFocusOn(page, page.getByLabel('Name', { exact: true }));

      const orderId = await placeOrder(page, 'Ada Lovelace');
      await expect(done(page)).toHaveRole('status');
      await expect(done(page)).toHaveText(
        `Order #1001 · ${orderId} placed for Ada Lovelace: €39.00.`,
      );
      await expectFocusOn(page, done(page));
      await expect(done(page)).toBeInViewport();

      await page.getByRole('button', { name: 'Record payment' }).click();
      await expect(done(page)).toHaveText('Payment of €39.00 by card recorded.');
      await expectFocusOn(page, done(page));
      await expect(done(page)).toBeInViewport();

      await page.getByLabel('Carrier').fill('DHL');
      await page.getByLabel('Tracking number').fill('JD0146');
      await page.getByRole('button', { name: 'Ship order' }).click();
      await expect(done(page)).toHaveText('Order shipped with DHL, tracking number JD0146.');
      await expectFocusOn(page, done(page));

      // Delivery and refund ask first too, naming the order, the customer and the amount.
      await page.getByRole('button', { name: 'Mark delivered' }).click();
      const deliver = page.getByRole('dialog', { name: `Mark order ${orderId} delivered?` });
      await expect(deliver).toContainText('Ada Lovelace');
      await expect(deliver).toContainText('€39.00');
      await deliver.getByRole('button', { name: 'Confirm delivery' }).click();
      await expect(page.getByTestId('order-status')).toHaveText('Delivered');
      await expect(done(page)).toHaveText('Order marked as delivered.');
      await expectFocusOn(page, done(page));

      await page.getByLabel('Reason').fill('Arrived broken');
      await page.getByRole('button', { name: 'Refund' }).click();
      const refund = page.getByRole('dialog', { name: `Refund order ${orderId}?` });
      await expect(refund).toContainText('Ada Lovelace');
      await expect(refund).toContainText('€39.00');
      await expect(refund).toContainText('Arrived broken');
      await refund.getByRole('button', { name: 'Confirm refund' }).click();
      await expect(page.getByTestId('order-status')).toHaveText('Refunded');
      await expect(done(page)).toHaveText('Refund of €39.00 recorded.');
      await expectFocusOn(page, done(page));

      // Editing the customer says so too; the Save button keeps the focus.
      await page
        .getByRole('region', { name: 'Summary' })
        .getByRole('link', { name: 'Ada Lovelace', exact: true })
        .click();
      const edit = page.getByRole('region', { name: 'Edit details' });
      await edit.getByLabel('Email').fill('ada@lovelace.example');
      await edit.getByRole('button', { name: 'Save changes' }).click();
      await expect(edit.getByRole('status')).toHaveText('Email changed to ada@lovelace.example.');
      await expectFocusOn(page, edit.getByRole('button', { name: 'Save changes' }));
    });

    test('cancelling asks first in a modal dialog: Escape keeps the order', async ({ page }) => {
      test.slow();
      await registerCustomer(page, 'Grace Hopper', 'grace@example.com');
      const orderId = await placeOrder(page, 'Grace Hopper');
      await page.getByRole('button', { name: 'Record payment' }).click();
      await expect(page.getByTestId('order-status')).toHaveText('Paid');

      await page.getByLabel('Reason').fill('Out of stock');
      const cancel = page.getByRole('button', { name: 'Cancel order' });
      await cancel.click();
      const dialog = page.getByRole('dialog', { name: `Cancel order ${orderId}?` });
      await expect(dialog).toBeVisible();
      await expect(dialog).toContainText(`#1001 · ${orderId}`);
      await expect(dialog).toContainText('Grace Hopper');
      await expect(dialog).toContainText('€39.00');
      await expect(dialog).toContainText('Out of stock');
      await expect(dialog).toContainText('The payment of €39.00 is refunded in full.');
      await expect(dialog.getByRole('button', { name: 'Keep the order' })).toBeFocused();
      await expectAccessible(page, 'the order page with the dialog open');

      // Focus stays in the dialog: the page behind is inert.
      for (let i = 0; i < 4; i++) {
        await page.keyboard.press('Tab');
        expect(await dialog.evaluate((element) => element.contains(document.activeElement))).toBe(
          true,
        );
      }
      await page.keyboard.press('Escape');
      await expect(dialog).toHaveCount(0);
      await expect(cancel).toBeFocused();
      await expect(page.getByTestId('order-status')).toHaveText('Paid');

      await cancel.click();
      await dialog.getByRole('button', { name: 'Confirm cancel' }).click();
      await expect(page.getByTestId('order-status')).toHaveText('Cancelled');
      await expect(done(page)).toHaveText('Order cancelled; the payment of €39.00 was refunded.');
      await expectFocusOn(page, done(page));
    });
  });
