import { render, waitFor } from '@testing-library/react';
import { Profiler } from 'react';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import { DeskProvider } from '../../ui/desk-context';
import { MomentLinksProvider } from '../timeline/MomentLink';
import type { OrderView, RowSource, SortDirection } from '../../projections';
import { createTestDesk } from '../../test/renderApp';
import { OrdersTable } from './OrdersTable';
import { loadDemo } from '../../demo/loadDemo';

/** A screenful where layout reports no height (useRowWindow's fallback of 600 px), rounded up. */
const IN_VIEW = Math.ceil(600 / 44);
const OVERSCAN = 12;

async function longDesk() {
  const desk = await createTestDesk();
  await loadDemo(desk, 600);
  // Long batches fold in slices, after the append resolves.
  await waitFor(() => {
    expect(desk.getStatus().present.position).toBe(desk.store.head);
  });
  return desk;
}

describe('the orders table', () => {
  it('shows new rows in view first, and the rows around them a render later', async () => {
    const desk = await longDesk();
    const orders = desk.getStatus().present.orders;
    expect(orders.count).toBeGreaterThan(IN_VIEW + OVERSCAN);
    const byPlacing = (direction: SortDirection) =>
      orders.rows({ status: 'All', search: '', key: 'placedAt', direction });
    const orderId = (order: number) => orders.atNumber(order).orderId;
    // The rows and first order id on screen at each commit of the table.
    const commits: { rows: number; first: string | null | undefined }[] = [];
    const table = (rows: RowSource<OrderView>) => (
      <DeskProvider desk={desk}>
        <MemoryRouter>
          <MomentLinksProvider>
            <Profiler
              id="orders-table"
              onRender={() => {
                const rendered = document.querySelectorAll('tr.order-row');
                commits.push({
                  rows: rendered.length,
                  first: rendered[0]?.querySelector('.order-id')?.textContent,
                });
              }}
            >
              <OrdersTable
                rows={rows}
                resetKey="all"
                sort={{ key: 'placedAt', direction: 'descending' }}
                onSort={() => undefined}
              />
            </Profiler>
          </MomentLinksProvider>
        </MemoryRouter>
      </DeskProvider>
    );

    const { rerender } = render(table(byPlacing('descending')));
    await waitFor(() => {
      expect(commits.at(-1)?.rows).toBe(IN_VIEW + OVERSCAN);
    });
    // The first render has none: they all come in the deferred render.
    expect(commits[0]).toEqual({ rows: 0, first: undefined });
    expect(commits.at(-1)?.first).toBe(orderId(orders.count - 1));

    // Other rows, as at another moment on the timeline.
    commits.length = 0;
    rerender(table(byPlacing('ascending')));
    await waitFor(() => {
      expect(commits.at(-1)?.rows).toBe(IN_VIEW + OVERSCAN);
    });
    expect(commits[0]).toEqual({ rows: IN_VIEW, first: orderId(0) });
  });
});
