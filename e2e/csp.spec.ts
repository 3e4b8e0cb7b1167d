import { expect, test, type Page } from '@playwright/test';
import { cloudEventsOf, sampleHistory } from '../src/application/eventLogFile/testing';

/**
 * The Content-Security-Policy of index.html: nothing the app does on any screen (the import's
 * worker, the service worker, an export's download, the timeline) is refused by it, and what it
 * is there to refuse (inline script) is refused.
 */

const history = sampleHistory('csp');
const customerId = 'csp-c1';
const orderId = 'csp-o1';

const routes = [
  { path: '/', heading: 'Dashboard' },
  { path: '/orders', heading: 'Orders' },
  // In the past, before it was placed, the order has no number yet.
  { path: `/orders/${orderId}`, heading: new RegExp(`^Order (#\\d+ · )?${orderId}$`) },
  { path: '/customers', heading: 'Customers' },
  { path: `/customers/${customerId}`, heading: 'Ada Lovelace' },
  { path: '/events', heading: 'Events' },
  { path: '/data', heading: 'Data' },
  { path: '/no/such/page', heading: 'Page not found' },
] as const;

/**
 * Collects every violation of the policy: the document's `securitypolicyviolation` events and
 * Chromium's console reports (which also cover what happens before the page's script runs).
 */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction('reportPolicyViolation', (report: string) => {
    violations.push(report);
  });
  await page.addInitScript(() => {
    document.addEventListener(
      'securitypolicyviolation',
      (event) => {
        const report = `${event.effectiveDirective} refused ${event.blockedURI || 'inline'} (${event.sourceFile}:${String(event.lineNumber)})`;
        void (
          window as unknown as { reportPolicyViolation: (r: string) => Promise<void> }
        ).reportPolicyViolation(report);
      },
      true,
    );
  });
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

/** Links that leave the app but let the page they open reach back (or learn where it came from). */
const openExternalLinks = (page: Page) =>
  page.locator('a[href]').evaluateAll((links) =>
    links
      .filter((link) => {
        const url = new URL((link as HTMLAnchorElement).href);
        return url.protocol.startsWith('http') && url.origin !== window.location.origin;
      })
      .filter((link) => {
        const rel = (link as HTMLAnchorElement).relList;
        return !rel.contains('noopener') || !rel.contains('noreferrer');
      })
      .map((link) => (link as HTMLAnchorElement).href),
  );

test('the policy is strict and the page can tell when it is broken', async ({ page }) => {
  const violations = await watchViolations(page);
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
  const policy =
    (await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')) ??
    '';
  for (const directive of [
    "script-src 'self'",
    "style-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
  ])
    expect(policy).toContain(directive);
  expect(policy).not.toMatch(/unsafe-inline|unsafe-eval/);
  // No wildcard but the port of a sync server on this computer (plain http goes nowhere else).
  expect(policy).toContain("connect-src 'self' https: http://localhost:* http://127.0.0.1:*;");
  expect(policy.replaceAll(/http:\/\/(localhost|127\.0\.0\.1):\*/g, '')).not.toMatch(/\*/);
  expect(violations).toEqual([]);

  // What the policy is for: an injected inline script does not run, and the watcher hears of it.
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.injected = true;';
    document.body.append(script);
  });
  await expect.poll(() => violations.length).toBeGreaterThan(0);
  expect(violations.join('\n')).toMatch(/script-src/);
  expect(await page.evaluate(() => (window as { injected?: boolean }).injected)).toBeUndefined();
});

test('no screen, import, export or service worker breaks the policy', async ({ page }) => {
  // The worker's install, an import, an export and sixteen page loads: about 11 s alone.
  test.slow();
  const violations = await watchViolations(page);
  const workers: string[] = [];
  page.on('worker', (worker) => workers.push(worker.url()));

  // The service worker registers and takes the page over.
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
  // Bounded, so that a refused registration fails with the violation rather than a timeout.
  const registered = await page.evaluate(() =>
    Promise.race([
      navigator.serviceWorker.ready.then(() => true),
      new Promise<boolean>((resolve) => {
        setTimeout(() => {
          resolve(false);
        }, 20_000);
      }),
    ]),
  );
  expect(violations).toEqual([]);
  expect(registered).toBe(true);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
  expect(await page.evaluate(() => navigator.serviceWorker.controller?.state)).toBe('activated');

  // An import, checked by its worker.
  await page.goto('/data');
  const panel = page.getByRole('region', { name: 'Event log file' });
  await panel.getByLabel('Import event log').setInputFiles({
    name: 'log.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(cloudEventsOf(history))),
  });
  const count = history.length;
  await panel.getByRole('button', { name: `Import ${String(count)} events` }).click();
  await expect(panel.getByRole('status')).toContainText(`Imported ${String(count)} events`);
  expect(workers.some((url) => /importWorker/.test(url))).toBe(true);

  // An export, handed to the browser as a download from a blob: URL.
  const download = page.waitForEvent('download');
  await panel.getByRole('button', { name: 'Export event log' }).click();
  expect((await download).suggestedFilename()).toMatch(/\.json$/);

  // Every route, in the present and at a past moment.
  for (const { path, heading } of routes)
    for (const search of ['', '?at=2']) {
      await test.step(`${path}${search}`, async () => {
        await page.goto(`${path}${search}`);
        await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
        if (search !== '')
          await expect(
            page.getByRole('status').filter({ hasText: 'Viewing the past' }),
          ).toBeVisible();
        expect(await openExternalLinks(page)).toEqual([]);
      });
    }
  expect(violations).toEqual([]);
});
