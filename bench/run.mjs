#!/usr/bin/env node
// Benchmarks of the production build in headless Chromium. Prints a table and writes
// bench/results/latest.json. Sizes: --sizes=10000,100000,1000000 (default), --smoke (2000 only).
// --only=import measures only the event log file (export, then import; also the user's path: the
// file exported and imported on the Data pages, then cold starts) after the ingest it needs,
// skipping cold start, append latency, seeks and scrubbing: a quick loop while tuning the import.
// --port=N serves the build there (by default a port that is free).
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../chromium.config.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name) => args.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1];
const smoke = args.includes('--smoke');
const sizes = smoke
  ? [2000]
  : (flag('sizes') ?? '10000,100000,1000000').split(',').map((size) => Number(size.trim()));
const latencySamples = Number(flag('samples') ?? (smoke ? 20 : 200));
/** A port free on the loopback now (the OS picks it): another run or server may hold any fixed one. */
const freePort = () =>
  new Promise((resolvePort, reject) => {
    const probe = createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port: free } = probe.address();
      probe.close(() => resolvePort(free));
    });
  });
const port = Number(flag('port') ?? (await freePort()));
const only = flag('only');
if (only !== undefined && only !== 'import')
  throw new Error(`--only=${only}: the only measurement that can run alone is "import".`);
const everything = only === undefined;

console.log('Building the production bundle with the benchmark page…');
execFileSync('npx', ['vite', 'build', '--config', 'bench/vite.config.ts', '--logLevel', 'warn'], {
  cwd: root,
  stdio: 'inherit',
});

const server = spawn(
  'npx',
  ['vite', 'preview', '--outDir', 'dist-bench', '--port', String(port), '--strictPort'],
  {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  },
);
const base = `http://localhost:${port}`;
await new Promise((resolveReady, reject) => {
  const timer = setTimeout(() => reject(new Error('vite preview did not start')), 30_000);
  server.stdout.on('data', (chunk) => {
    if (String(chunk).includes(String(port))) {
      clearTimeout(timer);
      resolveReady();
    }
  });
});

const browser = await chromium.launch({
  executablePath: chromiumPath,
  // gc() for the heap figures to hold only what is alive, and performance.memory exact (without
  // the flag Chromium rounds it and updates it rarely).
  args: [...chromiumArgs, '--js-flags=--expose-gc', '--enable-precise-memory-info'],
});

const chromiumVersion = browser.version();
const round = (value, digits = 1) => Number(value.toFixed(digits));

/** The screens the slider is dragged on: the two long lists. */
const scrubbedScreens = ['/orders', '/customers'];

/**
 * Drags the real timeline slider on `screen`: a sweep from the start to the end, then random
 * jumps; each step timed from the input event until the page shows that moment.
 */
async function scrubbing(page, screen, head, steps) {
  await page.goto(`${base}${screen}?at=0`);
  await page.waitForSelector('[data-view-position="0"]');
  await page.waitForFunction(() => !document.querySelector('#log-progress'));
  // The seek measurements' page, closed just before, may share this renderer's heap: its views
  // of the whole log are collected now, not in the middle of the scrubbing.
  await page.evaluate(async () => {
    for (let round = 0; round < 3; round++) {
      window.gc?.();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });
  return page.evaluate(
    async ({ head, steps }) => {
      const slider = document.querySelector('input[aria-label="Timeline"]');
      const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
      /**
       * Each long task's duration and the move it came in: the last one started before it ended
       * (1 for the first; 0 before it).
       */
      const longTasks = [];
      const moveStarts = [];
      const observer = new PerformanceObserver((list) => {
        for (const entry of list.getEntries())
          longTasks.push({
            duration: entry.duration,
            move: moveStarts.filter((start) => start <= entry.startTime + entry.duration).length,
          });
      });
      observer.observe({ type: 'longtask' });
      // Each move in a task of its own, as a person's input comes: not in this evaluation's.
      await new Promise((resolve) => setTimeout(resolve, 0));
      let seed = 99;
      const positions = [];
      for (let i = 1; i <= steps; i++) positions.push(Math.round((i * head) / steps));
      for (let i = 0; i < steps / 2; i++) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        positions.push(seed % (head + 1));
      }
      const times = [];
      for (const position of positions) {
        const start = performance.now();
        moveStarts.push(start);
        setValue.call(slider, String(position));
        slider.dispatchEvent(new Event('input', { bubbles: true }));
        // The slider at the log's head (its max: the log grew since the ingest) shows the present.
        const shown = position === Number(slider.max) ? 'present' : String(position);
        await new Promise((resolve) => {
          const check = () =>
            document.querySelector(`[data-view-position="${shown}"]`)
              ? resolve()
              : requestAnimationFrame(check);
          check();
        });
        times.push(performance.now() - start);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
      observer.disconnect();
      times.sort((a, b) => a - b);
      const at = (p) => times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)];
      return {
        p50: at(50),
        p95: at(95),
        longTasks: longTasks.length,
        longestTask: Math.max(0, ...longTasks.map((task) => task.duration)),
        longTaskMoves: longTasks.map((task) => task.move),
        moves: positions.length,
      };
    },
    { head, steps },
  );
}

/** The page's heap after full collections: JS objects, and the typed arrays' buffers beside them. */
async function heapOf(page) {
  await page.evaluate(async () => {
    for (let round = 0; round < 3; round++) {
      window.gc?.();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });
  const cdp = await page.context().newCDPSession(page);
  const usage = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  const jsMB = usage.usedSize / 2 ** 20;
  const buffersMB = (usage.backingStorageSize ?? 0) / 2 ** 20;
  return { jsMB: round(jsMB), buffersMB: round(buffersMB), totalMB: round(jsMB + buffersMB) };
}

/** Marks every moment a page puts on screen, from its first frame: to tell a wrong one. */
const recordMoments = () => {
  window.__momentsShown = [];
  new MutationObserver(() => {
    for (const element of document.querySelectorAll('[data-view-position]'))
      window.__momentsShown.push(element.getAttribute('data-view-position'));
  }).observe(document, { subtree: true, childList: true, attributes: true });
};

/**
 * Opens `path` in a fresh page (a cold start of the app on the stored log) and waits until
 * `ready` holds; returns the time from navigation to then, and every moment shown meanwhile.
 */
async function coldOpen(context, path, ready, arg) {
  const page = await context.newPage();
  page.setDefaultTimeout(600_000);
  await page.addInitScript(recordMoments);
  await page.goto(`${base}${path}`);
  await page.waitForFunction(ready, arg, { polling: 20 });
  const ms = await page.evaluate(() => performance.now());
  const shown = await page.evaluate(() => window.__momentsShown);
  return { page, ms, shown };
}

const ordersListed = (orders) =>
  document.querySelector('[data-testid="orders-count"]')?.getAttribute('data-count') ===
  String(orders);

/** Cold starts on /orders until it lists every order: `runs` times, each in a fresh page. */
async function coldStarts(context, ingest, runs) {
  const times = [];
  for (let run = 0; run < runs; run++) {
    const { page, ms } = await coldOpen(context, '/orders', ordersListed, ingest.orders);
    times.push(ms);
    await page.close();
  }
  times.sort((a, b) => a - b);
  return {
    p50: times[Math.floor((times.length - 1) / 2)],
    worst: times.at(-1),
    runs: times.length,
  };
}

/**
 * Cold opens of /orders?at=N at random moments, each until moment N is on screen; fails a moment
 * that showed any other moment's views meanwhile.
 */
async function coldMoments(context, head, runs) {
  const times = [];
  const wrong = [];
  let seed = 4242;
  for (let run = 0; run < runs; run++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    // A past moment (the head is the present).
    const position = 1 + (seed % (head - 1));
    const { page, ms, shown } = await coldOpen(
      context,
      `/orders?at=${position}`,
      (at) => document.querySelector(`[data-view-position="${at}"]`) !== null,
      position,
    );
    times.push(ms);
    for (const moment of shown)
      if (moment !== String(position)) wrong.push({ position, shown: moment });
    await page.close();
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor((times.length - 1) / 2)], worst: times.at(-1), runs: runs, wrong };
}

/** How many times `text` occurs in `bytes`. */
function occurrences(bytes, text) {
  let count = 0;
  for (let at = bytes.indexOf(text); at !== -1; at = bytes.indexOf(text, at + text.length)) count++;
  return count;
}

/**
 * The user's path with a file: the log exported from the Data page of `page`'s profile, imported
 * through the Data page of a fresh browser profile on disk, then cold starts of /orders there
 * until it lists every order (the snapshot written after the import's fold being on disk first).
 */
async function importThroughThePage(page) {
  const folder = mkdtempSync(join(tmpdir(), 'order-desk-bench-'));
  const file = join(folder, 'event-log.json');
  // A profile on disk, as a user's is (a new context's IndexedDB would be held in memory).
  const context = await chromium.launchPersistentContext(join(folder, 'profile'), {
    executablePath: chromiumPath,
    args: chromiumArgs,
  });
  try {
    await page.goto(`${base}/data`);
    const exporting = page.waitForEvent('download');
    await page
      .getByRole('region', { name: 'Event log file' })
      .getByRole('button', { name: 'Export event log' })
      .click();
    await (await exporting).saveAs(file);
    // The exporting page leaves the app, whose start-up fold would take the cores meanwhile.
    await page.goto(`${base}/bench/bench.html`);
    await page.waitForFunction(() => 'orderDeskBench' in window);
    // Every order the file places (more than the ingest's after the timing measurements' commands).
    const orders = occurrences(readFileSync(file), '"type":"OrderPlaced"');

    const fresh = await context.newPage();
    fresh.setDefaultTimeout(900_000);
    await fresh.goto(`${base}/data`);
    const panel = fresh.getByRole('region', { name: 'Event log file' });
    const start = Date.now();
    await panel.getByLabel('Import event log').setInputFiles(file);
    await panel.getByRole('button', { name: /^Import [\d,]+ events$/ }).click();
    await panel
      .getByRole('status')
      .filter({ hasText: /Imported [\d,]+ events/ })
      .waitFor();
    const importMs = Date.now() - start;
    // The app writes its snapshot of the imported log in the background: its page stays open.
    const probe = await context.newPage();
    await probe.goto(`${base}/bench/bench.html`);
    await probe.waitForFunction(() => 'orderDeskBench' in window);
    const snapshot = await probe.evaluate(() => window.orderDeskBench.snapshotState(600_000));
    if (snapshot.snapshotPosition !== snapshot.head)
      throw new Error(`No snapshot at the head ${snapshot.head} after the import.`);
    await probe.close();
    await fresh.close();
    const cold = await coldStarts(context, { orders }, smoke ? 2 : 5);
    console.log(
      `  through the Data page: the file imported in ${importMs} ms (from choosing it); then cold start to a correct orders view p50 ${Math.round(cold.p50)} ms, worst ${Math.round(cold.worst)} ms of ${cold.runs}`,
    );
    return { importMs, cold };
  } finally {
    await context.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * Everything but the event log file, against the ingested log: cold starts (without snapshots
 * first: the whole log folded, as before snapshots; then with), cold moments, heap, append
 * latency, moments on the views, scrubbing.
 */
async function timingMeasurements(context, page, size, ingest) {
  const runs = smoke ? 2 : 5;
  await page.evaluate(() => window.orderDeskBench.dropSnapshots());
  const first = await coldOpen(context, '/orders', ordersListed, ingest.orders);
  const baseline = { p50: first.ms };
  console.log(`  cold start, no snapshot (the whole log folded): ${Math.round(first.ms)} ms`);
  // The app writes its snapshot in the background once the log is folded: the page stays open.
  const snapshot = await page.evaluate(() => window.orderDeskBench.snapshotState(300_000));
  await first.page.close();
  if (snapshot.snapshotPosition !== snapshot.head)
    throw new Error(`No snapshot at the head ${snapshot.head} after the first start.`);
  console.log(
    `  snapshot: ${round(snapshot.snapshotBytes / 2 ** 20)} MB (${round((100 * snapshot.snapshotBytes) / snapshot.logBytes)}% of the log's ${round(snapshot.logBytes / 2 ** 20)} MB)`,
  );
  const cold = await coldStarts(context, ingest, runs);
  console.log(
    `  cold start to a correct orders view, with its snapshot: p50 ${Math.round(cold.p50)} ms, worst ${Math.round(cold.worst)} ms of ${runs}`,
  );
  const moments = await coldMoments(context, size, runs);
  console.log(
    `  cold ?at=N to moment N on screen: p50 ${Math.round(moments.p50)} ms, worst ${Math.round(moments.worst)} ms of ${runs}; other moments shown meanwhile: ${moments.wrong.length}`,
  );
  if (moments.wrong.length > 0)
    throw new Error(`Wrong moments on screen: ${JSON.stringify(moments.wrong)}`);

  const started = await coldOpen(context, '/orders', ordersListed, ingest.orders);
  const heapStarted = await heapOf(started.page);
  await started.page.close();
  console.log(
    `  heap after start: ${heapStarted.jsMB} MB JS + ${heapStarted.buffersMB} MB buffers`,
  );

  await page.goto(`${base}/bench/bench.html`);
  await page.waitForFunction(() => 'orderDeskBench' in window);
  const append = await page.evaluate((n) => window.orderDeskBench.appendLatency(n), latencySamples);
  const bare = await page.evaluate((n) => window.orderDeskBench.bareAdd(n), latencySamples);
  console.log(
    `  append p50/p95: ${round(append.p50)} / ${round(append.p95)} ms (bare IndexedDB add ${round(bare.p50)} / ${round(bare.p95)} ms)`,
  );

  // Three tabs sending commands on the same customers and orders at once.
  const benchPages = [];
  for (let tab = 0; tab < 3; tab++) {
    const benchPage = await context.newPage();
    benchPage.setDefaultTimeout(600_000);
    await benchPage.goto(`${base}/bench/bench.html`);
    await benchPage.waitForFunction(() => 'orderDeskBench' in window);
    benchPages.push(benchPage);
  }
  const contendedRuns = await Promise.all(
    benchPages.map((benchPage, tab) =>
      benchPage.evaluate(
        ({ count, seed }) => window.orderDeskBench.contendedCommands(count, seed),
        { count: smoke ? 30 : 150, seed: tab + 1 },
      ),
    ),
  );
  for (const benchPage of benchPages) await benchPage.close();
  const contendedTimes = contendedRuns.flatMap((run) => run.times).sort((a, b) => a - b);
  const percentile = (p) =>
    contendedTimes[
      Math.min(contendedTimes.length - 1, Math.ceil((p / 100) * contendedTimes.length) - 1)
    ];
  const contended = {
    p50: percentile(50),
    p95: percentile(95),
    refused: contendedRuns.reduce((sum, run) => sum + run.refused, 0),
    commands: contendedTimes.length,
  };
  console.log(
    `  3 tabs × ${contendedTimes.length / 3} commands at once: p50/p95 ${round(contended.p50)} / ${round(contended.p95)} ms (${contended.refused} refused by a rule or a conflict)`,
  );

  // A new page, so its heap holds nothing from the measurements before.
  const seekPage = await context.newPage();
  seekPage.setDefaultTimeout(600_000);
  await seekPage.goto(`${base}/bench/bench.html`);
  await seekPage.waitForFunction(() => 'orderDeskBench' in window);
  const seeks = await seekPage.evaluate(
    ({ samples, naive }) => window.orderDeskBench.seeks(samples, naive),
    { samples: smoke ? 50 : 300, naive: size >= 1_000_000 ? 5 : 20 },
  );
  await seekPage.close();
  await page.bringToFront();
  console.log(
    `  moments: view p50/p95 ${round(seeks.view.p50, 3)} / ${round(seeks.view.p95, 3)} ms; with the lists' first rows and the counts ${round(seeks.moment.p50, 2)} / ${round(seeks.moment.p95, 2)} ms; naive fold from the start ${round(seeks.naive.p50)} / ${round(seeks.naive.p95)} ms; desk opened in ${Math.round(seeks.openMs)} ms`,
  );

  const scrubs = [];
  for (const screen of scrubbedScreens) {
    const scrub = await scrubbing(page, screen, size, smoke ? 20 : 100);
    console.log(
      `  slider → screen on ${screen} p50/p95: ${round(scrub.p50)} / ${round(scrub.p95)} ms; long tasks while scrubbing: ${scrub.longTasks} (longest ${round(scrub.longestTask)} ms${scrub.longTasks > 0 ? `; in move${scrub.longTasks > 1 ? 's' : ''} ${scrub.longTaskMoves.join(', ')} of ${scrub.moves}` : ''})`,
    );
    scrubs.push({ screen, ...scrub });
  }
  const heapScrubbed = await heapOf(page);
  console.log(
    `  heap after scrubbing: ${heapScrubbed.jsMB} MB JS + ${heapScrubbed.buffersMB} MB buffers`,
  );

  return {
    baseline,
    snapshot,
    cold,
    moments,
    heapStarted,
    heapScrubbed,
    append,
    bare,
    contended,
    seeks,
    scrubs,
  };
}

/** The results of `timingMeasurements`, as written to latest.json. */
const timingResults = (t) => ({
  coldStartNoSnapshotMs: Math.round(t.baseline.p50),
  coldStartP50Ms: Math.round(t.cold.p50),
  coldStartWorstMs: Math.round(t.cold.worst),
  coldMomentP50Ms: Math.round(t.moments.p50),
  coldMomentWorstMs: Math.round(t.moments.worst),
  wrongMomentsShown: t.moments.wrong.length,
  snapshotMB: round(t.snapshot.snapshotBytes / 2 ** 20),
  logMB: round(t.snapshot.logBytes / 2 ** 20),
  heapAfterStartMB: t.heapStarted,
  heapAfterScrubbingMB: t.heapScrubbed,
  appendP50Ms: round(t.append.p50, 2),
  appendP95Ms: round(t.append.p95, 2),
  contendedP50Ms: round(t.contended.p50, 1),
  contendedP95Ms: round(t.contended.p95, 1),
  bareAddP50Ms: round(t.bare.p50, 2),
  bareAddP95Ms: round(t.bare.p95, 2),
  latencySamples,
  viewP95Ms: round(t.seeks.view.p95, 3),
  momentP50Ms: round(t.seeks.moment.p50, 2),
  momentP95Ms: round(t.seeks.moment.p95, 2),
  naiveSeekP50Ms: round(t.seeks.naive.p50, 1),
  naiveSeekP95Ms: round(t.seeks.naive.p95, 1),
  scrubbing: t.scrubs.map((scrub) => ({
    screen: scrub.screen,
    sliderP50Ms: round(scrub.p50, 1),
    sliderP95Ms: round(scrub.p95, 1),
    longTasks: scrub.longTasks,
    longestTaskMs: round(scrub.longestTask),
    longTaskMoves: scrub.longTaskMoves,
  })),
});

const results = [];
try {
  for (const size of sizes) {
    console.log(`\n${size.toLocaleString('en')} events`);
    // A fresh context per size: an empty IndexedDB.
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(600_000);
    await page.goto(`${base}/bench/bench.html`);
    await page.waitForFunction(() => 'orderDeskBench' in window);

    const ingest = await page.evaluate((n) => window.orderDeskBench.ingest(n), size);
    console.log(
      `  bulk ingest: ${Math.round(ingest.eventsPerSecond).toLocaleString('en')} events/s`,
    );

    const timing = everything ? await timingMeasurements(context, page, size, ingest) : null;

    await page.goto(`${base}/bench/bench.html`);
    await page.waitForFunction(() => 'orderDeskBench' in window);
    const file = await page.evaluate(
      (here) => window.orderDeskBench.eventLogFile(here),
      size <= 100_000,
    );
    console.log(
      `  export: ${round(file.fileMB)} MB in ${Math.round(file.exportMs)} ms = ${round(file.exportMBps)} MB/s (JSON.stringify of the same CloudEvents ${round(file.stringifyMBps)} MB/s; reading them from IndexedDB ${Math.round(file.readMs)} ms)`,
    );
    console.log(
      `  import (read + parse + check in the workers, plan, append): ${Math.round(file.importEventsPerSecond).toLocaleString('en')} events/s, ${Math.round(file.importMs)} ms (workers ${Math.round(file.workerMs)} ms: checking from ${Math.round(file.checkingStartedMs)} ms; plan ${Math.round(file.planMs)} ms (longest task ${Math.round(file.planLongestTaskMs)} ms), append ${Math.round(file.appendMs)} ms${file.parseHereMs === null ? '' : `; parse + check on the page alone ${Math.round(file.parseHereMs)} ms`})`,
    );

    const throughThePage = await importThroughThePage(page);

    const forms = await page.evaluate(() => window.orderDeskBench.storedForms());
    console.log(
      `  stored form of a snapshot: typed arrays ${round(forms.typed.mb)} MB, written ${Math.round(forms.typed.writeMs)} ms, read ${Math.round(forms.typed.readMs)} ms; as JSON ${round(forms.json.mb)} MB, written ${Math.round(forms.json.writeMs)} ms, read ${Math.round(forms.json.readMs)} ms`,
    );
    const cleanup = await page.evaluate(
      (events) => window.orderDeskBench.stagedCleanup(events),
      smoke ? 5_000 : 100_000,
    );
    console.log(
      `  a failed import's ${cleanup.events.toLocaleString('en')} staged events removed in ${Math.round(cleanup.ms)} ms`,
    );

    results.push({
      events: size,
      storedForms: forms,
      stagedCleanupMs: Math.round(cleanup.ms),
      orders: ingest.orders,
      ingestEventsPerSecond: Math.round(ingest.eventsPerSecond),
      ...(timing && timingResults(timing)),
      exportFileMB: round(file.fileMB),
      exportMBps: round(file.exportMBps),
      stringifyMBps: round(file.stringifyMBps),
      importEventsPerSecond: Math.round(file.importEventsPerSecond),
      importMs: Math.round(file.importMs),
      importWorkerMs: Math.round(file.workerMs),
      importPlanMs: Math.round(file.planMs),
      importPlanLongestTaskMs: Math.round(file.planLongestTaskMs),
      importAppendMs: Math.round(file.appendMs),
      parseOnPageMs: file.parseHereMs === null ? null : Math.round(file.parseHereMs),
      pageImportMs: throughThePage.importMs,
      coldStartAfterPageImportP50Ms: Math.round(throughThePage.cold.p50),
      coldStartAfterPageImportWorstMs: Math.round(throughThePage.cold.worst),
    });
    await context.close();
  }
} finally {
  await browser.close();
  process.kill(-server.pid);
}

const timed = results.filter((r) => r.coldStartP50Ms !== undefined);
if (timed.length > 0) {
  console.log(
    '\n| events | ingest (events/s) | cold start, no snapshot (ms) | cold start p50 / worst (ms) | cold ?at=N p50 / worst (ms) | wrong moments shown | snapshot / log (MB) |',
  );
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of timed)
    console.log(
      `| ${r.events.toLocaleString('en')} | ${r.ingestEventsPerSecond.toLocaleString('en')} | ${r.coldStartNoSnapshotMs.toLocaleString('en')} | ${r.coldStartP50Ms} / ${r.coldStartWorstMs} | ${r.coldMomentP50Ms} / ${r.coldMomentWorstMs} | ${r.wrongMomentsShown} | ${r.snapshotMB} / ${r.logMB} |`,
    );

  console.log(
    '\n| events | heap after start: JS + buffers (MB) | after scrubbing (MB) | append p50 / p95 (ms) | moment p50 / p95 (ms) | naive fold p50 / p95 (ms) |',
  );
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of timed)
    console.log(
      `| ${r.events.toLocaleString('en')} | ${r.heapAfterStartMB.jsMB} + ${r.heapAfterStartMB.buffersMB} | ${r.heapAfterScrubbingMB.jsMB} + ${r.heapAfterScrubbingMB.buffersMB} | ${r.appendP50Ms} / ${r.appendP95Ms} | ${r.momentP50Ms} / ${r.momentP95Ms} | ${r.naiveSeekP50Ms} / ${r.naiveSeekP95Ms} |`,
    );

  console.log(
    '\n| events | screen | slider → screen p50 / p95 (ms) | long tasks while scrubbing (longest ms) |',
  );
  console.log('| ---: | --- | ---: | ---: |');
  for (const r of timed)
    for (const scrub of r.scrubbing)
      console.log(
        `| ${r.events.toLocaleString('en')} | ${scrub.screen} | ${scrub.sliderP50Ms} / ${scrub.sliderP95Ms} | ${scrub.longTasks} (${scrub.longestTaskMs}) |`,
      );
}

console.log(
  '\n| events | file (MB) | export (MB/s) | JSON.stringify (MB/s) | import (events/s) | import: worker / plan / append (ms) | on the Data page: import (ms), then cold start p50 / worst (ms) |',
);
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of results)
  console.log(
    `| ${r.events.toLocaleString('en')} | ${r.exportFileMB} | ${r.exportMBps} | ${r.stringifyMBps} | ${r.importEventsPerSecond.toLocaleString('en')} | ${r.importWorkerMs} / ${r.importPlanMs} / ${r.importAppendMs} | ${r.pageImportMs.toLocaleString('en')}, ${r.coldStartAfterPageImportP50Ms} / ${r.coldStartAfterPageImportWorstMs} |`,
  );

const out = resolve(root, 'bench/results/latest.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(
  out,
  JSON.stringify({ date: new Date().toISOString(), chromium: chromiumVersion, results }, null, 2),
);
console.log(`\nWrote ${out}`);
