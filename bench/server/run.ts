/**
 * `npm run bench:server`: a bounded load test of the sync server on this machine.
 *
 * 1. Push load: D desks × V devices (default 20 × 5), each device a closed loop that pushes one
 *    command at a time through an order's life (placed, paid, shipped, delivered) and waits for
 *    the reply, while long-polling its desk like a real device. Reports pushes/s and the push
 *    latency percentiles.
 * 2. Pull: a desk of N events (default 1,000,000), pushed in batches of 2,000, then pulled by a
 *    fresh client in pages of 10,000, one page at a time, then two at a time (positions are
 *    gapless, so a client may ask for the next page before parsing this one); every page is
 *    parsed and checked to continue the one before. Reports events/s.
 *
 * 3. Devices in the browser: the production build's benchmark page in headless Chromium. Two
 *    devices (two browser contexts) joined to one desk: the time from a command on A to B's views
 *    showing it, one command at a time (p50, p95). Then a fresh device joins the pull desk of
 *    phase 2 and pulls all of it into IndexedDB through the app's sync engine until its views
 *    show it (events/s, and the CPU of the server, PostgreSQL and all of Chromium's processes).
 *    Then the same pull done bare in another fresh browser (fetched, parsed and written straight
 *    to IndexedDB, nothing checked or folded): what the browser alone takes on this machine.
 *
 * The server runs in its own process, as `npm run server` runs it, on a throwaway PostgreSQL
 * cluster with the default (durable) settings, or on DATABASE_URL. Besides the rates, each phase
 * reports the CPU time per operation of the server, PostgreSQL and this client, and the machine's
 * load average as it began. Figures go to stdout and to bench/results/server.json.
 *
 * Options: --desks=20 --devices=5 --seconds=20 --events=1000000 --samples=50
 * --smoke (2 × 2, 3 s, 20,000, 10 samples).
 * --profile: the pages are built without minifying, and the fresh browser's pull is profiled
 * (Chromium's CPU profiler): its time per stage is printed, the profile written to
 * bench/results/browser-pull.cpuprofile (open it in Chromium's DevTools).
 * SERVER_NODE_FLAGS passes flags to the server's node, e.g. "--cpu-prof --cpu-prof-dir=prof".
 */
import { execFileSync, spawn, type ChildProcessByStdio } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { chromium, type Page } from 'playwright-core';
import { Pool as HttpPool } from 'undici';
import { chromiumArgs, chromiumPath } from '../../chromium.config.mjs';
import { createDesk } from '../../server/src/access/access';
import { createPool } from '../../server/src/db/database';
import { startLocalPostgres } from '../../server/src/db/localPostgres';
import { migrate } from '../../server/src/db/migrations';
import { stageRows } from './pullProfile';

const root = resolve(import.meta.dirname, '..', '..');
const args = process.argv.slice(2);
const smoke = args.includes('--smoke');
const option = (name: string, full: number, small: number): number => {
  const given = args.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1];
  return given === undefined ? (smoke ? small : full) : Number(given);
};
const DESKS = option('desks', 20, 2);
const DEVICES = option('devices', 5, 2);
const SECONDS = option('seconds', 20, 3);
const PULL_EVENTS = option('events', 1_000_000, 20_000);
const LATENCY_SAMPLES = option('samples', 50, 10);
const PROFILE = args.includes('--profile');
const PROFILE_FILE = join(root, 'bench/results/browser-pull.cpuprofile');
const PAGES_PORT = 4181;
const PUSH_BATCH = 2000;
const PAGE = 10_000;

interface Device {
  readonly desk: string;
  readonly token: string;
}

const time = () => new Date().toISOString();

/**
 * Ticks of /proc/<pid>/stat: utime + stime, the same of its children that ended (cutime +
 * cstime), and the parent's pid.
 */
function procStat(
  pid: number,
  thread = '',
): { cpuMs: number; endedChildrenMs: number; parent: number } | undefined {
  try {
    const path = `/proc/${pid}${thread === '' ? '' : `/task/${thread}`}/stat`;
    const fields = readFileSync(path, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return {
      cpuMs: (Number(fields[11]) + Number(fields[12])) * 10,
      endedChildrenMs: (Number(fields[13]) + Number(fields[14])) * 10,
      parent: Number(fields[1]),
    };
  } catch {
    return undefined;
  }
}

/**
 * CPU time (ms) used so far by the server, by PostgreSQL (the embedded cluster's postmaster and
 * its backends; unknown on DATABASE_URL) and by this client. Wall-clock rates on a shared machine
 * swing with whatever else runs; CPU per operation does not, much.
 */
function cpuNow(serverPid: number, postmasterPid: number | undefined) {
  let postgres = 0;
  if (postmasterPid !== undefined)
    for (const entry of readdirSync('/proc')) {
      const pid = Number(entry);
      if (!Number.isInteger(pid)) continue;
      const stat = procStat(pid);
      // A backend that ended (a connection closed) counts in the postmaster's ended children.
      if (stat && pid === postmasterPid) postgres += stat.cpuMs + stat.endedChildrenMs;
      else if (stat?.parent === postmasterPid) postgres += stat.cpuMs;
    }
  const client = process.cpuUsage();
  return {
    server: procStat(serverPid)?.cpuMs ?? NaN,
    postgres: postmasterPid === undefined ? NaN : postgres,
    client: (client.user + client.system) / 1000,
  };
}

type Cpu = ReturnType<typeof cpuNow>;

/**
 * CPU time (ms) used so far by the Chromium this process launched: all of its processes, and the
 * main threads of its renderers (a page's JavaScript, DOM and IndexedDB calls run there, one
 * after another: the part of the work no other core can take).
 */
function chromiumCpuMs(): { all: number; pageThreads: number } {
  const stats = new Map<number, { cpuMs: number; parent: number }>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    const stat = Number.isInteger(pid) ? procStat(pid) : undefined;
    if (stat) stats.set(pid, stat);
  }
  const commandLine = (pid: number) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      return '';
    }
  };
  const used = { all: 0, pageThreads: 0 };
  const tree = [...stats.keys()].filter(
    (pid) => stats.get(pid)?.parent === process.pid && commandLine(pid).includes('chrom'),
  );
  for (let pid = tree.pop(); pid !== undefined; pid = tree.pop()) {
    used.all += stats.get(pid)?.cpuMs ?? 0;
    if (commandLine(pid).includes('--type=renderer'))
      used.pageThreads += procStat(pid, String(pid))?.cpuMs ?? 0;
    for (const [child, stat] of stats) if (stat.parent === pid) tree.push(child);
  }
  return used;
}

/** CPU µs per operation of each process between two readings. */
const cpuPer = (before: Cpu, after: Cpu, operations: number) => ({
  serverCpuUs: Math.round(((after.server - before.server) * 1000) / operations),
  postgresCpuUs: Math.round(((after.postgres - before.postgres) * 1000) / operations),
  clientCpuUs: Math.round(((after.client - before.client) * 1000) / operations),
});

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function startServerProcess(
  databaseUrl: string,
): Promise<{ url: string; child: ChildProcessByStdio<null, Readable, null> }> {
  const child = spawn(
    process.execPath,
    [
      ...(process.env.SERVER_NODE_FLAGS?.split(' ') ?? []),
      '--import',
      'tsx',
      join(root, 'server/src/main.ts'),
      '--port',
      '0',
    ],
    {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise<string>((resolveUrl, reject) => {
    let seen = '';
    const timer = setTimeout(() => {
      reject(new Error(`the server did not start:\n${seen}`));
    }, 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const found = /listening on (http:\/\/\S+)/.exec(seen);
      if (found?.[1]) {
        clearTimeout(timer);
        resolveUrl(found[1]);
      }
    });
    child.once('exit', (code) => {
      reject(new Error(`the server exited (${String(code)})\n${seen}`));
    });
  });
  return { url, child };
}

interface Reply<T> {
  readonly status: number;
  readonly body: T;
}

async function call<T = unknown>(
  http: HttpPool,
  method: 'GET' | 'POST',
  path: string,
  token?: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<Reply<T>> {
  const response = await http.request({
    method,
    path,
    ...(signal ? { signal } : {}),
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.statusCode, body: (await response.body.json()) as T };
}

async function joinDesk(http: HttpPool, invite: string): Promise<Device> {
  const joined = await call<{ token: string; desk: { id: string } }>(
    http,
    'POST',
    '/v1/join',
    undefined,
    { invite },
  );
  if (joined.status !== 201) throw new Error(`join: ${JSON.stringify(joined.body)}`);
  return { desk: joined.body.desk.id, token: joined.body.token };
}

async function makeDesks(
  databaseUrl: string,
  http: HttpPool,
  desks: number,
  devices: number,
): Promise<Device[][]> {
  const pool = createPool(databaseUrl, 2);
  try {
    const made: Device[][] = [];
    for (let d = 0; d < desks; d++) {
      const { invite } = await createDesk(pool, `Bench desk ${d}`, 'Owner');
      const owner = await joinDesk(http, invite.code);
      const team = [owner];
      for (let v = 1; v < devices; v++) {
        const made = await call<{ invite: { code: string } }>(
          http,
          'POST',
          `/v1/desks/${owner.desk}/invites`,
          owner.token,
          { person: `Staff ${v}` },
        );
        team.push(await joinDesk(http, made.body.invite.code));
      }
      made.push(team);
    }
    return made;
  } finally {
    await pool.end();
  }
}

/** The next command of an order's life, as one event at the stream's next version. */
function lifeStep(orderId: string, step: number): { type: string; data: Record<string, unknown> } {
  switch (step) {
    case 0:
      return {
        type: 'OrderPlaced',
        data: {
          order_id: orderId,
          customer_id: 'c1',
          currency: 'EUR',
          items: [{ product_id: 'p1', name: 'Tea', quantity: 2, unit_price: 350 }],
          total: 700,
        },
      };
    case 1:
      return {
        type: 'PaymentProcessed',
        data: { order_id: orderId, payment_id: `pay-${orderId}`, amount: 700, method: 'card' },
      };
    case 2:
      return {
        type: 'OrderShipped',
        data: { order_id: orderId, carrier: 'Post', tracking_number: `T-${orderId}` },
      };
    default:
      return { type: 'OrderDelivered', data: { order_id: orderId } };
  }
}

interface LoadResult {
  pushes: number;
  events: number;
  rejected: number;
  failed: number;
  latencies: number[];
  polled: number;
}

async function pushLoad(http: HttpPool, desks: Device[][], seconds: number): Promise<LoadResult> {
  const result: LoadResult = {
    pushes: 0,
    events: 0,
    rejected: 0,
    failed: 0,
    latencies: [],
    polled: 0,
  };
  const until = performance.now() + seconds * 1000;

  const pusher = async (device: Device, index: number) => {
    let order = 0;
    let step = 0;
    while (performance.now() < until) {
      const orderId = `d${index}-${order}`;
      const { type, data } = lifeStep(orderId, step);
      const started = performance.now();
      const reply = await call<{ accepted: unknown[]; rejected: unknown[] }>(
        http,
        'POST',
        `/v1/desks/${device.desk}/push`,
        device.token,
        {
          commits: [
            {
              stream: `order-${orderId}`,
              expectedVersion: step,
              events: [{ id: randomUUID(), type, time: time(), dataversion: 1, data }],
            },
          ],
        },
      );
      result.latencies.push(performance.now() - started);
      if (reply.status !== 200) result.failed += 1;
      else {
        result.pushes += 1;
        result.events += reply.body.accepted.length;
        result.rejected += reply.body.rejected.length;
      }
      step += 1;
      if (step === 4) {
        step = 0;
        order += 1;
      }
    }
  };

  // Polls wait as long as a device's do; they are cut off when the pushing ends.
  const stopPolling = new AbortController();
  const poller = async (device: Device) => {
    let after = 0;
    while (!stopPolling.signal.aborted) {
      const page = await call<{ head: number; events: unknown[] }>(
        http,
        'GET',
        `/v1/desks/${device.desk}/events?after=${after}&wait=25`,
        device.token,
        undefined,
        // A signal of its own that follows the stop: undici leaves its abort listener on the
        // signal it was given, and one shared signal would gather a listener per poll.
        AbortSignal.any([stopPolling.signal]),
      ).catch((error: unknown) => {
        if (stopPolling.signal.aborted) return undefined;
        throw error;
      });
      after += page?.body.events.length ?? 0;
      result.polled += page?.body.events.length ?? 0;
    }
  };

  const devices = desks.flat();
  const polling = devices.map(poller);
  await Promise.all(devices.map(pusher));
  stopPolling.abort();
  await Promise.all(polling);
  return result;
}

async function seed(http: HttpPool, device: Device, events: number): Promise<number> {
  const started = performance.now();
  let pushed = 0;
  let order = 0;
  while (pushed < events) {
    const commits = [];
    let inBatch = 0;
    while (inBatch < PUSH_BATCH && pushed + inBatch < events) {
      const orderId = `seed-${order++}`;
      const steps = Math.min(4, PUSH_BATCH - inBatch, events - pushed - inBatch);
      commits.push({
        stream: `order-${orderId}`,
        expectedVersion: 0,
        events: Array.from({ length: steps }, (_, step) => ({
          id: randomUUID(),
          time: time(),
          dataversion: 1,
          ...lifeStep(orderId, step),
        })),
      });
      inBatch += steps;
    }
    const reply = await call<{ accepted: unknown[] }>(
      http,
      'POST',
      `/v1/desks/${device.desk}/push`,
      device.token,
      { commits },
    );
    if (reply.status !== 200 || reply.body.accepted.length !== inBatch)
      throw new Error(`seed push: ${JSON.stringify(reply.body).slice(0, 300)}`);
    pushed += inBatch;
  }
  return events / ((performance.now() - started) / 1000);
}

/**
 * Pulls the whole desk into a fresh client, as a new device would, `inFlight` pages at a time:
 * positions are gapless, so page k starts after k × PAGE and the pages can be asked for before
 * the one before has been parsed. Each page is parsed and checked to continue the one before.
 */
async function pullAll(
  url: string,
  device: Device,
  inFlight: number,
): Promise<{ seconds: number; bytes: number; events: number }> {
  const http = new HttpPool(url, { connections: inFlight });
  const fetchPage = async (after: number) => {
    const response = await http.request({
      method: 'GET',
      path: `/v1/desks/${device.desk}/events?after=${after}&limit=${PAGE}`,
      headers: { authorization: `Bearer ${device.token}` },
    });
    return response.body.text();
  };
  const started = performance.now();
  let bytes = 0;
  let confirmed = 0;
  const apply = (text: string) => {
    bytes += Buffer.byteLength(text);
    const page = JSON.parse(text) as { head: number; events: { sequence: string }[] };
    for (const event of page.events) {
      if (Number(event.sequence) !== confirmed + 1)
        throw new Error(`event ${event.sequence} after ${confirmed}`);
      confirmed += 1;
    }
    return page.head;
  };
  const head = apply(await fetchPage(0));
  const pages: Promise<string>[] = [];
  let next = confirmed;
  const ask = () => {
    while (pages.length < inFlight && next < head) {
      pages.push(fetchPage(next));
      next += PAGE;
    }
  };
  ask();
  for (let page = pages.shift(); page; page = pages.shift()) {
    const text = await page;
    ask();
    apply(text);
  }
  const seconds = (performance.now() - started) / 1000;
  await http.close();
  return { seconds, bytes, events: confirmed };
}

/** What the benchmark page (bench/page.ts) offers, as the pages' code sees it. */
interface BenchPage {
  orderDeskBench: {
    syncJoin(server: string, invite: string): Promise<{ joinMs: number; startedAt: number }>;
    syncConfirmed(head: number, since: number): Promise<{ ms: number; folded: number }>;
    syncExpect(id: string): void;
    syncSeenAt(id: string): Promise<number>;
    syncRegister(id: string): Promise<number>;
    bareSyncPull(
      server: string,
      desk: string,
      token: string,
      head: number,
    ): Promise<{ ms: number }>;
  };
}

/** Builds the production bundle with the benchmark page and serves it; returns its URL. */
async function servePages(): Promise<{ base: string; stop: () => void }> {
  execFileSync(
    'npx',
    [
      'vite',
      'build',
      '--config',
      'bench/vite.config.ts',
      '--logLevel',
      'warn',
      // A profile names the source's functions only in a bundle that keeps their names.
      ...(PROFILE ? ['--minify', 'false'] : []),
    ],
    { cwd: root, stdio: 'inherit' },
  );
  const child = spawn(
    'npx',
    ['vite', 'preview', '--outDir', 'dist-bench', '--port', String(PAGES_PORT), '--strictPort'],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], detached: true },
  );
  await new Promise<void>((ready, reject) => {
    const timer = setTimeout(() => {
      reject(new Error('vite preview did not start'));
    }, 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes(String(PAGES_PORT))) {
        clearTimeout(timer);
        ready();
      }
    });
  });
  return {
    base: `http://localhost:${PAGES_PORT}`,
    stop: () => {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
    },
  };
}

async function invite(http: HttpPool, owner: Device, person: string): Promise<string> {
  const made = await call<{ invite: { code: string } }>(
    http,
    'POST',
    `/v1/desks/${owner.desk}/invites`,
    owner.token,
    { person },
  );
  return made.body.invite.code;
}

/**
 * Devices in Chromium: A's command to B's views, one at a time; then a fresh device pulling the
 * pull desk (`pullOwner`'s, `pullEvents` events) through the app's sync engine.
 */
async function browserDevices(
  serverUrl: string,
  http: HttpPool,
  databaseUrl: string,
  pullOwner: Device,
  pullEvents: number,
  cpu: () => Cpu,
) {
  const pages = await servePages();
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  try {
    const open = async (): Promise<Page> => {
      const page = await (await browser.newContext()).newPage();
      await page.goto(`${pages.base}/bench/bench.html`);
      await page.waitForFunction(() => 'orderDeskBench' in globalThis);
      return page;
    };
    const join = (page: Page, code: string) =>
      page.evaluate(
        ([server, invited]) =>
          (globalThis as unknown as BenchPage).orderDeskBench.syncJoin(server, invited),
        [serverUrl, code] as const,
      );
    const [owner] = (await makeDesks(databaseUrl, http, 1, 1))[0] ?? [];
    if (!owner) throw new Error('no desk for the devices');
    const a = await open();
    const b = await open();
    await join(a, await invite(http, owner, 'Counter'));
    await join(b, await invite(http, owner, 'Packer'));
    const latencies: number[] = [];
    for (let i = 0; i <= LATENCY_SAMPLES; i++) {
      const id = `latency-${i}`;
      await b.evaluate((watched) => {
        (globalThis as unknown as BenchPage).orderDeskBench.syncExpect(watched);
      }, id);
      const given = await a.evaluate(
        (registered) =>
          (globalThis as unknown as BenchPage).orderDeskBench.syncRegister(registered),
        id,
      );
      const seen = await b.evaluate(
        (watched) => (globalThis as unknown as BenchPage).orderDeskBench.syncSeenAt(watched),
        id,
      );
      // The first is a warm-up: the long-polls are set up by then.
      if (i > 0) latencies.push(seen - given);
    }
    latencies.sort((x, y) => x - y);
    const devices = {
      commands: latencies.length,
      p50Ms: Math.round(percentile(latencies, 50)),
      p95Ms: Math.round(percentile(latencies, 95)),
      maxMs: Math.round(latencies.at(-1) ?? NaN),
    };
    console.table([devices]);

    console.log(
      `A fresh browser joins the pull desk and pulls its ${pullEvents.toLocaleString('en')} events…`,
    );
    const browserPull = await inFreshBrowser(
      pages.base,
      pullEvents,
      cpu,
      appPull(join, await invite(http, pullOwner, 'New device')),
      PROFILE,
    );
    console.log('The same pull done bare: fetched, parsed and written, nothing checked or folded…');
    const bareBrowserPull = await inFreshBrowser(
      pages.base,
      pullEvents,
      cpu,
      barePull(serverUrl, await joinDesk(http, await invite(http, pullOwner, 'Bare device'))),
    );
    return { devices, browserPull, bareBrowserPull };
  } finally {
    await browser.close();
    pages.stop();
  }
}

/**
 * A fresh device joining the pull desk with the invite `code` and pulling it through the app's
 * sync engine: the ms from the join until its views show the head.
 */
const appPull =
  (joinDesk: (page: Page, code: string) => Promise<{ startedAt: number }>, code: string) =>
  async (fresh: Page, pullEvents: number): Promise<number> => {
    const { startedAt } = await joinDesk(fresh, code);
    const pulled = await fresh.evaluate(
      ([head, since]) =>
        (globalThis as unknown as BenchPage).orderDeskBench.syncConfirmed(head, since),
      [pullEvents, startedAt] as const,
    );
    return pulled.ms;
  };

/**
 * The same pull done bare by a `device` joined already (bench/page.ts, bareSyncPull): fetched,
 * parsed and written, nothing checked or folded. What the browser alone takes on this machine.
 */
const barePull =
  (serverUrl: string, device: Device) =>
  async (fresh: Page, pullEvents: number): Promise<number> => {
    const { ms } = await fresh.evaluate(
      ([server, desk, token, head]) =>
        (globalThis as unknown as BenchPage).orderDeskBench.bareSyncPull(server, desk, token, head),
      [serverUrl, device.desk, device.token, pullEvents] as const,
    );
    return ms;
  };

/**
 * `pull` of `pullEvents` events on the benchmark page of a browser of its own whose profile is on
 * disk, as a person's is (a new context of a launched browser keeps IndexedDB in memory): its
 * rate, and the CPU it took per event. `profiled`: the page's main thread is profiled.
 */
async function inFreshBrowser(
  base: string,
  pullEvents: number,
  cpu: () => Cpu,
  pull: (fresh: Page, pullEvents: number) => Promise<number>,
  profiled = false,
) {
  const profileFolder = await mkdtemp(join(tmpdir(), 'order-desk-bench-device-'));
  const context = await chromium.launchPersistentContext(profileFolder, {
    executablePath: chromiumPath,
    args: chromiumArgs,
  });
  try {
    const fresh = await context.newPage();
    await fresh.goto(`${base}/bench/bench.html`);
    await fresh.waitForFunction(() => 'orderDeskBench' in globalThis);
    const profiler = profiled ? await fresh.context().newCDPSession(fresh) : undefined;
    if (profiler) {
      await profiler.send('Profiler.enable');
      await profiler.send('Profiler.start');
    }
    const pullLoad = loadavg()[0] ?? NaN;
    const cpuBefore = { ...cpu(), chromium: chromiumCpuMs() };
    const ms = await pull(fresh, pullEvents);
    const cpuAfter = { ...cpu(), chromium: chromiumCpuMs() };
    if (profiler) {
      const { profile } = await profiler.send('Profiler.stop');
      await mkdir(dirname(PROFILE_FILE), { recursive: true });
      await writeFile(PROFILE_FILE, JSON.stringify(profile));
      console.log('Where the fresh browser’s time went (its page’s main thread, profiled):');
      console.table(stageRows(profile, pullEvents));
    }
    const { serverCpuUs, postgresCpuUs } = cpuPer(cpuBefore, cpuAfter, pullEvents);
    const figures = {
      events: pullEvents,
      seconds: Number((ms / 1000).toFixed(2)),
      eventsPerSecond: Math.round(pullEvents / (ms / 1000)),
      serverCpuUs,
      postgresCpuUs,
      chromiumCpuUs: Math.round(
        ((cpuAfter.chromium.all - cpuBefore.chromium.all) * 1000) / pullEvents,
      ),
      pageThreadCpuUs: Math.round(
        ((cpuAfter.chromium.pageThreads - cpuBefore.chromium.pageThreads) * 1000) / pullEvents,
      ),
      machineLoad: Number(pullLoad.toFixed(1)),
    };
    console.table([figures]);
    return figures;
  } finally {
    await context.close();
    await rm(profileFolder, { recursive: true, force: true });
  }
}

/** Starts the server on `databaseUrl`, measures, and stops the server whatever happens. */
async function measure(databaseUrl: string, postmasterPid: number | undefined): Promise<void> {
  const schemaPool = createPool(databaseUrl, 1);
  await migrate(schemaPool);
  await schemaPool.end();
  const server = await startServerProcess(databaseUrl);
  const cpu = () => cpuNow(server.child.pid ?? NaN, postmasterPid);
  const http = new HttpPool(server.url, { connections: DESKS * DEVICES * 2 + 4, pipelining: 1 });
  try {
    console.log(
      `Server at ${server.url}; ${DESKS} desks × ${DEVICES} devices pushing for ${SECONDS} s…`,
    );
    const desks = await makeDesks(databaseUrl, http, DESKS, DEVICES);
    const loadAtStart = loadavg()[0] ?? NaN;
    const pushCpu = cpu();
    const load = await pushLoad(http, desks, SECONDS);
    const pushCpuPer = cpuPer(pushCpu, cpu(), load.pushes);
    const sorted = [...load.latencies].sort((a, b) => a - b);
    const push = {
      desks: DESKS,
      devices: DESKS * DEVICES,
      seconds: SECONDS,
      pushesPerSecond: Math.round(load.pushes / SECONDS),
      eventsPerSecond: Math.round(load.events / SECONDS),
      p50Ms: Number(percentile(sorted, 50).toFixed(1)),
      p95Ms: Number(percentile(sorted, 95).toFixed(1)),
      p99Ms: Number(percentile(sorted, 99).toFixed(1)),
      rejected: load.rejected,
      failed: load.failed,
      eventsDeliveredToPolls: load.polled,
      ...pushCpuPer,
      machineLoad: Number(loadAtStart.toFixed(1)),
    };
    console.table([push]);

    console.log(
      `Seeding a desk with ${PULL_EVENTS.toLocaleString('en')} events (pushes of ${PUSH_BATCH})…`,
    );
    const [pullDesk] = await makeDesks(databaseUrl, http, 1, 1);
    const device = pullDesk?.[0];
    if (!device) throw new Error('no desk to pull from');
    const seedRate = await seed(http, device, PULL_EVENTS);
    console.log(
      `Pulling them into a fresh client, ${PAGE.toLocaleString('en')} a page, 1 then 2 pages at a time…`,
    );
    const pulls = [];
    for (const inFlight of [1, 2]) {
      const pullLoad = loadavg()[0] ?? NaN;
      const pullCpu = cpu();
      const pulled = await pullAll(server.url, device, inFlight);
      if (pulled.events !== PULL_EVENTS)
        throw new Error(`pulled ${pulled.events} events, not ${PULL_EVENTS}`);
      pulls.push({
        events: pulled.events,
        pagesInFlight: inFlight,
        seededEventsPerSecond: Math.round(seedRate),
        pullSeconds: Number(pulled.seconds.toFixed(2)),
        pullEventsPerSecond: Math.round(pulled.events / pulled.seconds),
        megabytes: Number((pulled.bytes / 1e6).toFixed(1)),
        ...cpuPer(pullCpu, cpu(), pulled.events),
        machineLoad: Number(pullLoad.toFixed(1)),
      });
    }
    console.table(pulls);
    console.log('Devices in the browser: a command on one, shown on the other…');
    const browserFigures = await browserDevices(
      server.url,
      http,
      databaseUrl,
      device,
      PULL_EVENTS,
      cpu,
    );
    if (load.failed > 0) throw new Error(`${load.failed} pushes failed`);
    await mkdir(join(root, 'bench/results'), { recursive: true });
    await writeFile(
      join(root, 'bench/results/server.json'),
      JSON.stringify({ when: time(), push, pulls, ...browserFigures }, null, 2),
    );
  } finally {
    await http.close();
    server.child.kill('SIGINT');
    await new Promise((done) => server.child.once('exit', done));
  }
}

/** On DATABASE_URL, or on a throwaway cluster that is stopped and deleted whatever happens. */
async function main(): Promise<void> {
  if (process.env.DATABASE_URL) {
    await measure(process.env.DATABASE_URL, undefined);
    return;
  }
  const folder = await mkdtemp(join(tmpdir(), 'order-desk-bench-pg-'));
  try {
    const cluster = await startLocalPostgres({ folder });
    try {
      const postmaster = readFileSync(join(folder, 'data', 'postmaster.pid'), 'utf8');
      await measure(cluster.url, Number(postmaster.split('\n')[0]));
    } finally {
      await cluster.stop();
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

await main();
