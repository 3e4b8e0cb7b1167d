#!/usr/bin/env node
// Benchmarks of the production build in headless Chromium. Prints a table and writes
// bench/results/latest.json. Sizes: --sizes=10000,100000,1000000 (default), --smoke (2000 only).
// --only=import measures only the event log file (export, then import) after the ingest it needs,
// skipping cold start, append latency, seeks and scrubbing: a quick loop while tuning the import.
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
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
const port = Number(flag('port') ?? 4180);
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
  await page.waitForFunction(
    () =>
      !document.querySelector('#log-progress') && !document.querySelector('.timeline-preparing'),
  );
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
        await new Promise((resolve) => {
          const check = () =>
            document.querySelector(`[data-view-position="${position}"]`)
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

/**
 * Everything but the event log file, against the ingested log: cold start, append latency, seeks
 * and scrubbing.
 */
async function timingMeasurements(context, page, size, ingest) {
  // Cold start: load the app on /orders and wait until it lists every order.
  await page.goto(`${base}/orders`);
  await page.waitForFunction(
    (orders) =>
      document.querySelector('[data-testid="orders-count"]')?.getAttribute('data-count') ===
      String(orders),
    ingest.orders,
    { polling: 50 },
  );
  const coldStartMs = await page.evaluate(() => performance.now());
  console.log(`  cold start to a correct orders view: ${Math.round(coldStartMs)} ms`);

  await page.goto(`${base}/bench/bench.html`);
  await page.waitForFunction(() => 'orderDeskBench' in window);
  const append = await page.evaluate((n) => window.orderDeskBench.appendLatency(n), latencySamples);
  const bare = await page.evaluate((n) => window.orderDeskBench.bareAdd(n), latencySamples);
  console.log(
    `  append p50/p95: ${round(append.p50)} / ${round(append.p95)} ms (bare IndexedDB add ${round(bare.p50)} / ${round(bare.p95)} ms)`,
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
    `  seek p50/p95: ${round(seeks.seek.p50, 2)} / ${round(seeks.seek.p95, 2)} ms; naive fold from the start ${round(seeks.naive.p50)} / ${round(seeks.naive.p95)} ms; present folded in ${Math.round(seeks.presentMs)} ms, ${seeks.checkpoints} checkpoints built by ${Math.round(seeks.buildMs)} ms, ${round(seeks.checkpointHeapMB)} MB (desk ${round(seeks.deskHeapMB)} MB, present only ${round(seeks.presentOnlyHeapMB)} MB)`,
  );

  const scrubs = [];
  for (const screen of scrubbedScreens) {
    const scrub = await scrubbing(page, screen, size, smoke ? 20 : 100);
    console.log(
      `  slider → screen on ${screen} p50/p95: ${round(scrub.p50)} / ${round(scrub.p95)} ms; long tasks while scrubbing: ${scrub.longTasks} (longest ${round(scrub.longestTask)} ms${scrub.longTasks > 0 ? `; in move${scrub.longTasks > 1 ? 's' : ''} ${scrub.longTaskMoves.join(', ')} of ${scrub.moves}` : ''})`,
    );
    scrubs.push({ screen, ...scrub });
  }

  return { coldStartMs, append, bare, seeks, scrubs };
}

/** The results of `timingMeasurements`, as written to latest.json. */
const timingResults = ({ coldStartMs, append, bare, seeks, scrubs }) => ({
  coldStartMs: Math.round(coldStartMs),
  appendP50Ms: round(append.p50, 2),
  appendP95Ms: round(append.p95, 2),
  bareAddP50Ms: round(bare.p50, 2),
  bareAddP95Ms: round(bare.p95, 2),
  latencySamples,
  checkpoints: seeks.checkpoints,
  presentFoldMs: Math.round(seeks.presentMs),
  timelineBuildMs: Math.round(seeks.buildMs),
  seekP50Ms: round(seeks.seek.p50, 2),
  seekP95Ms: round(seeks.seek.p95, 2),
  naiveSeekP50Ms: round(seeks.naive.p50, 1),
  naiveSeekP95Ms: round(seeks.naive.p95, 1),
  checkpointHeapMB: round(seeks.checkpointHeapMB),
  deskHeapMB: round(seeks.deskHeapMB),
  presentOnlyHeapMB: round(seeks.presentOnlyHeapMB),
  scrubbing: scrubs.map((scrub) => ({
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

    results.push({
      events: size,
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
    });
    await context.close();
  }
} finally {
  await browser.close();
  process.kill(-server.pid);
}

const timed = results.filter((r) => r.coldStartMs !== undefined);
if (timed.length > 0) {
  console.log(
    '\n| events | ingest (events/s) | cold start (ms) | append p50 / p95 (ms) | bare IDB add p50 / p95 (ms) |',
  );
  console.log('| ---: | ---: | ---: | ---: | ---: |');
  for (const r of timed)
    console.log(
      `| ${r.events.toLocaleString('en')} | ${r.ingestEventsPerSecond.toLocaleString('en')} | ${r.coldStartMs.toLocaleString('en')} | ${r.appendP50Ms} / ${r.appendP95Ms} | ${r.bareAddP50Ms} / ${r.bareAddP95Ms} |`,
    );

  console.log(
    '\n| events | seek p50 / p95 (ms) | naive fold p50 / p95 (ms) | checkpoints (heap MB) |',
  );
  console.log('| ---: | ---: | ---: | ---: |');
  for (const r of timed)
    console.log(
      `| ${r.events.toLocaleString('en')} | ${r.seekP50Ms} / ${r.seekP95Ms} | ${r.naiveSeekP50Ms} / ${r.naiveSeekP95Ms} | ${r.checkpoints} (${r.checkpointHeapMB}) |`,
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
  '\n| events | file (MB) | export (MB/s) | JSON.stringify (MB/s) | import (events/s) | import: worker / plan / append (ms) |',
);
console.log('| ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of results)
  console.log(
    `| ${r.events.toLocaleString('en')} | ${r.exportFileMB} | ${r.exportMBps} | ${r.stringifyMBps} | ${r.importEventsPerSecond.toLocaleString('en')} | ${r.importWorkerMs} / ${r.importPlanMs} / ${r.importAppendMs} |`,
  );

const out = resolve(root, 'bench/results/latest.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(
  out,
  JSON.stringify({ date: new Date().toISOString(), chromium: chromiumVersion, results }, null, 2),
);
console.log(`\nWrote ${out}`);
