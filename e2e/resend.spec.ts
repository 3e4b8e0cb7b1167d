import { expect, test, type Locator, type Page } from '@playwright/test';
import { LOG_DATABASE } from '../src/app/logDatabase';
import { chooseProduct, nav, placeOrder, registerCustomer } from './support';

/**
 * A form sent again after a reload is the same command: place order, register customer and
 * record payment each end with exactly one event in the log and no error, whether the reload
 * came before the command was stored, or after it was stored but before the form had the
 * answer, or at once (whichever of the two it meets).
 */

/** The draft key prefix of src/ui/form-drafts.ts. */
const DRAFTS = 'order-desk:draft:';

/**
 * While `e2e:lose-answers` is set in the tab, forms cannot forget their drafts: as if the page
 * were reloaded after the store wrote the command and before the form heard it had (the state
 * a reload finds then: the command in the log, and the draft with its command id kept).
 */
async function allowLostAnswers(page: Page) {
  await page.addInitScript((prefix) => {
    const removeItem = Object.getOwnPropertyDescriptor(Storage.prototype, 'removeItem')?.value as (
      this: Storage,
      key: string,
    ) => void;
    Storage.prototype.removeItem = function (this: Storage, key: string) {
      if (key.startsWith(prefix) && this.getItem('e2e:lose-answers') !== null) return;
      removeItem.call(this, key);
    };
  }, DRAFTS);
}

/** Sends with `send`, as if the page were reloaded after the command was stored, unanswered. */
async function sendAndLoseTheAnswer(page: Page, send: () => Promise<void>) {
  await page.evaluate(() => {
    sessionStorage.setItem('e2e:lose-answers', 'yes');
  });
  await send();
  await page.evaluate(() => {
    sessionStorage.removeItem('e2e:lose-answers');
  });
}

/**
 * Keeps a write transaction on the log's database busy from inside the page: the next command
 * waits to be stored, until the reload ends both and it never is.
 */
async function holdTheLog(page: Page) {
  await page.evaluate(
    (database) =>
      new Promise<void>((resolve, reject) => {
        const request = indexedDB.open(database);
        request.onerror = () => {
          reject(new Error(String(request.error)));
        };
        request.onsuccess = () => {
          const meta = request.result.transaction('meta', 'readwrite').objectStore('meta');
          const keepBusy = () => {
            meta.get('log').onsuccess = keepBusy;
          };
          keepBusy();
          resolve();
        };
      }),
    LOG_DATABASE,
  );
}

/** Expects exactly `count` events of `type` on the Events page. */
async function expectInLog(page: Page, type: string, count: number) {
  await page.goto('/events');
  await page.getByLabel('Type').selectOption(type);
  await expect(
    page.getByText(new RegExp(`^${String(count)} of [\\d,]+ events match$`)),
  ).toBeVisible();
}

/** Notes in the report which side of the store's write a reload at once fell on. */
const noteReload = (stored: boolean) =>
  test.info().annotations.push({
    type: 'reload at once',
    description: stored ? 'came after the command was stored' : 'came before it was stored',
  });

/** No rejection was shown. */
const expectNoAlert = (page: Page) =>
  expect(page.getByRole('alert').filter({ hasText: /\S/ })).toHaveCount(0);

test('place order: sent again after a reload, one order', async ({ page }) => {
  // Three reloads and the Events page after each: about 10 s alone.
  test.slow();
  await allowLostAnswers(page);
  await registerCustomer(page, 'Ada Lovelace', 'ada@example.com');
  const newOrder = page.getByRole('region', { name: 'New order' });
  const placeButton = newOrder.getByRole('button', { name: 'Place order' });
  const orderRows = page.getByRole('table', { name: 'Orders' }).getByRole('row', {
    name: /Ada Lovelace/,
  });

  /** Goes to the orders (the log is read already) and fills the form, opening it if closed. */
  async function fillOrder(quantity: string) {
    await nav(page).getByRole('link', { name: 'Orders', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Orders' })).toBeVisible();
    const toggle = page.getByRole('button', { name: 'New order' });
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
    await newOrder.getByLabel('Customer').selectOption({ label: 'Ada Lovelace' });
    await chooseProduct(newOrder.getByLabel('Product'), 'French press');
    await newOrder.getByLabel('Quantity').fill(quantity);
  }

  /** After a reload on /orders: the form is open with what was sent; sends it again. */
  async function sendAgain(quantity: string) {
    await expect(newOrder.getByLabel('Customer')).toHaveValue(/^c-/);
    await expect(newOrder.getByLabel('Quantity')).toHaveValue(quantity);
    await placeButton.click();
    await expect(page).toHaveURL(/\/orders\/o-[0-9a-f]{8}$/);
    await expect(page.getByTestId('order-status')).toHaveText('Placed');
    await expectNoAlert(page);
  }

  await test.step('reload before the order was stored', async () => {
    await fillOrder('1');
    await holdTheLog(page);
    await placeButton.click();
    await page.reload();
    await expect(page.getByText('No orders yet — place the first one')).toBeVisible();
    await sendAgain('1');
    await expectInLog(page, 'OrderPlaced', 1);
  });

  await test.step('reload after the order was stored, before the form heard it', async () => {
    await fillOrder('2');
    await sendAndLoseTheAnswer(page, async () => {
      await placeButton.click();
      await expect(page).toHaveURL(/\/orders\/o-[0-9a-f]{8}$/);
    });
    const orderUrl = page.url();
    await page.goto('/orders');
    await expect(orderRows).toHaveCount(2);
    await sendAgain('2');
    await expect(page).toHaveURL(orderUrl);
    await expectInLog(page, 'OrderPlaced', 2);
  });

  await test.step('reload at once', async () => {
    await fillOrder('3');
    await placeButton.click();
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Orders$|^Order #\d+ · o-/);
    if (new URL(page.url()).pathname === '/orders') {
      await expect(orderRows.first()).toBeVisible();
      noteReload((await orderRows.count()) === 3);
      // Unless the answer came before the reload (the draft went with it, and the form stays
      // closed), the form is open with the draft: sent again.
      if ((await newOrder.count()) > 0) await sendAgain('3');
      else await orderRows.first().getByRole('link').click();
    } else noteReload(true);
    await expect(page.getByTestId('order-status')).toHaveText('Placed');
    await expectInLog(page, 'OrderPlaced', 3);
  });
});

test('register customer: sent again after a reload, one customer', async ({ page }) => {
  // Three reloads and the Events page after each: about 10 s alone.
  test.slow();
  await allowLostAnswers(page);
  const form = page.getByRole('region', { name: 'Register a customer' });
  const registerButton = form.getByRole('button', { name: 'Register customer' });
  const customerLinks = (name: string) =>
    page.getByRole('table', { name: 'Customers' }).getByRole('link', { name });

  async function fillCustomer(name: string, email: string) {
    await page.goto('/customers');
    await form.getByLabel('Name').fill(name);
    await form.getByLabel('Email').fill(email);
    await form.getByLabel('Shipping address').fill('1 Main Street, Springfield');
  }

  /** After a reload: the form kept what was typed; sending it again registers the customer. */
  async function sendAgain(name: string) {
    await expect(registerButton).toBeEnabled();
    await expect(form.getByLabel('Name')).toHaveValue(name);
    await registerButton.click();
    await expect(form.getByRole('status')).toHaveText(`Registered ${name}.`);
    await expect(form.getByLabel('Name')).toHaveValue('');
    await expectNoAlert(page);
  }

  await test.step('reload before the customer was stored', async () => {
    await fillCustomer('Ada Lovelace', 'ada@example.com');
    await holdTheLog(page);
    await registerButton.click();
    await page.reload();
    await expect(page.getByText('No customers yet — register the first one below.')).toBeVisible();
    await sendAgain('Ada Lovelace');
    await expectInLog(page, 'CustomerRegistered', 1);
  });

  await test.step('reload after the customer was stored, before the form heard it', async () => {
    await fillCustomer('Grace Hopper', 'grace@example.com');
    await sendAndLoseTheAnswer(page, async () => {
      await registerButton.click();
      await expect(form.getByRole('status')).toHaveText('Registered Grace Hopper.');
    });
    await page.reload();
    await expect(customerLinks('Grace Hopper')).toHaveCount(1);
    await sendAgain('Grace Hopper');
    await expectInLog(page, 'CustomerRegistered', 2);
  });

  await test.step('reload at once', async () => {
    await fillCustomer('Edsger Dijkstra', 'edsger@example.com');
    await registerButton.click();
    await page.reload();
    await expect(registerButton).toBeEnabled();
    const answered = (await form.getByLabel('Name').inputValue()) === '';
    noteReload(answered || (await customerLinks('Edsger Dijkstra').count()) > 0);
    if (!answered) await sendAgain('Edsger Dijkstra');
    await expectInLog(page, 'CustomerRegistered', 3);
  });
});

test('record payment: sent again after a reload, one payment', async ({ page }) => {
  // Three reloads and the Events page after each: about 10 s alone.
  test.slow();
  await allowLostAnswers(page);
  await registerCustomer(page, 'Ada Lovelace', 'ada@example.com');
  const status = page.getByTestId('order-status');
  const payButton = page.getByRole('button', { name: 'Record payment' });
  const method = page.getByLabel('Method');

  /** Places an order, chooses cash on its page. */
  async function newOrderPaidInCash(): Promise<Locator> {
    await placeOrder(page, 'Ada Lovelace');
    await method.selectOption({ label: 'Cash' });
    return status;
  }

  /** After a reload: the form kept the method; sending again pays the order. */
  async function sendAgain() {
    await expect(method).toHaveValue('cash');
    await payButton.click();
    await expect(status).toHaveText('Paid');
    await expectNoAlert(page);
  }

  await test.step('reload before the payment was stored', async () => {
    await newOrderPaidInCash();
    await holdTheLog(page);
    await payButton.click();
    await page.reload();
    await expect(status).toHaveText('Placed');
    await sendAgain();
    await expectInLog(page, 'PaymentProcessed', 1);
  });

  await test.step('reload after the payment was stored, before the form heard it', async () => {
    await newOrderPaidInCash();
    const orderUrl = page.url();
    await sendAndLoseTheAnswer(page, async () => {
      await payButton.click();
      await expect(status).toHaveText('Paid');
    });
    await page.goto(orderUrl);
    // Paid: the form is gone, nothing can be sent twice.
    await expect(status).toHaveText('Paid');
    await expect(payButton).toHaveCount(0);
    await expectNoAlert(page);
    await expectInLog(page, 'PaymentProcessed', 2);
  });

  await test.step('reload at once', async () => {
    await newOrderPaidInCash();
    await payButton.click();
    await page.reload();
    await expect(status).toHaveText(/^(Placed|Paid)$/);
    const stored = (await status.textContent()) === 'Paid';
    noteReload(stored);
    if (!stored) await sendAgain();
    await expect(status).toHaveText('Paid');
    await expectInLog(page, 'PaymentProcessed', 3);
  });
});
