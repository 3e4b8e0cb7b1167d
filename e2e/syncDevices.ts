/**
 * Devices of one desk for the sync end-to-end tests: each a browser context of its own, joined
 * from the Sync page (the owner invites the member).
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { nav } from './support';
import { expect, test, type SyncServer } from './syncServer';

// Each request of a sync waits on a busy machine, and a device that was offline retries after
// a backoff of up to 30 s.
export const SYNCED = { timeout: 60_000 };

export interface Device {
  readonly context: BrowserContext;
  readonly page: Page;
}

export async function newDevice(browser: Browser): Promise<Device> {
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL ?? '' });
  return { context, page: await context.newPage() };
}

export const deskPanel = (page: Page) => page.getByRole('region', { name: 'Corner shop' });

export async function join(page: Page, server: string, code: string) {
  await page.goto('/sync');
  await page.getByLabel('Server address').fill(server);
  await page.getByLabel('Invite code').fill(code);
  await page.getByRole('button', { name: 'Join desk' }).click();
  await expect(deskPanel(page).getByRole('status')).toHaveText('Up to date', SYNCED);
}

/** On the owner's Sync page: invites a member; resolves to the code shown. */
export async function invite(page: Page, person: string): Promise<string> {
  await page.getByLabel('Person').fill(person);
  await page.getByRole('button', { name: 'Create invite' }).click();
  const shown = page.getByRole('region', { name: 'New invite' });
  await expect(shown).toContainText('Invite code');
  const code = /[0-9a-z]{12}(?:-[0-9A-Z]{4}){5}/.exec((await shown.textContent()) ?? '')?.[0];
  if (code === undefined) throw new Error('No invite code on the page.');
  await shown.getByRole('button', { name: 'Done' }).click();
  return code;
}

/** A desk with its owner Ana on device A and Sam, a member, on device B, both joined from the UI. */
export async function twoDevices(browser: Browser, server: SyncServer): Promise<[Device, Device]> {
  const a = await newDevice(browser);
  const b = await newDevice(browser);
  await join(a.page, server.url, await server.newDesk('Corner shop', 'Ana'));
  await expect(deskPanel(a.page)).toContainText('Ana (owner)');
  const code = await invite(a.page, 'Sam');
  await join(b.page, server.url, code);
  await expect(deskPanel(b.page)).toContainText('Sam (member)');
  return [a, b];
}

export const syncLink = (page: Page) => nav(page).getByRole('link', { name: /^Sync/ });

/** Another tab of `device` on its Sync page, which finds the first tab syncing. */
export async function secondTab(device: Device): Promise<Page> {
  const page = await device.context.newPage();
  await page.goto('/sync');
  await expect(deskPanel(page).getByRole('status')).toHaveText('Syncing in another tab');
  return page;
}

/** Leaves the desk from the Sync page shown on `page`, confirming. */
export async function leaveDesk(page: Page): Promise<void> {
  await deskPanel(page).getByRole('button', { name: 'Leave this desk' }).click();
  await page
    .getByRole('dialog', { name: 'Leave Corner shop?' })
    .getByRole('button', { name: 'Leave desk' })
    .click();
}
