/**
 * Measurements that run inside the production build in Chromium, called by bench/run.mjs
 * through `window.orderDeskBench`. Each returns plain numbers.
 */
import Dexie from 'dexie';
import { CommandConflictError, type Command } from '../src/application/commands';
import { Desk } from '../src/application/desk';
import { snapshotSourcesOf } from '../src/application/snapshot';
import { madeParts } from '../src/lib/packedStrings';
import { CHUNK_SIZE, chunkRecords } from '../src/store/chunks';
import { toCloudEvent } from '../src/store/cloudEvents';
import { exportEventLog } from '../src/application/eventLogFile/export';
import {
  applyImport,
  planImport,
  readEventLogFile,
  type ReadProgress,
} from '../src/application/eventLogFile/import';
import { describeProblem, parseEventLogNow } from '../src/application/eventLogFile/parse';
import { LOG_DATABASE } from '../src/app/logDatabase';
import { catalog, CATALOG_CURRENCY, orderLineOf } from '../src/domain/products';
import { generateDemoBatches } from '../src/demo/generator';
import { DeskModel } from '../src/projections';
import { openEventLogDb } from '../src/store/db';
import { removeSnapshotsExcept } from '../src/store/snapshots';
import { EventStore } from '../src/store/eventStore';

const SOURCE = 'urn:uuid:00000000-0000-4000-8000-00000000bench';

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

function summary(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), samples: samples.length };
}

/** Writes a demo history of `events` events into the app's log; times only the appends. */
async function ingest(events: number) {
  const store = new EventStore({ name: LOG_DATABASE });
  await store.open();
  let appendMs = 0;
  let orders = 0;
  for (const batch of generateDemoBatches({
    seed: 7,
    events,
    end: new Date('2026-11-01T00:00:00.000Z'),
    source: SOURCE,
    batchSize: 10_000,
  })) {
    orders += batch.filter((event) => event.type === 'OrderPlaced').length;
    const start = performance.now();
    await store.appendPlaced(batch);
    appendMs += performance.now() - start;
  }
  store.close();
  return { events, orders, ms: appendMs, eventsPerSecond: (events / appendMs) * 1000 };
}

/** Command → durable in IndexedDB → view updated, against the log as it stands. */
async function appendLatency(samples: number) {
  const desk = new Desk(new EventStore({ name: LOG_DATABASE }), SOURCE);
  const openStart = performance.now();
  await desk.start();
  const openMs = performance.now() - openStart;
  const customerId = `bench-${Date.now()}`;
  const registered = await desk.execute({
    type: 'RegisterCustomer',
    data: { customerId, name: 'Bench Customer', email: `${customerId}@bench.example` },
  });
  if (!registered.ok) throw new Error(registered.error.message);
  const product = catalog[0];
  if (!product) throw new Error('The catalog is empty.');
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const orderId = `${customerId}-o${i}`;
    const start = performance.now();
    const result = await desk.execute({
      type: 'PlaceOrder',
      data: { orderId, customerId, currency: CATALOG_CURRENCY, items: [orderLineOf(product, 1)] },
    });
    if (!result.ok || desk.getStatus().present.orders.get(orderId) === undefined)
      throw new Error(`Order ${orderId} did not reach the view.`);
    times.push(performance.now() - start);
  }
  desk.store.close();
  return { openMs, ...summary(times) };
}

/**
 * Commands on shared customers and orders, `count` of them one after another in this page while
 * other pages do the same (run.mjs opens three): each timed from `execute` to its answer.
 * Returns the times and how many ended as a plain refusal (a rule, or a conflict that outlasted
 * the retries); anything else is an error.
 */
async function contendedCommands(count: number, seed: number) {
  const desk = new Desk(new EventStore({ name: LOG_DATABASE }), SOURCE);
  await desk.start();
  const product = catalog[0];
  if (!product) throw new Error('The catalog is empty.');
  let state = seed;
  const next = (n: number) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
  const customerIds = ['contended-0', 'contended-1', 'contended-2'];
  for (const customerId of customerIds)
    await desk.execute({
      type: 'RegisterCustomer',
      data: { customerId, name: `Contended ${customerId}`, email: `${customerId}@bench.example` },
    });
  const times: number[] = [];
  let refused = 0;
  for (let i = 0; i < count; i++) {
    const orderId = `contended-o${next(40)}`;
    const command: Command =
      next(3) === 0
        ? {
            type: 'PlaceOrder',
            data: {
              orderId,
              customerId: customerIds[next(3)] ?? 'contended-0',
              currency: CATALOG_CURRENCY,
              items: [orderLineOf(product, 1)],
            },
          }
        : next(2) === 0
          ? {
              type: 'RecordPayment',
              data: {
                orderId,
                paymentId: `p-${seed}-${i}`,
                amount: product.unitPrice,
                method: 'card',
              },
            }
          : {
              type: 'ShipOrder',
              data: { orderId, carrier: 'Bench', trackingNumber: `t-${seed}-${i}` },
            };
    const start = performance.now();
    try {
      const result = await desk.execute(command);
      if (!result.ok) refused++;
    } catch (error) {
      if (!(error instanceof CommandConflictError)) throw error;
      refused++;
    }
    times.push(performance.now() - start);
  }
  desk.store.close();
  return { times, refused };
}

/**
 * A failed import's leftovers: `events` events staged beyond the head as a dead tab leaves them,
 * then removed as the next writer does; times the removal.
 */
async function stagedCleanup(events: number) {
  const name = 'order-desk-cleanup-bench';
  await Dexie.delete(name);
  const store = new EventStore({ name });
  await store.open();
  await store.appendPlaced(generateDemo(1000));
  // Stage the rest as an import does, and leave it there as a tab that died would.
  const db = openEventLogDb(name);
  const meta = await db.meta.get('log');
  if (!meta) throw new Error('No log.');
  await db.meta.put({ ...meta, staging: true });
  const staged = chunkRecords(
    generateDemo(events + 1000)
      .slice(1000)
      .map((event, i) => ({ ...event, position: 1001 + i, dataVersion: 1 })),
  );
  for (let from = 0; from < staged.length; from += 100)
    await db.commits.bulkAdd(staged.slice(from, from + 100));
  db.close();
  const start = performance.now();
  // The next append finds the mark, takes the lock and removes what was staged first.
  await store.appendPlaced(generateDemo(1001).slice(1000));
  const ms = performance.now() - start;
  store.close();
  await Dexie.delete(name);
  return { events, ms };
}

/** Seeded demo events, placed (for the cleanup measurement's log). */
const generateDemo = (events: number) =>
  [
    ...generateDemoBatches({
      seed: 3,
      events,
      end: new Date('2026-11-01T00:00:00.000Z'),
      source: SOURCE,
      batchSize: events,
    }),
  ].flat();

/**
 * The stored form of a snapshot, chosen by measurement: the model of the app's log written to
 * IndexedDB and read back as its typed arrays and packed strings (the form used), against the
 * same model as one JSON text. Times each way and the bytes.
 */
async function storedForms() {
  const desk = new Desk(new EventStore({ name: LOG_DATABASE }), SOURCE);
  await desk.start();
  const parts = desk.modelParts();
  desk.store.close();
  const name = 'order-desk-forms-bench';
  await Dexie.delete(name);
  const db = new Dexie(name);
  db.version(1).stores({ parts: '' });
  const table = db.table('parts');
  const time = async (work: () => Promise<unknown>) => {
    const start = performance.now();
    await work();
    return performance.now() - start;
  };
  const data = madeParts(snapshotSourcesOf(parts));
  const typedBytes = Object.values(data).reduce((sum, part) => sum + part.byteLength, 0);
  const typedWriteMs = await time(async () => {
    for (const [key, part] of Object.entries(data)) await table.put(part, key);
  });
  const typedReadMs = await time(async () => {
    for (const key of Object.keys(data)) await table.get(key);
  });
  // The same parts as JSON text, a record each as the typed ones: one text of the whole model
  // would be a single value of tens of megabytes, which IndexedDB in a private context can stall on.
  let texts: [string, string][] = [];
  const jsonEncodeMs = await time(() => {
    texts = Object.entries(parts).map(([key, part]) => [
      key,
      JSON.stringify(ArrayBuffer.isView(part) ? Array.from(part as Int32Array) : part),
    ]);
    return Promise.resolve();
  });
  const jsonWriteMs = await time(async () => {
    for (const [key, text] of texts) await table.put(text, `json:${key}`);
  });
  const jsonBytes = texts.reduce((sum, [, text]) => sum + text.length, 0);
  const jsonReadMs = await time(async () => {
    for (const [key] of texts) JSON.parse((await table.get(`json:${key}`)) as string);
  });
  db.close();
  await Dexie.delete(name);
  return {
    typed: { mb: typedBytes / 2 ** 20, writeMs: typedWriteMs, readMs: typedReadMs },
    json: { mb: jsonBytes / 2 ** 20, writeMs: jsonEncodeMs + jsonWriteMs, readMs: jsonReadMs },
  };
}

/** One record per read-write transaction with strict durability, straight on IndexedDB. */
async function bareAdd(samples: number) {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open('bench-bare', 1);
    request.onupgradeneeded = () =>
      request.result.createObjectStore('events', { autoIncrement: true });
    request.onsuccess = () => {
      resolve(request.result);
    };
    request.onerror = () => {
      reject(request.error ?? new Error('open failed'));
    };
  });
  const record = {
    type: 'OrderDelivered',
    data: { order_id: 'o-12345678' },
    padding: 'x'.repeat(160),
  };
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const start = performance.now();
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('events', 'readwrite', { durability: 'strict' });
      tx.objectStore('events').add(record);
      tx.oncomplete = () => {
        resolve();
      };
      tx.onerror = () => {
        reject(tx.error ?? new Error('add failed'));
      };
    });
    times.push(performance.now() - start);
  }
  db.close();
  return summary(times);
}

/** Full collections, a few times over: one gc() can leave garbage that a finalizer freed. */
const collectGarbage = async (): Promise<void> => {
  for (let round = 0; round < 4; round++) {
    (window as Window & { gc?: () => void }).gc?.();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

/** A deterministic sequence of positions in [0, head]. */
function randomPositions(count: number, head: number, seed = 42): number[] {
  let state = seed;
  return Array.from({ length: count }, () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % (head + 1);
  });
}

/**
 * Moments of the log on the desk's views against folding from the first event each time: a
 * moment's view, and with it what the list screens and the dashboard compute first (the first
 * rows of the orders and the customers, the status counts), which is where the work is.
 */
async function seeks(samples: number, naiveSamples: number) {
  const desk = new Desk(new EventStore({ name: LOG_DATABASE }), SOURCE);
  const openStart = performance.now();
  await desk.start();
  const openMs = performance.now() - openStart;
  const head = desk.getStatus().present.position;

  const viewTimes: number[] = [];
  const momentTimes: number[] = [];
  for (const position of randomPositions(samples, head)) {
    const start = performance.now();
    const view = desk.viewAt(position);
    viewTimes.push(performance.now() - start);
    if (view?.position !== position)
      throw new Error(`Seek to ${position} gave ${String(view?.position)}.`);
    const orders = view.orders.rows({
      status: 'All',
      search: '',
      key: 'placedAt',
      direction: 'descending',
    });
    for (let row = 0; row < 30; row++) orders.at(row);
    view.customers.first({ key: 'name', direction: 'ascending', search: '', limit: 50 });
    const counted = Object.values(view.dashboard.statusCounts).reduce((sum, n) => sum + n, 0);
    momentTimes.push(performance.now() - start);
    if (counted !== view.orders.count)
      throw new Error(`The status counts at ${position} miss orders.`);
  }

  const naiveTimes: number[] = [];
  for (const position of randomPositions(naiveSamples, head, 7)) {
    const start = performance.now();
    const model = new DeskModel();
    if (position > 0)
      for await (const batch of desk.store.readAll({ toPosition: position })) model.apply(batch);
    naiveTimes.push(performance.now() - start);
    if (model.head !== position) throw new Error(`Naive fold to ${position} gave ${model.head}.`);
  }
  desk.store.close();
  return {
    head,
    openMs,
    view: summary(viewTimes),
    moment: summary(momentTimes),
    naive: summary(naiveTimes),
  };
}

/**
 * Snapshots: waits until the app's log has one at its head (an app page writes it in the
 * background after folding), and reports the bytes they take next to the log's own.
 */
async function snapshotState(waitMs: number) {
  const db = openEventLogDb(LOG_DATABASE);
  try {
    const deadline = performance.now() + waitMs;
    for (;;) {
      const head = (await db.meta.get('log'))?.head ?? 0;
      const newest = await db.snapshots.orderBy('position').last();
      if (newest?.position === head || performance.now() > deadline) {
        let logBytes = 0;
        await db.commits.each((record) => {
          logBytes +=
            'cloudEvents' in record
              ? record.cloudEvents.byteLength + record.starts.byteLength
              : JSON.stringify(record.events).length;
        });
        const snapshotBytes = (newest?.parts ?? []).reduce((sum, part) => sum + part.byteLength, 0);
        return { head, snapshotPosition: newest?.position ?? 0, snapshotBytes, logBytes };
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    db.close();
  }
}

/** Removes the app's snapshots: the next start folds the whole log, as before snapshots. */
async function dropSnapshots() {
  const db = openEventLogDb(LOG_DATABASE);
  try {
    await removeSnapshotsExcept(db, null);
  } finally {
    db.close();
  }
}

/** The database the import benchmark writes into: not the app's, so the app's log stays as it is. */
const IMPORT_DATABASE = 'order-desk-import-bench';

/**
 * Export of the app's log as the event log file, next to JSON.stringify of the same CloudEvents
 * (batch by batch: one string of a million events would pass V8's string limit); then the file
 * imported into an empty second database as the page does it: read and check in the workers,
 * plan, append all or nothing.
 */
async function eventLogFile(parseHere: boolean) {
  // What the measurements before left (the app's views of the whole log) is collected now, not
  // on these cores while the file is written and read.
  await collectGarbage();
  const store = new EventStore({ name: LOG_DATABASE });
  let readMs = 0;
  let stringifyMs = 0;
  let stringifyBytes = 0;
  let readStart = performance.now();
  for await (const batch of store.readAll()) {
    readMs += performance.now() - readStart;
    const cloudEvents = batch.map(toCloudEvent);
    const start = performance.now();
    stringifyBytes += JSON.stringify(cloudEvents).length;
    stringifyMs += performance.now() - start;
    readStart = performance.now();
  }

  const exportStart = performance.now();
  const { blob, events } = await exportEventLog(store);
  const exportMs = performance.now() - exportStart;
  store.close();

  // The in-thread parse and check alone, for comparison with the worker (not at 1M: memory).
  let parseHereMs: number | null = null;
  if (parseHere) {
    const start = performance.now();
    const outcome = parseEventLogNow(await blob.text());
    parseHereMs = performance.now() - start;
    if (!outcome.ok) throw new Error(outcome.problems.map(describeProblem).join('\n'));
  }

  await Dexie.delete(IMPORT_DATABASE);
  await collectGarbage();
  const target = new EventStore({ name: IMPORT_DATABASE });
  await target.open();
  const phases: Partial<Record<ReadProgress['phase'], number>> = {};
  const importStart = performance.now();
  const outcome = await readEventLogFile(new File([blob], 'bench.json'), {
    onProgress: (progress) => {
      phases[progress.phase] ??= performance.now() - importStart;
    },
  });
  const readFileMs = performance.now() - importStart;
  if (!outcome.ok) throw new Error(outcome.problems.map(describeProblem).join('\n'));
  // The plan runs on the page's thread: how long it holds it at a time.
  const planTasks: number[] = [];
  const planObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) planTasks.push(entry.duration);
  });
  planObserver.observe({ type: 'longtask' });
  const planStart = performance.now();
  const plan = await planImport(target, outcome.held, outcome.upcast);
  const planMs = performance.now() - planStart;
  for (const entry of planObserver.takeRecords()) planTasks.push(entry.duration);
  planObserver.disconnect();
  const appendStart = performance.now();
  const result = await applyImport(target, plan);
  const appendMs = performance.now() - appendStart;
  const importMs = performance.now() - importStart;
  outcome.held.release();
  if (!result.ok) throw new Error(describeProblem(result.problem));
  if (result.written !== events) throw new Error(`Imported ${result.written} of ${events} events.`);
  target.close();
  await Dexie.delete(IMPORT_DATABASE);

  const mb = blob.size / 2 ** 20;
  return {
    events,
    fileMB: mb,
    exportMs,
    exportMBps: mb / (exportMs / 1000),
    readMs,
    stringifyMs,
    stringifyMBps: stringifyBytes / 2 ** 20 / (stringifyMs / 1000),
    parseHereMs,
    importMs,
    importEventsPerSecond: (events / importMs) * 1000,
    workerMs: readFileMs,
    checkingStartedMs: phases.checking ?? null,
    planMs,
    planLongestTaskMs: Math.max(0, ...planTasks),
    appendMs,
  };
}

/** The desk this page syncs, and the times it first showed customers being waited for. */
let synced: Desk | undefined;
const customersSeen = new Map<string, Promise<number>>();

/** Opens a desk on its own database and joins a sync server's desk; ms until joined. */
async function syncJoin(server: string, invite: string) {
  const desk = new Desk(new EventStore({ name: 'order-desk-sync-bench' }), SOURCE);
  await desk.start();
  synced = desk;
  const started = performance.now();
  await desk.sync.connect(server, invite);
  return { joinMs: performance.now() - started, startedAt: started };
}

const syncedDesk = (): Desk => {
  if (!synced) throw new Error('syncJoin first');
  return synced;
};

/**
 * Resolves when the synced log is the server's up to `head` and the views show it (a person
 * sees the desk as it is): the time since `since`, in ms.
 */
async function syncConfirmed(head: number, since: number) {
  const desk = syncedDesk();
  while ((desk.store.confirmed ?? 0) < head || desk.getStatus().present.position < head)
    await new Promise((resolve) => setTimeout(resolve, 10));
  return { ms: performance.now() - since, folded: desk.getStatus().present.position };
}

/** Starts watching for customer `id` on screen (the views): syncSeenAt gives the wall time. */
function syncExpect(id: string): void {
  const desk = syncedDesk();
  customersSeen.set(
    id,
    new Promise((resolve) => {
      const check = () => {
        if (desk.getStatus().present.customers.get(id) === undefined) return;
        unsubscribe();
        resolve(Date.now());
      };
      const unsubscribe = desk.subscribe(check);
      check();
    }),
  );
}

const syncSeenAt = (id: string): Promise<number> =>
  customersSeen.get(id) ?? Promise.reject(new Error(`not watching ${id}`));

/** Registers customer `id` on the synced desk; the wall time when the command was given. */
async function syncRegister(id: string) {
  const given = Date.now();
  const result = await syncedDesk().execute({
    type: 'RegisterCustomer',
    data: { customerId: id, name: `Customer ${id}`, email: `${id}@example.com` },
  });
  if (!result.ok) throw result.error;
  return given;
}

/**
 * The least a pull can do, straight on IndexedDB: every page of `head` events fetched (two on
 * their way while one is handled), parsed, and its bytes written as records of about a chunk's
 * size, each page in one transaction. No event is checked, indexed or folded. The ms it took.
 */
async function bareSyncPull(server: string, desk: string, token: string, head: number) {
  const page = 10_000;
  const recordsPerPage = page / CHUNK_SIZE;
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open('bench-bare-pull', 1);
    request.onupgradeneeded = () =>
      request.result
        .createObjectStore('commits', { keyPath: 'first' })
        .createIndex('time', 'minTime');
    request.onsuccess = () => {
      resolve(request.result);
    };
    request.onerror = () => {
      reject(request.error ?? new Error('open failed'));
    };
  });
  const fetchPage = async (after: number) => {
    const response = await fetch(`${server}/v1/desks/${desk}/events?after=${after}&limit=${page}`, {
      headers: { Authorization: `Bearer ${token}` },
      cache: 'no-store',
    });
    if (!response.ok) throw new Error(`pull: ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  };
  const decoder = new TextDecoder();
  const started = performance.now();
  const asked: Promise<Uint8Array>[] = [];
  let next = 0;
  let pulled = 0;
  for (let after = 0; after < head; after += page) {
    for (; asked.length < 3 && next < head; next += page) asked.push(fetchPage(next));
    const bytes = await (asked.shift() as Promise<Uint8Array>);
    pulled += (JSON.parse(decoder.decode(bytes)) as { events: unknown[] }).events.length;
    const size = Math.ceil(bytes.length / recordsPerPage);
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('commits', 'readwrite');
      for (let i = 0; i < recordsPerPage; i++) {
        const first = after + i * CHUNK_SIZE + 1;
        tx.objectStore('commits').put({
          first,
          last: first + CHUNK_SIZE - 1,
          minTime: '',
          maxTime: '',
          cloudEvents: bytes.slice(i * size, (i + 1) * size),
          starts: new Uint32Array(CHUNK_SIZE),
        });
      }
      tx.oncomplete = () => {
        resolve();
      };
      tx.onerror = () => {
        reject(tx.error ?? new Error('put failed'));
      };
    });
  }
  const ms = performance.now() - started;
  db.close();
  if (pulled !== head) throw new Error(`pulled ${pulled} events, not ${head}`);
  return { ms };
}

declare global {
  interface Window {
    orderDeskBench: {
      ingest: typeof ingest;
      appendLatency: typeof appendLatency;
      bareAdd: typeof bareAdd;
      seeks: typeof seeks;
      contendedCommands: typeof contendedCommands;
      stagedCleanup: typeof stagedCleanup;
      storedForms: typeof storedForms;
      snapshotState: typeof snapshotState;
      dropSnapshots: typeof dropSnapshots;
      eventLogFile: typeof eventLogFile;
      syncJoin: typeof syncJoin;
      syncConfirmed: typeof syncConfirmed;
      syncExpect: typeof syncExpect;
      syncSeenAt: typeof syncSeenAt;
      syncRegister: typeof syncRegister;
      bareSyncPull: typeof bareSyncPull;
    };
  }
}

window.orderDeskBench = {
  ingest,
  appendLatency,
  bareAdd,
  seeks,
  contendedCommands,
  stagedCleanup,
  storedForms,
  snapshotState,
  dropSnapshots,
  eventLogFile,
  syncJoin,
  syncConfirmed,
  syncExpect,
  syncSeenAt,
  syncRegister,
  bareSyncPull,
};
