import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Map as IMap } from 'immutable';
import { generateDemoHistory, toStoredEvents } from '../../demo/generator';
import { deskProjection, textCollator as collator, type CustomerView } from '../../projections';
import { storeAll } from '../../projections/testing';
import { firstCustomers } from './customerRows';
import type { SortDirection } from './customersUi';

const events = toStoredEvents(
  generateDemoHistory({
    seed: 3,
    events: 1500,
    end: new Date('2026-06-01T00:00:00.000Z'),
    source: 'urn:uuid:customer-rows-test',
  }),
);

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byId = (a: CustomerView, b: CustomerView) => byText(a.customerId, b.customerId);
const byName = (a: CustomerView, b: CustomerView) => collator.compare(a.name, b.name) || byId(a, b);

type TestedKey = 'name' | 'email' | 'orders' | 'lifetimeValue' | 'lastOrder';

const primary: Record<TestedKey, (a: CustomerView, b: CustomerView) => number> = {
  name: byName,
  email: (a, b) => collator.compare(a.email, b.email),
  orders: (a, b) => a.orderCount - b.orderCount,
  // The demo history has one currency.
  lifetimeValue: (a, b) => (a.lifetimeValue.EUR ?? 0) - (b.lifetimeValue.EUR ?? 0),
  lastOrder: (a, b) => byText(a.lastOrderAt ?? '', b.lastOrderAt ?? ''),
};

/**
 * The reference: a plain filter and sort of every customer, ties by name then id, customers who
 * never ordered last by last order.
 */
function expected(customers: Iterable<CustomerView>, key: TestedKey, up: boolean, search: string) {
  const sign = up ? 1 : -1;
  const needle = search.trim().toLowerCase();
  const missing = (customer: CustomerView) =>
    key === 'lastOrder' && customer.lastOrderAt === undefined ? 1 : 0;
  return [...customers]
    .filter(
      (customer) =>
        customer.name.toLowerCase().includes(needle) ||
        customer.email.toLowerCase().includes(needle),
    )
    .sort((a, b) => missing(a) - missing(b) || sign * primary[key](a, b) || byName(a, b))
    .map((customer) => customer.customerId);
}

// The states the timeline goes through: each folded on the one before, so they share their
// unchanged customers, as checkpoints and seeks do.
const states = [deskProjection.initialState];
for (let start = 0; start < events.length; start += 25) {
  const last = states.at(-1) ?? deskProjection.initialState;
  states.push(deskProjection.foldEvents(last, events.slice(start, start + 25)));
}

describe('the first customers along the timeline', () => {
  it('are the first of a full sort at every moment, whichever way the timeline moves', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            moment: fc.integer({ min: 0, max: states.length - 1 }),
            key: fc.constantFrom<TestedKey>(
              'name',
              'email',
              'orders',
              'lifetimeValue',
              'lastOrder',
            ),
            direction: fc.constantFrom<SortDirection>('ascending', 'descending'),
            search: fc.constantFrom('', 'a', ' AN ', 'example', 'zzz'),
            limit: fc.constantFrom(0, 1, 7, 100, 1000),
          }),
          { minLength: 1, maxLength: 30 },
        ),
        (moments) => {
          // Sorted one way and another at successive moments, as a user scrubbing and clicking.
          for (const { moment, key, direction, search, limit } of moments) {
            const state = (states[moment] ?? deskProjection.initialState).customers;
            const all = expected(state.customers.values(), key, direction === 'ascending', search);
            const first = firstCustomers(state, { key, direction, search, limit });
            expect(first.customers.map((view) => view.customerId)).toEqual(all.slice(0, limit));
            expect(first.matching).toBe(all.length);
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});

const customer = (customerId: string, name: string, email = `${customerId}@example.com`) => ({
  customerId,
  name,
  email,
  shippingAddress: undefined,
  registeredAt: '2026-01-01T00:00:00.000Z',
  orderCount: 0,
  lifetimeValue: {},
  lastOrderAt: undefined,
  history: [1],
  version: 1,
});

/**
 * Customers without their name index: a search sorts in one pass over them, by collation ranks,
 * and never reads the index. Every email below contains "example".
 */
const searched = (customers: IMap<string, CustomerView>) => ({
  customers,
  byName: deskProjection.initialState.customers.byName,
});

describe('sorting customers by name', () => {
  it('follows the collator: case and accents aside, ties by id; new names find their place', () => {
    const customers = IMap(
      [
        customer('c-4', 'Zoë'),
        customer('c-3', 'émile'),
        customer('c-2', 'anna'),
        customer('c-1', 'Anna'),
        customer('c-5', 'Emile'),
        customer('c-6', 'item 10'),
        customer('c-7', 'item 9'),
      ].map((view) => [view.customerId, view]),
    );
    const names = (key: 'name', direction: SortDirection, map: typeof customers) =>
      firstCustomers(searched(map), {
        key,
        direction,
        search: 'example',
        limit: 100,
      }).customers.map((view) => `${view.name} ${view.customerId}`);
    expect(names('name', 'ascending', customers)).toEqual([
      'Anna c-1',
      'anna c-2',
      'émile c-3',
      'Emile c-5',
      'item 9 c-7',
      'item 10 c-6',
      'Zoë c-4',
    ]);
    // A name never seen before takes a rank between its neighbours'; the others keep theirs. By
    // name, descending is the exact reverse, ties included.
    const more = customers.set('c-8', customer('c-8', 'Bea'));
    expect(names('name', 'descending', more)).toEqual([
      'Zoë c-4',
      'item 10 c-6',
      'item 9 c-7',
      'Emile c-5',
      'émile c-3',
      'Bea c-8',
      'anna c-2',
      'Anna c-1',
    ]);
  });

  it('gives the order the name index gives without a search, both ways', () => {
    const views = ['Zoë', 'émile', 'anna', 'Anna', 'Emile', 'item 10', 'item 9', 'Bea', 'anna'].map(
      (name, index) => customer(`c-${index + 1}`, name),
    );
    const registrations = storeAll(
      views.map(({ customerId, name, email }) => ({
        type: 'CustomerRegistered' as const,
        data: { customer_id: customerId, name, email },
      })),
    );
    const indexed = deskProjection.foldEvents(deskProjection.initialState, registrations).customers;
    const scanned = searched(IMap(views.map((view) => [view.customerId, view])));
    for (const direction of ['ascending', 'descending'] as const) {
      const walked = firstCustomers(indexed, { key: 'name', direction, search: '', limit: 100 });
      const sorted = firstCustomers(scanned, {
        key: 'name',
        direction,
        search: 'example',
        limit: 100,
      });
      expect(walked.matching).toBe(views.length);
      expect(walked.customers.map((view) => view.customerId)).toEqual(
        sorted.customers.map((view) => view.customerId),
      );
    }
  });

  it('keeps the order when new names run out of room between two ranks', () => {
    // Each new name falls between "a" and the one before it, halving the gap between their
    // ranks, until no number lies between them and the ranks are numbered again.
    let customers = IMap(
      [customer('r-0', '0'), customer('r-a', 'a'), customer('r-b', 'b')].map(
        (view) => [view.customerId, view] as const,
      ),
    );
    for (let i = 1; i <= 70; i++) {
      customers = customers.set(`r-${i}`, customer(`r-${i}`, `a ${1000 - i}`));
      const first = firstCustomers(searched(customers), {
        key: 'name',
        direction: 'ascending',
        search: 'example',
        limit: 5,
      });
      expect(first.customers.map((view) => view.customerId)).toEqual(
        expected(customers.values(), 'name', true, 'example').slice(0, 5),
      );
    }
  });
});
