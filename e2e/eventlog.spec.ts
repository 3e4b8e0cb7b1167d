import { readFile, truncate, writeFile } from 'node:fs/promises';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { cloudEventsOf, sampleHistory } from '../src/application/eventLogFile/testing';

/** The event log file panel on /data, once the log has been read. */
async function openPanel(page: Page): Promise<Locator> {
  await page.goto('/data');
  const panel = page.getByRole('region', { name: 'Event log file' });
  await expect(panel.getByLabel('Import event log')).toBeEnabled();
  return panel;
}

const countOf = (panel: Locator) => panel.getByTestId('log-event-count');

/** Chooses a file in the import input: a JSON value, raw text or raw bytes. */
async function chooseFile(panel: Locator, content: unknown, name = 'log.json') {
  const buffer = Buffer.isBuffer(content)
    ? content
    : Buffer.from(typeof content === 'string' ? content : JSON.stringify(content));
  await panel.getByLabel('Import event log').setInputFiles({
    name,
    mimeType: 'application/json',
    buffer,
  });
}

/** Exports the log through the button and returns the file's text and name. */
async function exportLog(page: Page, panel: Locator, path: string) {
  const download = page.waitForEvent('download');
  await panel.getByRole('button', { name: 'Export event log' }).click();
  const file = await download;
  await file.saveAs(path);
  return { name: file.suggestedFilename(), text: await readFile(path, 'utf8') };
}

/** A small history imported through the page: 7 events on 3 streams. */
async function seed(page: Page): Promise<Locator> {
  const panel = await openPanel(page);
  await chooseFile(panel, cloudEventsOf(sampleHistory('e2e')));
  await expect(panel.getByRole('status')).toContainText(
    'log.json: 7 events in the file — 7 new events, 0 already present.',
  );
  await panel.getByRole('button', { name: 'Import 7 events' }).click();
  await expect(panel.getByRole('status')).toContainText('Imported 7 events from log.json.');
  await expect(countOf(panel)).toHaveAttribute('data-count', '7');
  return panel;
}

test('round trip: export, import into a fresh profile, export again gives the same events', async ({
  page,
  browser,
  baseURL,
}, testInfo) => {
  // Generates 1,000 events, exports, imports into a second profile, exports again.
  test.setTimeout(120_000);
  // A generated history through the dashboard's demo loader.
  await page.goto('/');
  await page.getByLabel('Demo size').selectOption('1000');
  await page.getByRole('button', { name: 'Load demo data' }).click();
  await expect(page.getByRole('button', { name: 'Load demo data' })).toBeHidden({
    timeout: 30_000,
  });

  const panel = await openPanel(page);
  await expect(countOf(panel)).toHaveAttribute('data-count', '1000');
  const first = await exportLog(page, panel, testInfo.outputPath('first.json'));
  expect(first.name).toMatch(/^event-log-\d{4}-\d{2}-\d{2}-\d{6}\.json$/);
  const exported = JSON.parse(first.text) as Record<string, unknown>[];
  expect(exported).toHaveLength(1000);

  // Another browser profile: an empty IndexedDB.
  const fresh = await browser.newContext({ baseURL: baseURL ?? '' });
  try {
    const other = await fresh.newPage();
    const workers: string[] = [];
    other.on('worker', (worker) => workers.push(worker.url()));
    const otherPanel = await openPanel(other);
    await expect(countOf(otherPanel)).toHaveAttribute('data-count', '0');
    await otherPanel
      .getByLabel('Import event log')
      .setInputFiles(testInfo.outputPath('first.json'));
    const status = otherPanel.getByRole('status');
    await expect(status).toContainText('1,000 events in the file — 1,000 new events, 0 already');
    await expect(status.getByRole('row', { name: /^OrderPlaced \d+ \d+$/ })).toBeVisible();
    // The file was read and checked off the page's thread.
    expect(workers.some((url) => /importWorker/.test(url))).toBe(true);
    await otherPanel.getByRole('button', { name: 'Import 1,000 events' }).click();
    await expect(status).toContainText('Imported 1,000 events');
    await expect(countOf(otherPanel)).toHaveAttribute('data-count', '1000');

    const second = await exportLog(other, otherPanel, testInfo.outputPath('second.json'));
    const again = JSON.parse(second.text) as Record<string, unknown>[];
    const essentials = (events: Record<string, unknown>[]) =>
      events.map(({ id, type, data, subject, streamversion, sequence }) => ({
        id,
        type,
        data,
        subject,
        streamversion,
        sequence,
      }));
    expect(essentials(again)).toEqual(essentials(exported));
    // In fact every attribute survives, source and time included.
    expect(again).toEqual(exported);

    // The imported history is the desk's: the orders page lists the orders.
    await other.getByRole('link', { name: 'Orders', exact: true }).click();
    await expect(other.getByRole('heading', { level: 1, name: 'Orders' })).toBeVisible();
  } finally {
    await fresh.close();
  }
});

const events = () => cloudEventsOf(sampleHistory('e2e')) as unknown as Record<string, unknown>[];

/** A new event after the seeded history, on `subject` at `streamversion`. */
const after = (
  id: string,
  type: string,
  subject: string,
  streamversion: number,
  data: Record<string, unknown>,
) => ({ ...events()[0], id, type, subject, streamversion, data });
const lines = [{ product_id: 'mug', name: 'Mug', quantity: 2, unit_price: 500 }];

const rejections: {
  name: string;
  file: () => unknown;
  message: string | RegExp;
}[] = [
  {
    name: 'bytes that are not UTF-8',
    file: () => {
      const text = JSON.stringify(events());
      const bytes = Buffer.from(text);
      bytes[Buffer.byteLength(text.slice(0, text.indexOf('Grace')))] = 0xff;
      return bytes;
    },
    message:
      /^The file is not UTF-8 text: the byte at offset [\d,]+ \(in event 4\) is not part of a UTF-8 character/,
  },
  {
    name: 'a payment for an order that does not exist',
    file: () => [
      after('x-1', 'PaymentProcessed', 'order-e2e-o9', 1, {
        order_id: 'e2e-o9',
        payment_id: 'p-9',
        amount: 1000,
        method: 'card',
      }),
    ],
    message: 'Event 1 (x-1): it breaks a rule: There is no order e2e-o9',
  },
  {
    name: 'shipping before payment',
    file: () => [
      after('x-1', 'OrderPlaced', 'order-e2e-o2', 1, {
        order_id: 'e2e-o2',
        customer_id: 'e2e-c2',
        currency: 'EUR',
        items: lines,
        total: 1000,
      }),
      after('x-2', 'OrderShipped', 'order-e2e-o2', 2, {
        order_id: 'e2e-o2',
        carrier: 'DHL',
        tracking_number: 'T1',
      }),
    ],
    message:
      'Event 2 (x-2): it breaks a rule: Order e2e-o2 is Placed: it can be shipped only when it is Paid',
  },
  {
    name: 'an order for a customer not in the log',
    file: () => [
      after('x-1', 'OrderPlaced', 'order-e2e-o2', 1, {
        order_id: 'e2e-o2',
        customer_id: 'e2e-c9',
        currency: 'EUR',
        items: lines,
        total: 1000,
      }),
    ],
    message: 'Event 1 (x-1): it breaks a rule: There is no customer e2e-c9',
  },
  {
    name: 'a second payment of an order the log holds',
    file: () => [
      after('x-1', 'PaymentProcessed', 'order-e2e-o1', 5, {
        order_id: 'e2e-o1',
        payment_id: 'p-2',
        amount: 3895,
        method: 'cash',
      }),
    ],
    message:
      'Event 1 (x-1): it breaks a rule: Order e2e-o1 is Delivered: it can be paid only when it is Placed',
  },
  {
    name: 'a 1 MB customer name',
    file: () => [
      after('x-1', 'CustomerDetailsChanged', 'customer-e2e-c1', 2, {
        customer_id: 'e2e-c1',
        name: 'n'.repeat(2 ** 20),
      }),
    ],
    message: 'Event 1 (x-1): "name" must be at most 100 characters long (it has 1048576)',
  },
  {
    name: 'a malformed email',
    file: () => [
      after('x-1', 'CustomerRegistered', 'customer-e2e-c3', 1, {
        customer_id: 'e2e-c3',
        name: 'Mallory',
        email: 'mallory@@example',
      }),
    ],
    message: 'Event 1 (x-1): "email" is not an email address such as name@example.com',
  },
  {
    name: 'malformed JSON',
    file: () => JSON.stringify(events()).slice(0, -10),
    message: /The file is not valid JSON: .+/,
  },
  {
    name: 'a missing attribute',
    file: () =>
      events().map((event, i) => {
        if (i === 0) delete event.type;
        return event;
      }),
    message: 'Event 1 (e2e-e1): the required attribute "type" is missing',
  },
  {
    name: 'an unknown type',
    file: () =>
      events().map((event, i) => (i === 1 ? { ...event, type: 'OrderTeleported' } : event)),
    message: 'Event 2 (e2e-e2): "type" "OrderTeleported" is not an event type of the catalog',
  },
  {
    name: 'a wrong payload type',
    file: () =>
      events().map((event, i) =>
        i === 2 ? { ...event, data: { ...(event.data as object), amount: 'lots' } } : event,
      ),
    message: 'Event 3 (e2e-e3): "amount" must be a whole number of minor units (cents), 0 or more',
  },
  {
    name: 'a __proto__ key',
    file: () =>
      JSON.stringify(events()).replace(
        '"data":{"customer_id":"e2e-c1"',
        '"data":{"__proto__":{"polluted":true},"customer_id":"e2e-c1"',
      ),
    message:
      'Event 1 (e2e-e1): it has a key named "__proto__" in data: keys named __proto__, constructor or prototype are refused',
  },
  {
    name: 'a duplicate id with other content',
    file: () =>
      events().map((event, i) =>
        i === 3 ? { ...event, data: { ...(event.data as object), name: 'Someone Else' } } : event,
      ),
    message:
      'Event 4 (e2e-e4): this id is already stored with other content (a different type, stream, version or data)',
  },
  {
    name: 'a stream-version gap',
    file: () => [
      {
        ...events()[6],
        id: 'e2e-e8',
        // A return the order may take, but at version 6 where 5 is next.
        type: 'PaymentRefunded',
        data: { order_id: 'e2e-o1', payment_id: 'e2e-p1', amount: 3895, reason: 'Broken' },
        streamversion: 6,
      },
    ],
    message:
      'Event 1 (e2e-e8): it is version 6 of order-e2e-o1, which is at version 4 here: stream versions must continue without gaps or overlaps',
  },
];

for (const rejection of rejections)
  test(`refuses ${rejection.name}, saying why, and leaves the log as it was`, async ({ page }) => {
    const panel = await seed(page);
    await chooseFile(panel, rejection.file(), 'bad.json');
    const alert = panel.getByRole('alert');
    await expect(alert).toContainText('Nothing was written.');
    await expect(alert.getByRole('listitem')).toHaveText([rejection.message]);
    await expect(panel.getByRole('button', { name: /^Import \d/ })).toHaveCount(0);
    expect(await page.evaluate(() => 'polluted' in Object.prototype)).toBe(false);

    // The stored log, read afresh, still holds the 7 events it had.
    await page.reload();
    const reloaded = page.getByRole('region', { name: 'Event log file' });
    await expect(reloaded.getByLabel('Import event log')).toBeEnabled();
    await expect(countOf(reloaded)).toHaveAttribute('data-count', '7');
    await page.getByRole('link', { name: 'Events', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Events' })).toBeVisible();
  });

test('refuses a file that is too large before reading it', async ({ page }, testInfo) => {
  const panel = await openPanel(page);
  // Just over the limit (500 MB, decimal), and sparse: the page refuses it by its size without
  // reading it.
  const path = testInfo.outputPath('huge.json');
  await writeFile(path, '');
  await truncate(path, 501e6);
  await panel.getByLabel('Import event log').setInputFiles(path);
  await expect(panel.getByRole('alert')).toContainText(
    'The file is 501 MB: files over 500 MB cannot be imported',
  );
});

test('import is for the present only; export can stop at the timeline moment', async ({
  page,
}, testInfo) => {
  await seed(page);
  await page.goto('/data?at=3');
  const panel = page.getByRole('region', { name: 'Event log file' });
  await expect(panel.getByLabel('Import event log')).toBeDisabled();
  await expect(panel).toContainText('Imports are made in the present');
  await panel.getByLabel("Only up to the timeline's moment").check();
  const { text } = await exportLog(page, panel, testInfo.outputPath('moment.json'));
  const ids = (JSON.parse(text) as { id: string }[]).map((event) => event.id);
  expect(ids).toEqual(['e2e-e1', 'e2e-e2', 'e2e-e3']);
});
