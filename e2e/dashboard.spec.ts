import { expect, test } from '@playwright/test';
import { expectAccessible, loadDemo, nav } from './support';

test('an empty desk says what to do next', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
  const next = page.getByRole('region', { name: 'Nothing here yet' });
  await expect(next.getByRole('link', { name: 'Customers' })).toBeVisible();
  await expect(page.getByLabel('Demo size')).toHaveValue('10000');
  await expectAccessible(page, 'the empty dashboard');
});

test('the demo data loads with a progress bar and every screen renders it', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/');
  await page.getByLabel('Demo size').selectOption({ label: '10,000 events' });
  // Writing 10,000 events can take less than a second: note whether the bar ever showed.
  await page.evaluate(() => {
    const seen = { progress: false, disabled: false };
    (window as unknown as { demoSeen: typeof seen }).demoSeen = seen;
    new MutationObserver(() => {
      if (document.querySelector('progress[aria-label="Loading demo data"]')) seen.progress = true;
      const button = [...document.querySelectorAll('button')].find(
        (element) => element.textContent === 'Load demo data',
      );
      if (button?.disabled) seen.disabled = true;
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  await page.getByRole('button', { name: 'Load demo data' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'Loaded 10,000 demo events' }),
  ).toBeVisible({ timeout: 60_000 });
  expect(await page.evaluate(() => (window as unknown as { demoSeen: unknown }).demoSeen)).toEqual({
    progress: true,
    disabled: true,
  });
  await expect(page.getByRole('progressbar', { name: 'Loading demo data' })).toHaveCount(0);

  // Dashboard: totals, every status, the chart and the recent activity.
  const totals = page.getByRole('region', { name: 'Totals' });
  await expect(totals.getByRole('link', { name: '10,000' })).toBeVisible();
  const statusLinks = page.getByRole('region', { name: 'Orders by status' }).getByRole('link');
  await expect(statusLinks).toHaveCount(6);
  let orders = 0;
  for (const status of ['Placed', 'Paid', 'Shipped', 'Delivered', 'Cancelled', 'Refunded']) {
    const link = statusLinks.filter({ hasText: status });
    await expect(link).toHaveAttribute('href', `/orders?status=${status}`);
    orders += Number((await link.innerText()).replace(/\D/g, ''));
  }
  expect(orders).toBeGreaterThan(0);
  await expect(totals.getByRole('link', { name: orders.toLocaleString('en-US') })).toHaveAttribute(
    'href',
    '/orders',
  );
  await expect(page.getByRole('img', { name: /^Revenue in EUR per week/ })).toBeVisible();
  await page.getByText('Show the figures as a table').click();
  await expect(page.getByRole('table', { name: 'Revenue per week' })).toBeVisible();
  const activity = page.getByRole('region', { name: 'Recent activity' }).getByRole('listitem');
  await expect(activity).toHaveCount(20);
  await expectAccessible(page, 'the dashboard with demo data');

  // Orders and customers (built by their own screens): rows with links.
  await nav(page).getByRole('link', { name: 'Orders', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Orders' })).toBeVisible();
  await expect(
    page
      .getByRole('row')
      .filter({ has: page.getByRole('link') })
      .first(),
  ).toBeVisible();

  await nav(page).getByRole('link', { name: 'Customers', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Customers' })).toBeVisible();
  await expect(
    page
      .getByRole('row')
      .filter({ has: page.getByRole('link') })
      .first(),
  ).toBeVisible();

  await nav(page).getByRole('link', { name: 'Events', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Events' })).toBeVisible();
  await expect(page.getByText('10,000 events, newest first')).toBeVisible();

  // A recent-activity entry leads to its event in the log.
  await nav(page).getByRole('link', { name: 'Dashboard', exact: true }).click();
  await page.getByRole('link', { name: 'Event #10,000 in the log' }).click();
  await expect(page.getByRole('region', { name: 'Event #10,000' })).toBeVisible();
});

test('the dashboard holds at a phone width', async ({ page }) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 360, height: 740 });
  await loadDemo(page, '1,000');
  await expect(page.getByRole('img', { name: /^Revenue in EUR/ })).toBeVisible();
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBe(0);
});
