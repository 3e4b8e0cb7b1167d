import { within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { sampleHistory } from '../../application/eventLogFile/testing';
import { captureDownloads } from '../../test/downloads';
import { renderEventLogFile } from './testing';

describe('the event log export', () => {
  it('downloads the log as a CloudEvents batch named after the local date and time', async () => {
    const user = userEvent.setup();
    const downloads = captureDownloads();
    const { desk, panel } = await renderEventLogFile();
    await desk.store.appendPlaced(sampleHistory());
    expect(
      within(panel).queryByLabelText("Only up to the timeline's moment"),
    ).not.toBeInTheDocument();
    await user.click(within(panel).getByRole('button', { name: 'Export event log' }));
    await within(panel).findByText(/^Exported 7 events \(/);
    expect(downloads).toHaveLength(1);
    const [download] = downloads;
    expect(download?.filename).toMatch(/^event-log-\d{4}-\d{2}-\d{2}-\d{6}\.json$/);
    expect(download?.blob.type).toBe('application/cloudevents-batch+json');
    const parsed = JSON.parse((await download?.blob.text()) ?? '') as { id: string }[];
    expect(parsed.map((event) => event.id)).toEqual(sampleHistory().map((event) => event.id));
  });

  it('exports only up to the timeline moment when asked', async () => {
    const user = userEvent.setup();
    const downloads = captureDownloads();
    const { desk, panel } = await renderEventLogFile({ past: 3 });
    await desk.store.appendPlaced(sampleHistory());
    await user.click(within(panel).getByLabelText("Only up to the timeline's moment"));
    await user.click(within(panel).getByRole('button', { name: 'Export event log' }));
    await within(panel).findByText(/^Exported 3 events/);
    const parsed = JSON.parse((await downloads[0]?.blob.text()) ?? '') as { id: string }[];
    expect(parsed.map((event) => event.id)).toEqual(['s-e1', 's-e2', 's-e3']);
  });
});
