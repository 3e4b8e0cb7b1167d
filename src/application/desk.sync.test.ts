import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../domain/events';
import { DeskView } from '../projections/deskView';
import { drive, everythingAt, modelAfter, storeAll, type Op } from '../projections/testing';
import { EventStore } from '../store/eventStore';
import { asPlaced } from '../store/testing';
import { Desk } from './desk';

let databases = 0;

/** Another device's history: customers, orders, payments, a cancellation. */
const theirs: Op[] = [
  { kind: 'register', name: 0, email: 0, address: true },
  { kind: 'register', name: 1, email: 1, address: false },
  { kind: 'place', customer: 0, currency: 0, lines: [{ product: 1, quantity: 2, price: 450 }] },
  { kind: 'place', customer: 1, currency: 1, lines: [{ product: 2, quantity: 1, price: 990 }] },
  { kind: 'pay', order: 0, method: 1, exact: true },
  { kind: 'cancel', order: 1 },
];

async function allEvents(store: EventStore): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const batch of store.readAll()) out.push(...batch);
  return out;
}

async function openDesk(name: string): Promise<Desk> {
  let commands = 0;
  const desk = new Desk(
    new EventStore({ name }),
    'urn:uuid:test',
    () => new Date('2026-03-01T12:00:00.000Z'),
    () => `cmd-${name}-${++commands}`,
  );
  await desk.start();
  return desk;
}

/** The views a fresh fold of the whole log gives at `position`. */
const freshAt = (events: readonly StoredEvent[], position: number) =>
  everythingAt(new DeskView(modelAfter(events), position));

describe('a desk whose pending tail a sync writes again', () => {
  it('shows the server’s events, then nothing of the tail, at every moment, in this tab and another', async () => {
    const name = `desk-sync-${++databases}`;
    const desk = await openDesk(name);
    const otherTab = await openDesk(name);
    await desk.execute({
      type: 'RegisterCustomer',
      data: { customerId: 'mine-1', name: 'Mia Mine', email: 'mia@example.com' },
    });
    await desk.execute({
      type: 'PlaceOrder',
      data: {
        orderId: 'mine-o1',
        customerId: 'mine-1',
        currency: 'EUR',
        items: [{ product_id: 'p-1', name: 'Tea', quantity: 1, unit_price: 300 }],
      },
    });
    await desk.store.beginSync();
    // Moments of the pending tail, on screen before the server's events come.
    const before = [1, 2].map((position) => desk.viewAt(position));
    expect(before.every((view) => view !== undefined)).toBe(true);
    const server = asPlaced(storeAll(drive(theirs).events));

    await desk.store.acceptServerEvents(server, { after: 0, expectedHead: 2 });
    await otherTab.store.catchUp();

    const log = await allEvents(desk.store);
    expect(log).toHaveLength(server.length);
    for (const tab of [desk, otherTab]) {
      expect(tab.getStatus().confirmed).toBe(server.length);
      expect(tab.getStatus().logHead).toBe(server.length);
      expect(everythingAt(tab.getStatus().present)).toEqual(freshAt(log, server.length));
      for (let position = 0; position <= server.length; position++) {
        const view = tab.viewAt(position);
        if (view === undefined) throw new Error(`No moment ${position}.`);
        expect(everythingAt(view)).toEqual(freshAt(log, position));
      }
    }
    desk.store.close();
    otherTab.store.close();
  });

  it('writes no snapshot of events the server has not confirmed', async () => {
    const name = `desk-sync-${++databases}`;
    const desk = await openDesk(name);
    await desk.store.appendPlaced(asPlaced(storeAll(drive(theirs).events)));
    await desk.store.beginSync();

    await desk.writeSnapshot();
    expect(desk.getStatus().lastSnapshot).toBeNull();

    await desk.store.acceptServerEvents(asPlaced(await allEvents(desk.store)), {
      after: 0,
      expectedHead: desk.store.head,
    });
    await desk.writeSnapshot();
    expect(desk.getStatus().lastSnapshot).toBe('written');
    desk.store.close();
  });
});
