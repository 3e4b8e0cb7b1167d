import { render, screen } from '@testing-library/react';
import { afterEach, vi } from 'vitest';
import { DeskProvider, PastMomentContext } from '../../ui/desk-context';
import type { Desk } from '../../application/desk';
import { DeskModel, DeskView } from '../../projections';
import { createTestDesk } from '../../test/renderApp';
import { EventLogFile } from './EventLogFile';

/** The desks of this file's tests, closed after each (the hook is registered where this is imported). */
const desks: Desk[] = [];
afterEach(() => {
  for (const desk of desks.splice(0)) desk.store.close();
  vi.restoreAllMocks();
});

/** The event log file panel over a fresh desk; in the past (the timeline at `past`) if given. */
export async function renderEventLogFile(options: { past?: number } = {}) {
  const desk = await createTestDesk();
  desks.push(desk);
  // The panel reads only the moment's position, not its views: an empty desk stands in for them.
  const moment =
    options.past === undefined
      ? null
      : { position: options.past, view: new DeskView(new DeskModel(), 0) };
  const view = render(
    <DeskProvider desk={desk}>
      <PastMomentContext.Provider value={moment}>
        <EventLogFile />
      </PastMomentContext.Provider>
    </DeskProvider>,
  );
  return { ...view, desk, panel: screen.getByRole('region', { name: 'Event log file' }) };
}
