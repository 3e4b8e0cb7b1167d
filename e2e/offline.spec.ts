import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { e2eDist } from './dist';

/**
 * Offline-first: after one visit the service worker serves the app shell, so every route opens
 * with the network gone, commands keep working (the log is in IndexedDB) and survive a reload.
 */

const routes = [
  { path: '/', heading: 'Dashboard' },
  { path: '/orders', heading: 'Orders' },
  { path: '/customers', heading: 'Customers' },
  { path: '/events', heading: 'Events' },
  { path: '/data', heading: 'Data' },
  { path: '/orders/x', heading: /order x/i },
  { path: '/customers/y', heading: /customer y/i },
  { path: '/nope', heading: 'Page not found' },
] as const;

async function heading(page: Page, name: string | RegExp) {
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

/** Visits once, waits for the service worker, reloads so that it controls the page. */
async function installApp(page: Page, origin = '') {
  await page.goto(`${origin}/`);
  await heading(page, 'Dashboard');
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload();
  await heading(page, 'Dashboard');
  expect(await page.evaluate(() => navigator.serviceWorker.controller?.state)).toBe('activated');
}

test('the manifest is served, with its icons', async ({ page, request }) => {
  await page.goto('/');
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute(
    'href',
    '/manifest.webmanifest',
  );
  await expect(page.locator('link[rel="apple-touch-icon"]')).toHaveAttribute(
    'href',
    '/apple-touch-icon-180x180.png',
  );

  const response = await request.get('/manifest.webmanifest');
  expect(response.ok()).toBe(true);
  const manifest = (await response.json()) as {
    name: string;
    short_name: string;
    start_url: string;
    display: string;
    theme_color: string;
    icons: { src: string; sizes: string; type: string; purpose?: string }[];
  };
  expect(manifest).toMatchObject({
    name: 'Order desk',
    short_name: 'Orders',
    start_url: '/',
    display: 'standalone',
    theme_color: '#1f4e79',
  });
  expect(manifest.icons.map((icon) => icon.sizes)).toEqual(
    expect.arrayContaining(['192x192', '512x512']),
  );
  expect(manifest.icons.some((icon) => icon.purpose?.split(' ').includes('maskable'))).toBe(true);
  for (const icon of manifest.icons) {
    const image = await request.get(icon.src);
    expect(image.ok(), icon.src).toBe(true);
    expect(image.headers()['content-type']).toBe(icon.type);
  }
});

test('after one visit, every route opens offline and an order placed offline stays', async ({
  page,
  context,
}) => {
  // The worker's install, eight routes and two commands: about 9 s alone.
  test.slow();
  await installApp(page);
  await expect(page.getByRole('status').filter({ hasText: 'Offline' })).toHaveCount(0);

  await context.setOffline(true);
  await page.reload();
  await heading(page, 'Dashboard');
  await expect(page.getByRole('status').filter({ hasText: 'Offline' })).toHaveText(
    'Offline — everything keeps working',
  );

  for (const { path, heading: name } of routes) {
    await page.goto(path);
    await heading(page, name);
  }

  // Register a customer and place their order, offline.
  await page.goto('/customers');
  const register = page.getByRole('region', { name: 'Register a customer' });
  await register.getByLabel('Name').fill('Offline Olga');
  await register.getByLabel('Email').fill('olga@example.com');
  await register.getByLabel('Shipping address').fill('1 Airplane Mode Road');
  await register.getByRole('button', { name: 'Register customer' }).click();
  await expect(
    page.getByRole('table', { name: 'Customers' }).getByRole('link', { name: 'Offline Olga' }),
  ).toBeVisible();

  await page.goto('/orders');
  await heading(page, 'Orders');
  await page.getByRole('combobox', { name: 'Customer' }).selectOption({ label: 'Offline Olga' });
  await page.getByLabel('Product').first().selectOption({ index: 1 });
  await page.getByLabel('Quantity').first().fill('2');
  await page.getByRole('button', { name: 'Place order' }).click();
  await expect(page).toHaveURL(/\/orders\/[^/]+$/);
  const orderUrl = page.url();
  const orderId = decodeURIComponent(new URL(orderUrl).pathname.split('/').pop() ?? '');
  await expect(page.getByTestId('order-status')).toHaveText('Placed');

  // Still offline: a reload comes from the service worker, the order from IndexedDB.
  await page.reload();
  await heading(page, /^Order /);
  await expect(page.getByTestId('order-status')).toHaveText('Placed');
  expect(page.url()).toBe(orderUrl);

  await page.goto('/orders');
  const row = page.getByRole('row').filter({ hasText: 'Offline Olga' });
  await expect(row.getByRole('link', { name: orderId })).toBeVisible();
  await expect(row).toContainText('Placed');

  await context.setOffline(false);
  await expect(page.getByRole('status').filter({ hasText: 'Offline' })).toHaveCount(0);
});

test('the Data page and the offline badge: accessible, and they hold at 360 px', async ({
  page,
  context,
}) => {
  await installApp(page);
  await context.setOffline(true);
  await page.goto('/data');
  await heading(page, 'Data');
  const storage = page.getByRole('region', { name: 'Storage on this device' });
  await expect(storage).toContainText('Events in the log');
  await expect(storage).toContainText(/Space used.+ MB of .+B/);
  await expect(page.getByRole('status').filter({ hasText: 'Offline' })).toBeVisible();

  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations).toEqual([]);

  await page.setViewportSize({ width: 360, height: 740 });
  await expect(page.getByRole('status').filter({ hasText: 'Offline' })).toBeVisible();
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBe(0);
  await page.screenshot({ path: test.info().outputPath('data-360.png'), fullPage: true });
});

/**
 * A static server over the built app whose sw.js can be made byte-different, as if a new
 * version had been deployed (vite preview cannot do that; Playwright's routing does not see the
 * browser's own service worker update checks).
 */
async function deployableServer() {
  const dist = resolve(e2eDist);
  const state = { deployed: false };
  const server = createServer((request, response) => {
    void (async () => {
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      let file = join(dist, normalize(path));
      if (!file.startsWith(dist) || !existsSync(file) || path.endsWith('/')) {
        file = join(dist, 'index.html');
      }
      let body = await readFile(file);
      if (path === '/sw.js' && state.deployed) {
        body = Buffer.concat([body, Buffer.from('\n// the next version\n')]);
      }
      const type = contentTypes[extname(file)] ?? 'application/octet-stream';
      response.writeHead(200, { 'content-type': type, 'cache-control': 'no-cache' });
      response.end(body);
    })();
  });
  await new Promise<void>((done) => server.listen(0, 'localhost', done));
  const address = server.address() as AddressInfo;
  return {
    url: `http://localhost:${address.port}`,
    deploy: () => {
      state.deployed = true;
    },
    close: () =>
      new Promise<void>((done) =>
        server.close(() => {
          done();
        }),
      ),
  };
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webmanifest': 'application/manifest+json',
};

test('a new version waits for the user: a banner, then Reload switches to it', async ({ page }) => {
  const server = await deployableServer();
  try {
    await installApp(page, server.url);
    await page.evaluate(() => {
      (window as { stillThisPage?: boolean }).stillThisPage = true;
    });

    server.deploy();
    await page.evaluate(async () => {
      await (await navigator.serviceWorker.getRegistration())?.update();
    });

    const banner = page.getByRole('region', { name: 'New version' });
    await expect(banner).toHaveText('A new version is available — Reload');
    // Nothing was swapped under the open tab: the same page, the new worker only waiting.
    expect(await page.evaluate(() => (window as { stillThisPage?: boolean }).stillThisPage)).toBe(
      true,
    );
    expect(await page.evaluate(workers)).toEqual({ waiting: true, controlled: true });

    const reloaded = page.waitForEvent('load');
    await banner.getByRole('button', { name: 'Reload' }).click();
    await reloaded;
    await heading(page, 'Dashboard');
    await expect(banner).toHaveCount(0);
    expect(await page.evaluate(() => (window as { stillThisPage?: boolean }).stillThisPage)).toBe(
      undefined,
    );
    expect(await page.evaluate(workers)).toEqual({ waiting: false, controlled: true });
  } finally {
    await server.close();
  }
});

async function workers() {
  const registration = await navigator.serviceWorker.getRegistration();
  return {
    waiting: Boolean(registration?.waiting),
    controlled: Boolean(navigator.serviceWorker.controller),
  };
}
