/**
 * Measurements that run inside the production build in Chromium, called by bench/run.mjs
 * through `window.orderDeskBench`. Each returns plain numbers.
 */
import Dexie from 'dexie';
import { Desk } from '../src/application/desk';
import { toCloudEvent } from '../src/store/cloudEvents';
import { exportEventLog } from '../src/application/eventLogFile/export';
import {
  applyImport,
  planImport,
  readEventLogFile,
  type ReadProgress,
} from '../src/application/eventLogFile/import';
import { describeProblem, parseEventLogNow } from '../src/application/eventLogFile/parse';
import { LOG_DATABASE } from '../src/app/createDesk';
import { catalog, CATALOG_CURRENCY, orderLineOf } from '../src/demo/catalog';
import { generateDemoBatches } from '../src/demo/generator';
import { deskProjection } from '../src/projections';
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
  // Steady state: not while the timeline's checkpoints are still being built.
  await desk.history.buildCheckpoints();
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
    if (!result.ok || !desk.getSnapshot().present.orders.orders.has(orderId))
      throw new Error(`Order ${orderId} did not reach the view.`);
    times.push(performance.now() - start);
  }
  desk.store.close();
  return { openMs, ...summary(times) };
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

const heap = (): number =>
  (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ??
  0;
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
 * Seeks on the timeline engine against folding from the first event each time, and the heap
 * the checkpoints hold (the desk's heap minus that of a present-only fold of the same log).
 */
async function seeks(samples: number, naiveSamples: number) {
  // First the log folded with no checkpoints: what the present alone holds. It stays alive
  // while the desk is measured, so nothing it leaves can be collected in between.
  await collectGarbage();
  const baseHeap = heap();
  const store = new EventStore({ name: LOG_DATABASE });
  let present = deskProjection.initialState;
  store.subscribe((events) => {
    present = deskProjection.foldEvents(present, events);
  });
  await store.open();
  store.close();
  await collectGarbage();
  const presentHeap = heap();

  const desk = new Desk(new EventStore({ name: LOG_DATABASE }), SOURCE);
  const buildStart = performance.now();
  await desk.start();
  const presentMs = performance.now() - buildStart;
  await desk.history.buildCheckpoints();
  const buildMs = performance.now() - buildStart;
  await collectGarbage();
  const deskHeap = heap() - presentHeap;
  const head = desk.history.head;
  if (present.position !== head) throw new Error('The plain fold did not reach the head.');

  const seekTimes: number[] = [];
  for (const position of randomPositions(samples, head)) {
    const start = performance.now();
    const state = await desk.history.stateAt(position);
    seekTimes.push(performance.now() - start);
    if (state.position !== position) throw new Error(`Seek to ${position} gave ${state.position}.`);
  }

  const naiveTimes: number[] = [];
  for (const position of randomPositions(naiveSamples, head, 7)) {
    const start = performance.now();
    let state = deskProjection.initialState;
    if (position > 0)
      for await (const batch of desk.store.readAll({ toPosition: position }))
        state = deskProjection.foldEvents(state, batch);
    naiveTimes.push(performance.now() - start);
    if (state.position !== position)
      throw new Error(`Naive fold to ${position} gave ${state.position}.`);
  }
  const checkpoints = desk.history.checkpointCount;
  desk.store.close();

  const presentOnlyHeap = presentHeap - baseHeap;
  return {
    head,
    checkpoints,
    presentMs,
    buildMs,
    seek: summary(seekTimes),
    naive: summary(naiveTimes),
    deskHeapMB: deskHeap / 2 ** 20,
    presentOnlyHeapMB: presentOnlyHeap / 2 ** 20,
    checkpointHeapMB: (deskHeap - presentOnlyHeap) / 2 ** 20,
  };
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

declare global {
  interface Window {
    orderDeskBench: {
      ingest: typeof ingest;
      appendLatency: typeof appendLatency;
      bareAdd: typeof bareAdd;
      seeks: typeof seeks;
      eventLogFile: typeof eventLogFile;
    };
  }
}

window.orderDeskBench = { ingest, appendLatency, bareAdd, seeks, eventLogFile };
