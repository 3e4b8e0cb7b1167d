import { expect, test } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

const pages = [
  { link: 'Orders', heading: 'Orders', path: '/orders' },
  { link: 'Customers', heading: 'Customers', path: '/customers' },
  { link: 'Events', heading: 'Events', path: '/events' },
  { link: 'Dashboard', heading: 'Dashboard', path: '/' },
] as const;

test('the nav links lead to their pages', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
  await expect(page).toHaveTitle('Dashboard · Order desk');

  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const { link, heading, path } of pages) {
    await nav.getByRole('link', { name: link, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    await expect(page).toHaveURL(path);
    await expect(nav.getByRole('link', { name: link, exact: true })).toHaveAttribute(
      'aria-current',
      'page',
    );
  }
});

test('a detail route shows its id', async ({ page }) => {
  await page.goto('/customers/c-1');
  await expect(page.getByRole('heading', { level: 1, name: 'Customer c-1' })).toBeVisible();
  await expect(
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }),
  ).toHaveAttribute('aria-current', 'page');
});

test('an unknown path shows the not-found page', async ({ page }) => {
  await page.goto('/no/such/page');
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();

  await page.getByRole('link', { name: 'Back to the dashboard' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
});

test('the shell has no detectable accessibility violations', async ({ page }) => {
  // Two axe runs: about 8 s alone, three times that on a loaded 2-core machine.
  test.slow();
  for (const path of ['/', '/no/such/page']) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations, `axe violations at ${path}`).toEqual([]);
  }
});

test('the layout holds at 360 px wide', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('/');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Events' })).toBeVisible();
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBe(0);
});
