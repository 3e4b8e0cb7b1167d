import { render } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { Desk } from '../application/desk';
import { DeskProvider } from '../app/desk-context';
import { routes } from '../app/routes';
import { EventStore } from '../store/eventStore';

let deskCount = 0;

/** A started desk over a fresh database (fake-indexeddb), with a fixed clock and counted ids. */
export async function createTestDesk(now = '2026-03-01T12:00:00.000Z'): Promise<Desk> {
  let ids = 0;
  const desk = new Desk(
    new EventStore({ name: `test-desk-${++deskCount}-${Math.random()}` }),
    'urn:uuid:test-desk',
    () => new Date(now),
    () => `cmd-${++ids}`,
  );
  await desk.start();
  return desk;
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
