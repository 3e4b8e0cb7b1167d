import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });
const eventList = (page: Page) => page.getByRole('list', { name: 'Events, newest first' });
const rows = (page: Page) => eventList(page).getByRole('button');

async function loadDemo(page: Page) {
  await page.goto('/');
  await page.getByLabel('Demo size').selectOption({ label: '1,000 events' });
  await page.getByRole('button', { name: 'Load demo data' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'Loaded 1,000 demo events' }),
  ).toBeVisible({
    timeout: 60_000,
  });
  await nav(page).getByRole('link', { name: 'Events', exact: true }).click();
  await expect(page.getByText('1,000 events, newest first')).toBeVisible();
}

test('an empty log says what to do next', async ({ page }) => {
  await page.goto('/events');
  await expect(page.getByRole('heading', { name: 'The event log is empty' })).toBeVisible();
  await page.getByRole('link', { name: 'Register a customer' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Customers' })).toBeVisible();
});

test('filter the log and open an event', async ({ page }) => {
  test.setTimeout(90_000);
  await loadDemo(page);
  await expect(rows(page).first()).toContainText('#1,000');

  // The list is virtualized: the oldest event is there once scrolled to the end.
  await page.locator('.event-list').evaluate((element) => {
    element.scrollTop = element.scrollHeight;
  });
  await expect(eventList(page).getByRole('button', { name: /^#1 / })).toBeVisible();
  expect(await rows(page).count()).toBeLessThan(60);

  await page.getByLabel('Type').selectOption('OrderShipped');
  await expect(page.getByText(/^\d+ of 1,000 events match$/)).toBeVisible();
  for (const text of await rows(page).allInnerTexts()) expect(text).toContain('OrderShipped');

  await page.getByLabel('Type').selectOption('');
  await page.getByLabel('Stream').fill('customer-');
  await expect(page.getByText(/^\d+ of 1,000 events match$/)).toBeVisible();
  for (const text of await rows(page).allInnerTexts()) expect(text).toMatch(/customer-/);

  // Open the newest customer event from the keyboard.
  const first = rows(page).first();
  const position = ((await first.innerText()).match(/#([\d,]+)/)?.[1] ?? '').replace(/,/g, '');
  await first.focus();
  await page.keyboard.press('Enter');
  const panel = page.getByRole('region', {
    name: `Event #${Number(position).toLocaleString('en-US')}`,
  });
  await expect(panel).toBeVisible();
  await expect(panel.getByRole('heading')).toBeFocused();
  const json = panel.getByLabel("The event's envelope as JSON");
  await expect(json).toContainText('"streamVersion"');
  await expect(json).toContainText(`"position": ${position}`);
  const envelope = JSON.parse(await json.innerText()) as { id: string; streamId: string };
  expect(envelope.streamId).toMatch(/^customer-/);
  await expect(page).toHaveURL(new RegExp(`[?&]position=${position}`));
  await expect(page).toHaveURL(/[?&]stream=customer-/);
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(
    violations.filter((violation) => ['serious', 'critical'].includes(violation.impact ?? '')),
  ).toEqual([]);

  // The same event, found by its id.
  await page.getByRole('button', { name: 'Close' }).click();
  await expect(panel).toHaveCount(0);
  await expect(first).toBeFocused();
  await page.getByLabel('Stream').fill('');
  await page.getByLabel('Search events').fill(envelope.id);
  await expect(page.getByText('1 of 1,000 events match')).toBeVisible();
  await expect(rows(page)).toHaveCount(1);

  // A link to ?position=N opens that event.
  await page.goto('/events?position=2');
  await expect(page.getByRole('region', { name: 'Event #2' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Event #2' })).toContainText('"position": 2');
});

test('the events page holds at a phone width with an event open', async ({ page }) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 375, height: 740 });
  await loadDemo(page);
  await rows(page).nth(3).click();
  const panel = page.getByRole('region', { name: /^Event #/ });
  await expect(panel).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(panel).toHaveCount(0);
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBe(0);
});
