import { waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { cloudEventsOf, fileText, sampleHistory } from '../../application/eventLogFile/testing';
import { renderEventLogFile } from './testing';

const jsonFile = (text: string, name = 'log.json') =>
  new File([text], name, { type: 'application/json' });

describe('the event log import', () => {
  it('shows a dry-run summary, then imports on confirmation', async () => {
    const user = userEvent.setup();
    const { desk, panel } = await renderEventLogFile();
    await desk.store.appendPlaced(sampleHistory().slice(0, 2));
    await user.upload(
      within(panel).getByLabelText('Import event log'),
      jsonFile(fileText(cloudEventsOf(sampleHistory()))),
    );
    const status = within(panel).getByRole('status');
    await waitFor(() => {
      expect(status).toHaveTextContent(
        'log.json: 7 events in the file — 5 new events, 2 already present.',
      );
    });
    const table = within(status).getByRole('table');
    expect(within(table).getByRole('row', { name: 'CustomerRegistered 2 1' })).toBeInTheDocument();
    expect(within(table).getByRole('row', { name: 'OrderPlaced 1 0' })).toBeInTheDocument();
    expect(status).toHaveTextContent('Nothing has been written yet');
    expect(desk.store.head).toBe(2);
    expect(within(panel).getByRole('alert')).toBeEmptyDOMElement();

    await user.click(within(panel).getByRole('button', { name: 'Import 5 events' }));
    await waitFor(() => {
      expect(status).toHaveTextContent(
        'Imported 5 events from log.json; 2 events already present were skipped. The log now holds 7 events.',
      );
    });
    expect(desk.store.head).toBe(7);
    expect(within(panel).getByTestId('log-event-count')).toHaveTextContent('7 events');
    expect(desk.getStatus().present.orders.get('s-o1')).toBeDefined();
  });

  it('shows why an invalid file is refused, in an alert, and writes nothing', async () => {
    const user = userEvent.setup();
    const { desk, panel } = await renderEventLogFile();
    await user.upload(within(panel).getByLabelText('Import event log'), jsonFile('[{"id": 1,'));
    const alert = await within(panel).findByText(/cannot be imported/);
    expect(alert.closest('[role="alert"]')).toHaveTextContent(
      /log\.json cannot be imported\. Nothing was written\.The file is not valid JSON: /,
    );
    expect(within(panel).queryByRole('button', { name: /^Import/ })).not.toBeInTheDocument();
    expect(desk.store.head).toBe(0);
  });

  it('lists the events that conflict with the log, naming each', async () => {
    const user = userEvent.setup();
    const { desk, panel } = await renderEventLogFile();
    await desk.store.appendPlaced(sampleHistory().slice(0, 2));
    const events = cloudEventsOf(sampleHistory());
    const order = events[1];
    if (order) order.data = { ...(order.data as object), currency: 'USD' };
    events.splice(2, 1);
    await user.upload(within(panel).getByLabelText('Import event log'), jsonFile(fileText(events)));
    const alert = within(panel).getByRole('alert');
    await waitFor(() => {
      expect(alert).toHaveTextContent('log.json conflicts with the log. Nothing was written.');
    });
    expect(
      within(alert)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual([
      'Event 2 (s-e2): this id is already stored with other content (a different type, stream, version or data)',
      'Event 4 (s-e5): it is version 3 of order-s-o1, which is at version 1 here: stream versions must continue without gaps or overlaps',
      'Event 4 (s-e5): it breaks a rule: Order s-o1 is Placed: it can be shipped only when it is Paid',
    ]);
    expect(within(panel).queryByRole('button', { name: /^Import/ })).not.toBeInTheDocument();
    expect(desk.store.head).toBe(2);
  });

  it('says when every event is already there', async () => {
    const user = userEvent.setup();
    const { desk, panel } = await renderEventLogFile();
    await desk.store.appendPlaced(sampleHistory());
    await user.upload(
      within(panel).getByLabelText('Import event log'),
      jsonFile(fileText(cloudEventsOf(sampleHistory()))),
    );
    await within(panel).findByText(/Nothing to import/);
    await user.click(within(panel).getByRole('button', { name: 'Done' }));
    expect(within(panel).getByRole('status')).toBeEmptyDOMElement();
  });

  it('is disabled in the past, with the reason', async () => {
    const { panel } = await renderEventLogFile({ past: 3 });
    const input = within(panel).getByLabelText('Import event log');
    expect(input).toBeDisabled();
    expect(input).toHaveAccessibleDescription(
      'Imports are made in the present: go back to the present to import a file.',
    );
  });
});
