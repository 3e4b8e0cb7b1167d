import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

async function registerCustomer(page: Page, name: string, email: string, address = '') {
  const form = page.getByRole('region', { name: 'Register a customer' });
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Shipping address').fill(address);
  await form.getByRole('button', { name: 'Register customer' }).click();
  await expect(form.getByRole('status')).toHaveText(`Registered ${name}.`);
}

test('register a customer, open their page, edit the email, see the audit trail', async ({
  page,
}) => {
  await page.goto('/customers');
  await expect(page.getByRole('heading', { level: 1, name: 'Customers' })).toBeVisible();
  await expect(page.getByText('No customers yet — register the first one below.')).toBeVisible();

  await registerCustomer(page, 'Ada Lovelace', 'ada@example.com', '12 St James’s Square\nLondon');
  const form = page.getByRole('region', { name: 'Register a customer' });
  await expect(form.getByLabel('Name')).toHaveValue('');

  const table = page.getByRole('table', { name: 'Customers' });
  await expect(table.getByRole('cell', { name: 'ada@example.com' })).toBeVisible();
  await table.getByRole('link', { name: 'Ada Lovelace' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Ada Lovelace' })).toBeVisible();
  await expect(page).toHaveURL(/\/customers\/c-[0-9a-f]{8}$/);
  const details = page.getByRole('region', { name: 'Details', exact: true });
  await expect(details).toContainText('ada@example.com');
  await expect(details).toContainText('London');

  const edit = page.getByRole('region', { name: 'Edit details' });
  await edit.getByLabel('Email').fill('countess@example.com');
  await edit.getByLabel('Email').press('Enter');
  await expect(edit.getByRole('status')).toHaveText('Email changed to countess@example.com.');
  await expect(details).toContainText('countess@example.com');

  const trail = page.getByRole('region', { name: 'Audit trail' });
  const entries = trail.getByRole('listitem');
  await expect(entries).toHaveCount(2);
  await expect(entries.nth(0)).toContainText('Customer registered');
  await expect(entries.nth(1)).toContainText('Details changed');
  await expect(entries.nth(1).getByRole('deletion')).toHaveText('ada@example.com');
  await expect(entries.nth(1).getByRole('insertion')).toHaveText('countess@example.com');

  // The list follows the log.
  await page.getByRole('link', { name: 'All customers' }).click();
  await expect(table.getByRole('cell', { name: 'countess@example.com' })).toBeVisible();
});

test('a duplicate email shows the domain’s message and registers nobody', async ({ page }) => {
  await page.goto('/customers');
  await registerCustomer(page, 'Grace Hopper', 'grace@example.com');

  const form = page.getByRole('region', { name: 'Register a customer' });
  await form.getByLabel('Name').fill('Grace Brewster');
  await form.getByLabel('Email').fill('GRACE@example.com');
  await form.getByRole('button', { name: 'Register customer' }).click();

  await expect(form.getByRole('alert')).toHaveText(
    'Another customer already uses the email GRACE@example.com.',
  );
  await expect(form.getByLabel('Name')).toHaveValue('Grace Brewster');
  await expect(form.getByLabel('Email')).toHaveValue('GRACE@example.com');
  await expect(page.getByRole('table', { name: 'Customers' }).getByRole('row')).toHaveCount(2);
});

test('search and sort with the keyboard', async ({ page }) => {
  await page.goto('/customers');
  await registerCustomer(page, 'Zoe Quinn', 'zoe@example.com');
  await registerCustomer(page, 'Ada Lovelace', 'ada@example.com');

  const table = page.getByRole('table', { name: 'Customers' });
  const names = table.locator('tbody tr td:first-child a');
  await expect(names).toHaveText(['Ada Lovelace', 'Zoe Quinn']);

  await table.getByRole('button', { name: 'Name' }).focus();
  await page.keyboard.press('Enter');
  await expect(names).toHaveText(['Zoe Quinn', 'Ada Lovelace']);
  await expect(table.getByRole('columnheader', { name: 'Name' })).toHaveAttribute(
    'aria-sort',
    'descending',
  );

  await page.getByRole('searchbox', { name: 'Search customers' }).fill('ADA@');
  await expect(names).toHaveText(['Ada Lovelace']);
});

test('the customer screens have no serious accessibility violations', async ({ page }) => {
  // Four axe runs: about 9 s alone, three times that on a loaded 2-core machine.
  test.slow();
  await page.goto('/customers');
  await expect(page.getByRole('heading', { level: 1, name: 'Customers' })).toBeVisible();
  const check = async (where: string) => {
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter(
      (violation) => violation.impact === 'serious' || violation.impact === 'critical',
    );
    expect(serious, `axe violations on ${where}`).toEqual([]);
  };
  await check('the empty customer list');

  await registerCustomer(page, 'Ada Lovelace', 'ada@example.com');
  await page.getByRole('searchbox', { name: 'Search customers' }).fill('nobody');
  await expect(page.getByText('No customer matches “nobody”.')).toBeVisible();
  await page.getByRole('button', { name: 'Clear search' }).click();
  await check('the customer list');

  await page.getByRole('table', { name: 'Customers' }).getByRole('link').first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Ada Lovelace' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Audit trail' }).getByRole('listitem')).toHaveCount(
    1,
  );
  await check('a customer page');

  await page.goto('/customers/c-nobody');
  await expect(page.getByRole('heading', { level: 1, name: 'Customer c-nobody' })).toBeVisible();
  await expect(page.getByText('No customer c-nobody')).toBeVisible();
  await check('an unknown customer');
});

test('at a phone width the email folds into the name column, and unfolds when wide', async ({
  page,
}) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('/customers');
  await registerCustomer(page, 'Ada Lovelace', 'ada.lovelace@example.com');

  const table = page.getByRole('table', { name: 'Customers' });
  await expect(table.getByRole('columnheader')).toHaveText([/Name/, /Orders/, /Lifetime value/]);
  await expect(table.getByRole('cell').first()).toContainText('ada.lovelace@example.com');
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBe(0);

  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(table.getByRole('columnheader')).toHaveCount(5);
  await expect(table.getByRole('cell', { name: 'ada.lovelace@example.com' })).toBeVisible();
});
