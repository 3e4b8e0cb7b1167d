/**
 * What end-to-end tests do below the screens, in the production build and on the app's own
 * database: run the desk's commands many at a time, and check the stored log. Served next to the
 * app by the e2e build (e2e/vite.config.ts), never precached by its service worker.
 */
import { CommandConflictError, type Command } from '../../src/application/commands';
import type { Desk } from '../../src/application/desk';
import {
  applyImport,
  planImport,
  readEventLogFile,
} from '../../src/application/eventLogFile/import';
import { cloudEventsOf, sampleHistory } from '../../src/application/eventLogFile/testing';
import { DomainError } from '../../src/domain/errors';
import { HistoryCheck } from '../../src/domain/historyCheck';
import { createDesk } from '../../src/app/createDesk';
import { LOG_DATABASE } from '../../src/app/logDatabase';
import Dexie from 'dexie';
import { generateDemoBatches } from '../../src/demo/generator';
import { DeskModel, DeskView } from '../../src/projections';
import { openEventLogDb } from '../../src/store/db';
import { ConcurrencyError } from '../../src/store/errors';
import { EventStore } from '../../src/store/eventStore';
import { logInvariantProblems } from '../../src/store/logInvariants';

/** A tiny seeded generator: the same seed gives the same commands. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

/**
 * Mostly commands that append: new customers and orders of the caller's own, and steps of their
 * lifecycle, next to renames and orders of a few customers that every caller shares (contention).
 * Every command reads its stream first, so reads and appends of callers interleave.
 */
function randomCommand(next: () => number, tag: string, i: number): Command {
  const shared = `c-${Math.floor(next() * 4)}`;
  // An order of this caller's placed a few commands ago, or one of those every caller shares.
  const order =
    next() < 0.3
      ? `o-shared-${Math.floor(next() * 4)}`
      : `o-${tag}-${Math.max(0, i - Math.floor(next() * 6))}`;
  switch (Math.floor(next() * 8)) {
    case 0:
      return {
        type: 'RegisterCustomer',
        data: { customerId: shared, name: `Customer ${shared}`, email: `${shared}@example.com` },
      };
    case 1:
      return {
        type: 'ChangeCustomerDetails',
        data: { customerId: shared, name: `Renamed ${tag} ${i}` },
      };
    case 2:
    case 3:
      return {
        type: 'PlaceOrder',
        data: {
          orderId: next() < 0.2 ? order : `o-${tag}-${i}`,
          customerId: shared,
          currency: 'EUR',
          items: [{ product_id: 'p-1', name: 'Pen', quantity: 1, unit_price: 250 }],
        },
      };
    case 4:
      return {
        type: 'RecordPayment',
        data: { orderId: order, paymentId: `pay-${tag}-${i}`, amount: 250, method: 'card' },
      };
    case 5:
      return {
        type: 'ShipOrder',
        data: { orderId: order, carrier: 'Post', trackingNumber: `t-${tag}-${i}` },
      };
    case 6:
      return { type: 'MarkDelivered', data: { orderId: order } };
    default:
      return { type: 'CancelOrder', data: { orderId: order, reason: 'Changed my mind' } };
  }
}

/**
 * `callers` async callers, each sending `commands` commands one after another through the
 * desk's own `execute`, all at once. Returns the ids of the events of accepted commands, and
 * what failed other than a broken rule or a conflict that outlasted the retries.
 */
async function runConcurrentCommands(options: {
  callers: number;
  commands: number;
  seed: number;
}): Promise<{ acknowledged: string[]; failures: string[]; rejected: number; conflicts: number }> {
  const desk = createDesk();
  await desk.start();
  const acknowledged: string[] = [];
  const failures: string[] = [];
  let rejected = 0;
  let conflicts = 0;
  await Promise.all(
    Array.from({ length: options.callers }, async (_, caller) => {
      const next = random(options.seed * 100 + caller);
      for (let i = 0; i < options.commands; i++) {
        try {
          const result = await desk.execute(randomCommand(next, `${options.seed}-${caller}`, i));
          if (result.ok) acknowledged.push(...result.events.map((event) => event.id));
          else rejected++;
        } catch (error) {
          // Other tabs kept changing the stream through every retry: a plain sentence, no harm.
          if (error instanceof CommandConflictError) conflicts++;
          else failures.push(failureOf(error));
        }
      }
    }),
  );
  desk.store.close();
  return { acknowledged, failures, rejected, conflicts };
}

const failureOf = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

/**
 * The store alone under any interleaving: `callers` async callers, each appending `appends`
 * events one at a time to streams they share, each read first for its version and retried at
 * once when another caller got there first. Returns the ids appended, and any other failure.
 */
async function appendConcurrently(options: {
  callers: number;
  appends: number;
  seed: number;
}): Promise<{ acknowledged: string[]; failures: string[] }> {
  const store = new EventStore({ name: LOG_DATABASE });
  await store.open();
  const acknowledged: string[] = [];
  const failures: string[] = [];
  await Promise.all(
    Array.from({ length: options.callers }, async (_, caller) => {
      const next = random(options.seed * 100 + caller);
      for (let i = 0; i < options.appends; i++) {
        const orderId = `o-${Math.floor(next() * 10)}`;
        const id = `e-${options.seed}-${caller}-${i}`;
        try {
          for (;;) {
            const version = (await store.readStream(`order-${orderId}`)).length;
            try {
              await store.append(
                `order-${orderId}`,
                [
                  {
                    id,
                    type: 'OrderDelivered',
                    data: { order_id: orderId },
                    time: new Date().toISOString(),
                    metadata: { source: 'urn:uuid:harness', correlationId: id, causationId: id },
                  },
                ],
                { expectedVersion: version === 0 ? 'no_stream' : version },
              );
              acknowledged.push(id);
              break;
            } catch (error) {
              if (!(error instanceof ConcurrencyError)) throw error;
            }
          }
        } catch (error) {
          failures.push(failureOf(error));
        }
      }
    }),
  );
  store.close();
  return { acknowledged, failures };
}

/** The broken invariants of the app's stored log (none: an empty list), and its ids in order. */
async function inspectLog(): Promise<{ problems: string[]; head: number }> {
  const db = openEventLogDb(LOG_DATABASE);
  try {
    return {
      problems: await logInvariantProblems(db),
      head: (await db.meta.get('log'))?.head ?? 0,
    };
  } finally {
    db.close();
  }
}

/**
 * Replaces the app's log with a seeded demo history of `events` events, written straight to the
 * store: as a log written elsewhere and imported, it has no snapshot yet.
 */
async function resetWithDemo(events: number): Promise<{ head: number }> {
  await Dexie.delete(LOG_DATABASE);
  const store = new EventStore({ name: LOG_DATABASE });
  await store.open();
  for (const batch of generateDemoBatches({
    seed: 11,
    events,
    end: new Date('2026-11-01T00:00:00.000Z'),
    source: 'urn:uuid:00000000-0000-4000-8000-0000000harness',
    batchSize: 5000,
  }))
    await store.appendPlaced(batch);
  const head = store.head;
  store.close();
  return { head };
}

/**
 * Orders of the app's log whose status changed at their event `position`: each with its status
 * there and just before, read off a model folded from the whole log (the truth to compare with).
 */
async function statusChanges(
  count: number,
): Promise<{ orderId: string; position: number; before: string; after: string }[]> {
  const store = new EventStore({ name: LOG_DATABASE });
  const model = new DeskModel();
  store.subscribe((events) => {
    model.apply(events);
  });
  await store.open();
  store.close();
  const found: { orderId: string; position: number; before: string; after: string }[] = [];
  // From the middle of the log on: a moment the views reach late while it is read.
  for (
    let position = Math.floor(model.head / 2);
    position <= model.head && found.length < count;
    position++
  ) {
    const event = new DeskView(model, position).eventAt(position);
    if (event?.streamId?.startsWith('order-') !== true || event.type === 'OrderPlaced') continue;
    const orderId = event.streamId.slice('order-'.length);
    const before = new DeskView(model, position - 1).orders.get(orderId)?.status;
    const after = new DeskView(model, position).orders.get(orderId)?.status;
    if (before !== undefined && after !== undefined && before !== after)
      found.push({ orderId, position, before, after });
  }
  return found;
}

/** How many snapshots and parts the app's log has: parts without a snapshot are a write under way. */
async function snapshotRecords(): Promise<{ snapshots: number[]; parts: number }> {
  const db = openEventLogDb(LOG_DATABASE);
  try {
    return {
      snapshots: (await db.snapshots.toArray()).map((manifest) => manifest.position),
      parts: await db.snapshotParts.count(),
    };
  } finally {
    db.close();
  }
}

/** Removes every snapshot of the app's log: the next start-up folds the log and writes one. */
async function dropSnapshots(): Promise<void> {
  const db = openEventLogDb(LOG_DATABASE);
  try {
    await db.transaction('rw', db.snapshots, db.snapshotParts, async () => {
      await db.snapshots.clear();
      await db.snapshotParts.clear();
    });
  } finally {
    db.close();
  }
}

/** The database `fillStorage` fills: not the app's, on the same origin and quota. */
const FILLER = 'order-desk-harness-filler';

/**
 * Fills the origin's storage until the browser refuses even a few bytes more (random bytes,
 * which do not compress); returns the bytes written. `freeStorage` gives them back.
 */
async function fillStorage(): Promise<number> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(FILLER, 1);
    request.onupgradeneeded = () => request.result.createObjectStore('filler');
    request.onsuccess = () => {
      resolve(request.result);
    };
    request.onerror = () => {
      reject(request.error ?? new Error('The filler database could not be opened.'));
    };
  });
  let written = 0;
  try {
    // Large records first, then smaller ones into what room is left, down to a few bytes.
    for (let size = 60_000; size >= 16;) {
      const record = crypto.getRandomValues(new Uint8Array(size));
      const refused = await new Promise<boolean>((resolve) => {
        const transaction = db.transaction('filler', 'readwrite');
        transaction.objectStore('filler').put(record, written);
        transaction.oncomplete = () => {
          resolve(false);
        };
        transaction.onabort = () => {
          resolve(true);
        };
      });
      if (refused) size = Math.floor(size / 4);
      else written += record.length;
    }
    return written;
  } finally {
    db.close();
  }
}

async function freeStorage(): Promise<void> {
  await Dexie.delete(FILLER);
}

/**
 * The chaos test's tab: its desk sends random commands (`randomCommand`, seeded) one after another
 * until told to stop, and tells the test (`window.reportAcknowledged`, exposed by it) the ids
 * of every event a command got acknowledged, as it happens: a tab may be killed at any moment.
 */
let chaos: { desk: Desk; stop: boolean; running: Promise<number> } | undefined;

async function startChaos(seed: number): Promise<void> {
  const desk = chaos?.desk ?? createDesk();
  await desk.start();
  const next = random(seed);
  const state = { desk, stop: false, running: Promise.resolve(0) };
  state.running = (async () => {
    let sent = 0;
    for (let i = 0; !state.stop; i++) {
      try {
        const result = await desk.execute(randomCommand(next, `${seed}`, i));
        if (result.ok) await reportAcknowledged(result.events.map((event) => event.id));
      } catch (error) {
        // A conflict that outlasted the retries is a plain outcome; anything else is a failure.
        if (!(error instanceof CommandConflictError || error instanceof DomainError))
          await reportFailure(failureOf(error));
      }
      sent++;
    }
    return sent;
  })();
  chaos = state;
}

/** Stops sending; resolves to how many commands were sent. */
async function stopChaos(): Promise<number> {
  if (!chaos) return 0;
  chaos.stop = true;
  return chaos.running;
}

/** An import of a small history of new customers and orders, through the file path: 'imported', or why not. */
async function importSome(prefix: string): Promise<string> {
  if (!chaos) throw new Error('No chaos desk.');
  const events = sampleHistory(prefix);
  const file = new File([JSON.stringify(cloudEventsOf(events))], `${prefix}.json`);
  const outcome = await readEventLogFile(file);
  if (!outcome.ok) return outcome.problems.map((problem) => problem.reason).join(' ');
  const plan = await planImport(chaos.desk.store, outcome.held, outcome.upcast);
  const result = await applyImport(chaos.desk.store, plan);
  outcome.held.release();
  if (!result.ok) return result.problem.reason;
  await reportAcknowledged(events.map((event) => event.id));
  return 'imported';
}

/** How far this tab's views reach, and the log's head as stored. */
async function heads(): Promise<{ shown: number; stored: number }> {
  if (!chaos) throw new Error('No chaos desk.');
  return {
    shown: chaos.desk.getStatus().present.position,
    stored: await chaos.desk.store.headPosition(),
  };
}

/** Every event id of the app's log, in order. */
async function logIds(): Promise<string[]> {
  const store = new EventStore({ name: LOG_DATABASE });
  const ids: string[] = [];
  try {
    for await (const batch of store.readAll()) for (const event of batch) ids.push(event.id);
  } finally {
    store.close();
  }
  return ids;
}

/**
 * The business rules the log breaks, replayed from its first event through the deciders' rules
 * (domain/historyCheck.ts), as an import checks a file: none, for a log only commands wrote.
 */
async function ruleProblems(): Promise<string[]> {
  const store = new EventStore({ name: LOG_DATABASE });
  const check = new HistoryCheck({
    customerExists: () => false,
    orderState: () => ({ status: 'none' }),
  });
  const problems: string[] = [];
  try {
    for await (const batch of store.readAll())
      for (const event of batch) {
        const broken = check.next(event);
        if (broken) problems.push(`#${event.position} ${event.type}: ${broken.message}`);
      }
  } finally {
    store.close();
  }
  return problems;
}

/** Given by the chaos test (page.exposeFunction). */
const reportAcknowledged = (ids: string[]): Promise<void> =>
  (
    window as unknown as { reportAcknowledged: (ids: string[]) => Promise<void> }
  ).reportAcknowledged(ids);
const reportFailure = (failure: string): Promise<void> =>
  (window as unknown as { reportFailure: (failure: string) => Promise<void> }).reportFailure(
    failure,
  );

declare global {
  interface Window {
    orderDeskHarness: {
      runConcurrentCommands: typeof runConcurrentCommands;
      appendConcurrently: typeof appendConcurrently;
      resetWithDemo: typeof resetWithDemo;
      statusChanges: typeof statusChanges;
      snapshotRecords: typeof snapshotRecords;
      dropSnapshots: typeof dropSnapshots;
      fillStorage: typeof fillStorage;
      freeStorage: typeof freeStorage;
      startChaos: typeof startChaos;
      stopChaos: typeof stopChaos;
      importSome: typeof importSome;
      heads: typeof heads;
      logIds: typeof logIds;
      ruleProblems: typeof ruleProblems;
      inspectLog: typeof inspectLog;
    };
  }
}

window.orderDeskHarness = {
  runConcurrentCommands,
  appendConcurrently,
  inspectLog,
  resetWithDemo,
  statusChanges,
  snapshotRecords,
  dropSnapshots,
  fillStorage,
  freeStorage,
  startChaos,
  stopChaos,
  importSome,
  heads,
  logIds,
  ruleProblems,
};
