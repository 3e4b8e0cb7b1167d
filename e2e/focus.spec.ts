import { expect, test, type Page } from '@playwright/test';
import { loadDemo, widths } from './support';

/** Tab stops visited on each page, each way: well past the first screen of a list. */
const STOPS = 45;

/**
 * Where the focused element is not fully visible: outside the viewport, or under something drawn
 * over it (the timeline pinned at the bottom, the past strip pinned at the top). Null when it is
 * fully visible, or when focus is on nothing to look at.
 */
const hiddenFocus = () => {
  const element = document.activeElement;
  if (!(element instanceof HTMLElement) || element === document.body) return null;
  const box = element.getBoundingClientRect();
  if (box.width === 0 || box.height === 0) return null;
  const describe = () =>
    `${element.tagName.toLowerCase()} "${(element.getAttribute('aria-label') ?? element.textContent).trim().slice(0, 40)}" at ${Math.round(box.top)}–${Math.round(box.bottom)} of ${window.innerHeight}`;
  if (box.top < 0 || box.bottom > window.innerHeight) return `${describe()}: out of view`;
  const x = Math.min(Math.max(box.left + box.width / 2, 1), window.innerWidth - 1);
  for (const y of [box.top + 2, box.top + box.height / 2, box.bottom - 2]) {
    const top = document.elementFromPoint(x, y);
    if (top !== null && top !== element && !element.contains(top) && !top.contains(element))
      return `${describe()}: under ${top.tagName.toLowerCase()}.${top.className}`;
  }
  return null;
};

async function tabThrough(page: Page, key: 'Tab' | 'Shift+Tab', where: string) {
  const hidden: string[] = [];
  for (let stop = 0; stop < STOPS; stop++) {
    await page.keyboard.press(key);
    const found = await page.evaluate(hiddenFocus);
    if (found !== null) hidden.push(found);
  }
  expect(hidden, `focus hidden on ${where} (${key})`).toEqual([]);
}

for (const { name, viewport } of widths)
  test.describe(`on a ${name}`, () => {
    test.use({ viewport });

    test('focus is never hidden behind the pinned timeline or past strip', async ({ page }) => {
      test.setTimeout(240_000);
      await loadDemo(page, '1,000');
      for (const path of ['/customers', '/orders', '/customers?at=500', '/orders?at=500']) {
        await page.goto(path);
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
        await expect(page.getByRole('table').first()).toBeVisible();
        await tabThrough(page, 'Tab', path);
        // Back up: in the past the strip at the top is what could hide it.
        await tabThrough(page, 'Shift+Tab', path);
      }
    });
  });
