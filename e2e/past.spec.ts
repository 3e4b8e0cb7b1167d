import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, loadDemo, placeOrder, registerCustomer, widths } from './support';

const slider = (page: Page) => page.getByRole('slider', { name: 'Timeline' });
const strip = (page: Page) => page.getByRole('region', { name: 'Moment shown' });
const pastStatus = (page: Page) => page.getByRole('status').filter({ hasText: 'Viewing the past' });

/** Events 1–4: a customer, an order placed (2) and paid (3), a second order (4). */
async function givenTwoOrders(page: Page): Promise<string> {
  await registerCustomer(page, 'Ada Lovelace', 'ada@example.com');
  const orderId = await placeOrder(page, 'Ada Lovelace');
  await page.getByRole('button', { name: 'Record payment' }).click();
  await expect(page.getByTestId('order-status')).toHaveText('Paid');
  await placeOrder(page, 'Ada Lovelace');
  await expect(slider(page)).toHaveValue('4');
  return orderId;
}

declare global {
  interface Window {
    /** What live regions said while recording (see recordAnnouncements). */
    said: string[];
    /** How often the position label changed meanwhile. */
    labelChanges: number;
  }
}

/**
 * Records every change of a live region's text (aria-live other than off, role status or alert,
 * or an <output> that is not turned off) and every change of the position label.
 */
const recordAnnouncements = () => {
  window.said = [];
  window.labelChanges = 0;
  const liveRegionOf = (node: Node | null): Element | null => {
    for (let at = node instanceof Element ? node : (node?.parentElement ?? null); at;) {
      const live = at.getAttribute('aria-live');
      if (live === 'off') return null;
      if (live !== null || ['status', 'alert'].includes(at.getAttribute('role') ?? '')) return at;
      if (at.tagName === 'OUTPUT') return at;
      at = at.parentElement;
    }
    return null;
  };
  new MutationObserver((mutations) => {
    const regions = new Set<Element>();
    for (const mutation of mutations) {
      if (mutation.target.parentElement?.closest('[data-testid="timeline-position"]'))
        window.labelChanges++;
      const region = liveRegionOf(mutation.target);
      if (region) regions.add(region);
    }
    for (const region of regions) window.said.push(region.textContent);
  }).observe(document.body, { subtree: true, childList: true, characterData: true });
};

for (const { name, viewport } of widths)
  test.describe(`on a ${name}`, () => {
    test.use({ viewport });

    test('a shared ?at= link shows the past in a strip pinned at the top', async ({ page }) => {
      test.slow();
      const orderId = await givenTwoOrders(page);
      await page.goto('/orders?at=2');
      await expect(strip(page)).toBeInViewport();
      await expect(strip(page)).toContainText('Viewing the past');
      await expect(strip(page)).toContainText('after event #2 of 4');
      await expect(pastStatus(page)).toHaveCount(1);
      expect((await strip(page).boundingBox())?.y).toBe(0);
      const back = page.getByRole('button', { name: 'Back to present' });
      await expect(back).toBeInViewport();
      // Placing an order is off in the past, and looks it.
      await expect(page.getByRole('button', { name: 'New order' })).toBeDisabled();
      await expectAccessible(page, `/orders?at=2, ${name}`);

      // Still there at the end of the page, where the timeline is on a phone.
      await page.evaluate(() => {
        window.scrollTo(0, document.documentElement.scrollHeight);
      });
      await expect(strip(page)).toBeInViewport();
      expect((await strip(page).boundingBox())?.y).toBe(0);

      await page.goto(`/customers?at=1`);
      await expect(page.getByLabel('Name', { exact: true })).toBeDisabled();
      await expect(page.getByRole('button', { name: 'Register customer' })).toBeDisabled();
      await expectAccessible(page, `/customers?at=1, ${name}`);

      await page.goto(`/orders/${orderId}?at=2`);
      await back.click();
      await expect(page).not.toHaveURL(/at=/);
      await expect(strip(page)).toHaveCount(0);
      await expect(page.getByTestId('order-status')).toHaveText('Paid');
      // The button went with the strip: focus is on the page, not on its body.
      await expect(page.locator('#main')).toBeFocused();
    });

    test('the bar names the event at the cursor and links to it then', async ({ page }) => {
      test.slow();
      const orderId = await givenTwoOrders(page);
      await page.goto('/customers?at=3');
      const event = page.getByTestId('timeline-event');
      await expect(event).toHaveText(`#3 · Order ${orderId} paid: €39.00 by card`);
      await event.getByRole('link').click();
      await expect(page).toHaveURL(`/orders/${orderId}?at=3`);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Order #1001 · ${orderId}`);
      await expect(page.getByTestId('order-status')).toHaveText('Paid');

      await page.getByRole('button', { name: 'Step back' }).click();
      await expect(event).toContainText(`#2 · Order ${orderId} placed by Ada Lovelace`);
      await page.getByRole('button', { name: 'Step back' }).click();
      await expect(event).toHaveText('#1 · Customer Ada Lovelace registered (ada@example.com)');
      await expect(event.getByRole('link')).toHaveAttribute(
        'href',
        /^\/customers\/c-[0-9a-f]{8}\?at=1$/,
      );
    });
  });

test('the head is the present: dragging to the end, and jumps after the last event', async ({
  page,
}) => {
  test.slow();
  await givenTwoOrders(page);
  await page.goto('/orders?at=1');
  await expect(pastStatus(page)).toBeVisible();

  // Drag the thumb past the right end of the slider.
  const box = await slider(page).boundingBox();
  if (box === null) throw new Error('The slider is not on screen.');
  await page.mouse.move(box.x + 4, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width + 40, box.y + box.height / 2, { steps: 8 });
  await page.mouse.up();
  await expect(page).not.toHaveURL(/at=/);
  await expect(pastStatus(page)).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'New order' })).toBeEnabled();

  // A URL naming the newest event is the present too.
  await page.goto('/orders?at=4');
  await expect(page).not.toHaveURL(/at=/);
  await expect(pastStatus(page)).toHaveCount(0);

  const jump = async (time: string) => {
    await page.getByLabel('Jump to time').fill(time);
    await page.getByRole('button', { name: 'Go' }).click();
  };
  await page.goto('/orders?at=2');
  await jump('2099-01-01T00:00');
  await expect(page).not.toHaveURL(/at=/);
  const time = page.getByLabel('Jump to time');
  await expect(time).toHaveAccessibleDescription(/is after the last event: this is the present\.$/);

  await jump('2000-01-01T00:00');
  await expect(page).toHaveURL(/\?at=0$/);
  await expect(time).toHaveAccessibleDescription(
    /is before the first event \(.+\): the desk was empty then\.$/,
  );
  await expect(page.getByText('No orders yet')).toBeVisible();
});

test('playback is not announced at every tick: only when it stops, and single steps', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await loadDemo(page, '1,000');
  await page.goto('/orders?at=900');
  await expect(pastStatus(page)).toBeVisible();
  await page.getByLabel('Speed').selectOption({ label: '100 events/s' });
  await page.evaluate(recordAnnouncements);

  await page.getByRole('button', { name: 'Play' }).click();
  // 100 events at 100 a second: about 10 ticks, then the present.
  await expect(page).not.toHaveURL(/at=/, { timeout: 30_000 });
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
  const played = await page.evaluate(() => ({ said: window.said, labels: window.labelChanges }));
  expect(played.labels, 'the label followed the ticks').toBeGreaterThan(3);
  // Where it stopped, and the list's count there: nothing of the ticks in between.
  const count = await page.getByTestId('orders-count').textContent();
  expect(new Set(played.said)).toEqual(
    new Set([
      expect.stringMatching(/^Playback reached the present: Event #1,000 of 1,000: .+\.$/),
      count,
    ]),
  );

  // A pause says where it stopped; a single step says where it went.
  await page.goto('/orders?at=100');
  await expect(pastStatus(page)).toBeVisible();
  await page.getByLabel('Speed').selectOption({ label: '10 events/s' });
  await page.evaluate(recordAnnouncements);
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(page).not.toHaveURL(/at=100$/);
  await page.getByRole('button', { name: 'Pause' }).click();
  const paused = await page.evaluate(() => window.said);
  expect(paused.filter((text) => text.startsWith('Paused'))).toEqual([
    expect.stringMatching(/^Paused\. Event #1\d\d of 1,000: .+\.$/),
  ]);
  expect(paused.length).toBeLessThanOrEqual(2);

  await page.getByRole('button', { name: 'Step back' }).click();
  await expect
    .poll(() => page.evaluate(() => window.said.filter((text) => text.startsWith('Event #'))))
    .toEqual([expect.stringMatching(/^Event #1\d\d of 1,000: .+\.$/)]);
});

test('a moment this browser does not hold says so plainly, also on an empty desk', async ({
  page,
}) => {
  test.slow();
  // A shared link to moment #5, opened where the log is empty.
  await page.goto('/orders?at=5');
  const absent = page
    .getByRole('status')
    .filter({ hasText: 'This browser’s log holds no events yet; moment #5 is not here.' });
  await expect(absent).toBeVisible();
  await expect(absent).toContainText('recorded on another device or in another browser');
  await expect(strip(page)).toContainText('moment #5 is not in this browser’s log');
  // Nothing of the present is shown under moment #5's number.
  await expect(page.getByRole('heading', { level: 1, name: 'Orders' })).toHaveCount(0);
  await expectAccessible(page, 'an absent moment');
  await page.getByRole('button', { name: 'Back to present' }).click();
  await expect(page).not.toHaveURL(/at=/);
  await expect(page.getByRole('heading', { level: 1, name: 'Orders' })).toBeVisible();

  await registerCustomer(page, 'Ada Lovelace', 'ada@example.com');
  await page.goto('/customers?at=99');
  await expect(
    page
      .getByRole('status')
      .filter({ hasText: 'This browser’s log holds 1 event; moment #99 is not here.' }),
  ).toBeVisible();
  await expect(page.getByRole('table')).toHaveCount(0);
  await expect(page.getByTestId('timeline-position')).toContainText('#99');
  // The bar names no event in its place, the newest one least of all.
  await expect(page.getByTestId('timeline-event')).toHaveCount(0);
});
