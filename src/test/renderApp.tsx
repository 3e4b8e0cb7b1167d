import { render } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { Desk } from '../application/desk';
import { DeskProvider } from '../ui/desk-context';
import { routes } from '../app/routes';
import { EventStore } from '../store/eventStore';

let deskCount = 0;
const databases = new WeakMap<Desk, string>();

async function startTestDesk(database: string, now: string, idPrefix: string): Promise<Desk> {
  let ids = 0;
  const desk = new Desk(
    new EventStore({ name: database }),
    'urn:uuid:test-desk',
    () => new Date(now),
    () => `${idPrefix}-${++ids}`,
  );
  databases.set(desk, database);
  await desk.start();
  return desk;
}

/** A started desk over a fresh database (fake-indexeddb), with a fixed clock and counted ids. */
export function createTestDesk(now = '2026-03-01T12:00:00.000Z'): Promise<Desk> {
  return startTestDesk(`test-desk-${++deskCount}-${Math.random()}`, now, 'cmd');
}

/**
 * What a reload of the page does to `desk`: closes its store and starts a new desk over the same
 * database (with command ids of its own). Unmount the app first; sessionStorage stays.
 */
export function reloadTestDesk(desk: Desk, now = '2026-03-01T12:00:00.000Z'): Promise<Desk> {
  const database = databases.get(desk);
  if (database === undefined) throw new Error('Not a desk of createTestDesk.');
  desk.store.close();
  return startTestDesk(database, now, 'cmd-after-reload');
}

/** Renders the whole app at a path over the given desk (a fresh one by default). */
export async function renderApp(path: string, desk?: Desk) {
  const used = desk ?? (await createTestDesk());
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const view = render(
    <DeskProvider desk={used}>
      <RouterProvider router={router} />
    </DeskProvider>,
  );
  return { ...view, router, desk: used };
}
