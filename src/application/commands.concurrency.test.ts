import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openEventLogDb } from '../store/db';
import { EventStore } from '../store/eventStore';
import { logInvariantProblems } from '../store/logInvariants';
import type { Command } from './commands';
import { Desk } from './desk';

let databases = 0;

/** One of a few customers and orders, so that callers contend for the same streams. */
const commandArbitrary: fc.Arbitrary<Command> = fc.oneof(
  fc.nat(3).map((c) => ({
    type: 'RegisterCustomer' as const,
    data: { customerId: `c${c}`, name: `Customer ${c}`, email: `c${c}@example.com` },
  })),
  fc.tuple(fc.nat(3), fc.string({ minLength: 1, maxLength: 8 })).map(([c, name]) => ({
    type: 'ChangeCustomerDetails' as const,
    data: { customerId: `c${c}`, name: `Name ${name}` },
  })),
  fc.tuple(fc.nat(5), fc.nat(3)).map(([o, c]) => ({
    type: 'PlaceOrder' as const,
    data: {
      orderId: `o${o}`,
      customerId: `c${c}`,
      currency: 'EUR',
      items: [{ product_id: 'p1', name: 'Pen', quantity: 1, unit_price: 250 }],
    },
  })),
  fc.tuple(fc.nat(5), fc.nat(1000)).map(([o, p]) => ({
    type: 'RecordPayment' as const,
    data: { orderId: `o${o}`, paymentId: `p${p}`, amount: 250, method: 'card' as const },
  })),
  fc.nat(5).map((o) => ({
    type: 'CancelOrder' as const,
    data: { orderId: `o${o}`, reason: 'Changed my mind' },
  })),
);

/**
 * Runs each caller's commands one after another, all callers at once, each on one of the tabs'
 * desks; returns how many events the accepted commands appended, and the commands that failed
 * with something other than a broken rule.
 */
async function runCallers(desks: readonly Desk[], callers: readonly Command[][]) {
  let appended = 0;
  const failures: string[] = [];
  await Promise.all(
    callers.map(async (commands, caller) => {
      const desk = desks[caller % desks.length];
      if (!desk) return;
      for (const command of commands) {
        try {
          const result = await desk.execute(command);
          if (result.ok) appended += result.events.length;
        } catch (error) {
          failures.push(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
        }
      }
    }),
  );
  return { appended, failures };
}

describe('commands from many async callers', () => {
  it.each([
    ['one tab', 1],
    ['three tabs', 3],
  ])(
    'in %s leave a whole log: every accepted event stored once, at contiguous positions',
    async (_, tabs) => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.array(commandArbitrary, { minLength: 1, maxLength: 12 }), {
            minLength: 2,
            maxLength: 5,
          }),
          async (callers) => {
            const name = `concurrent-${++databases}-${Math.random()}`;
            const desks = Array.from(
              { length: tabs },
              () => new Desk(new EventStore({ name }), 'urn:uuid:test'),
            );
            await Promise.all(desks.map((desk) => desk.start()));
            try {
              const { appended, failures } = await runCallers(desks, callers);
              expect(failures).toEqual([]);
              const db = openEventLogDb(name);
              try {
                expect(await logInvariantProblems(db)).toEqual([]);
                expect((await db.meta.get('log'))?.head ?? 0).toBe(appended);
              } finally {
                db.close();
              }
            } finally {
              for (const desk of desks) desk.store.close();
            }
          },
        ),
        { numRuns: 25 },
      );
    },
    60_000,
  );
});
