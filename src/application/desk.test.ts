import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { DomainEvent } from '../domain/events';
import { storeAll } from '../projections/testing';
import { EventStore } from '../store/eventStore';
import { asPlaced } from '../store/testing';
import type { PlacedEvent } from '../store/types';
import { createTestDesk, renderApp } from '../test/renderApp';
import { Desk } from './desk';
import { loadDemo } from '../demo/loadDemo';

let databases = 0;

/** `count` events of orders that were never placed: the views leave them out, and fold them fast. */
function strays(count: number, from: number): PlacedEvent[] {
  const events: DomainEvent[] = Array.from({ length: count }, (_, i) => ({
    type: 'OrderDelivered',
    data: { order_id: `stray-${from + i}` },
  }));
  return asPlaced(storeAll(events, { firstPosition: from }));
}

describe('a desk folding what the log hands it', () => {
  it('given batches too long to fold at once arriving one after another, folds them all', async () => {
    const desk = new Desk(new EventStore({ name: `desk-${++databases}` }), 'urn:uuid:test');
    await desk.start();
    // Each batch is long enough to be folded in slices, and quick enough to need no second one.
    for (let batch = 0; batch < 4; batch++)
      await desk.store.appendPlaced(strays(3000, batch * 3000 + 1));
    await vi.waitFor(() => {
      expect(desk.getStatus().present.position).toBe(12_000);
    });
    desk.store.close();
  });
});

describe('a desk after a long batch folded in slices', () => {
  it('knows how many events the log holds after loading 3,000 demo events', async () => {
    const desk = await createTestDesk();
    await loadDemo(desk, 3000);
    await waitFor(() => {
      expect(desk.getStatus().present.position).toBe(3000);
    });
    expect(desk.getStatus().logHead).toBe(3000);

    // What a user sees: a moment beyond the log names the wrong size of the log.
    await renderApp('/orders?at=3500', desk);
    expect(
      await screen.findByText(/This browser’s log holds 3,000 events; moment #3,500 is not here\./),
    ).toBeInTheDocument();
    expect(screen.getByTestId('timeline-position')).toHaveTextContent(
      '#3,500 is not in this browser’s log (3,000 events)',
    );
  }, 30_000);
});
