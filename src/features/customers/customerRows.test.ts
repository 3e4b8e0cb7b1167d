import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateDemoHistory, toStoredEvents } from '../../demo/generator';
import { deskProjection, type CustomerView } from '../../projections';
import { sortCustomers } from './customerRows';
import type { CustomerSortKey, SortDirection } from './customersUi';

const events = toStoredEvents(
  generateDemoHistory({
    seed: 3,
    events: 1500,
    end: new Date('2026-06-01T00:00:00.000Z'),
    source: 'urn:uuid:customer-rows-test',
  }),
);

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
const byId = (a: CustomerView, b: CustomerView) =>
  a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0;
const byName = (a: CustomerView, b: CustomerView) => collator.compare(a.name, b.name) || byId(a, b);

/** The reference: a plain sort of every customer, ties by name then id. */
function expected(customers: Iterable<CustomerView>, key: 'name' | 'orders', up: boolean) {
  const sign = up ? 1 : -1;
  return [...customers]
    .sort((a, b) =>
      key === 'name' ? sign * byName(a, b) : sign * (a.orderCount - b.orderCount) || byName(a, b),
    )
    .map((customer) => customer.customerId);
}

// The states the timeline goes through: each folded on the one before, so they share their
// unchanged customers, as checkpoints and seeks do.
const states = [deskProjection.initialState];
for (let start = 0; start < events.length; start += 25) {
  const last = states.at(-1) ?? deskProjection.initialState;
  states.push(deskProjection.foldEvents(last, events.slice(start, start + 25)));
}

describe('sorting customers along the timeline', () => {
  it('gives a full sort at every moment, whichever way the timeline moves', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: states.length - 1 }), { minLength: 1, maxLength: 30 }),
        fc.constantFrom<CustomerSortKey & ('name' | 'orders')>('name', 'orders'),
        fc.constantFrom<SortDirection>('ascending', 'descending'),
        (moments, key, direction) => {
          for (const moment of moments) {
            const customers = (states[moment] ?? deskProjection.initialState).customers.customers;
            const rows = sortCustomers(customers, key, direction);
            expect(rows.map((row) => row.customer.customerId)).toEqual(
              expected(customers.values(), key, direction === 'ascending'),
            );
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});
