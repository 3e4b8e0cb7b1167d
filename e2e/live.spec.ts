import { expect, test } from '@playwright/test';
import { nav, placeOrder, registerCustomer } from './support';

// Pages of one browser context share its IndexedDB: they are the tabs of one desk.

test('what one tab appends shows in the other tabs without reload', async ({ context }) => {
  const writer = await context.newPage();
  const log = await context.newPage();
  const dashboard = await context.newPage();
  await log.goto('/events');
  await expect(log.getByRole('heading', { name: 'The event log is empty' })).toBeVisible();
  await dashboard.goto('/');
  await expect(dashboard.getByRole('heading', { name: 'Nothing here yet' })).toBeVisible();

  await registerCustomer(writer, 'Ada Lovelace', 'ada@example.com');

  const row = log
    .getByRole('list', { name: 'Events, newest first' })
    .getByRole('button')
    .filter({ hasText: 'Customer Ada Lovelace registered' });
  await expect(row).toBeVisible();
  await expect(row).toContainText('CustomerRegistered');
  await expect(log.getByText('1 event, newest first')).toBeVisible();

  const totals = dashboard.getByRole('region', { name: 'Totals' });
  await expect(totals).toBeVisible();
  await expect(totals.getByRole('link', { name: '1', exact: true })).toHaveCount(2); // 1 customer, 1 event
  await expect(
    dashboard
      .getByRole('region', { name: 'Recent activity' })
      .getByRole('link', { name: 'Customer Ada Lovelace registered (ada@example.com)' }),
  ).toBeVisible();

  // And back the other way: an order placed in the dashboard's tab reaches the log's tab.
  await placeOrder(dashboard, 'Ada Lovelace');
  await expect(log.getByText('2 events, newest first')).toBeVisible();
});

test('two tabs paying one order at once: one payment, a clear outcome in both', async ({
  context,
}) => {
  const first = await context.newPage();
  const second = await context.newPage();
  await registerCustomer(first, 'Grace Hopper', 'grace@example.com');
  const orderId = await placeOrder(first, 'Grace Hopper');
  await second.goto(`/orders/${encodeURIComponent(orderId)}`);
  await expect(second.getByTestId('order-status')).toHaveText('Placed');

  const pay = [first, second].map((page) => page.getByRole('button', { name: 'Record payment' }));
  await Promise.all(pay.map((button) => expect(button).toBeEnabled()));
  // Both clicks are dispatched at once, each inside its own page.
  await Promise.all(
    pay.map((button) =>
      button.evaluate((element) => {
        (element as HTMLButtonElement).click();
      }),
    ),
  );

  // Both tabs end up showing the paid order; the tab that lost the race says why, in words.
  const said: string[] = [];
  for (const page of [first, second]) {
    await expect(page.getByTestId('order-status')).toHaveText('Paid');
    said.push(...(await page.getByRole('alert').filter({ hasText: /\S/ }).allInnerTexts()));
  }
  expect(said.length).toBeLessThanOrEqual(1);
  for (const text of said) expect(text).toMatch(/is Paid: it can be paid only when it is Placed/);

  // Exactly one payment in the log, and the order's stream is whole: versions 1 and 2.
  await nav(second).getByRole('link', { name: 'Events', exact: true }).click();
  await second.getByLabel('Type').selectOption('PaymentProcessed');
  await expect(second.getByText('1 of 3 events match')).toBeVisible();
  const events = second.getByRole('list', { name: 'Events, newest first' }).getByRole('button');
  await expect(events).toHaveCount(1);

  await second.getByLabel('Type').selectOption('');
  await second.getByLabel('Stream').fill(`order-${orderId}`);
  await expect(second.getByText('2 of 3 events match')).toBeVisible();
  await expect(events.nth(0)).toContainText('PaymentProcessed');
  await expect(events.nth(1)).toContainText('OrderPlaced');
  await events.nth(0).click();
  await expect(second.getByLabel("The event's envelope as JSON")).toContainText(
    '"streamVersion": 2',
  );
});
