import { describe, expect, it } from 'vitest';
import { useDemoStore } from '../features/dashboard/demoStore';
import { useEventsUi } from '../features/events/eventsUi';
import { useTimelineUi } from '../features/timeline/timelineUi';

// The two tests run in order: the second sees what the setup left of the first.
describe('the test setup, after each test', () => {
  it('lets a test change the UI stores', () => {
    useEventsUi.getState().select(5);
    useTimelineUi.getState().setSpeed(1000);
    useDemoStore.getState().setSize(1000);
  });

  it('puts every UI store back as it began', () => {
    expect(useEventsUi.getState().selected).toBeNull();
    expect(useTimelineUi.getState().speed).toBe(10);
    expect(useDemoStore.getState().size).toBe(10_000);
  });
});
