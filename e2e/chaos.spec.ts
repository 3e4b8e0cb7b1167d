import { expect, test, type BrowserContext, type Page } from '@playwright/test';

/**
 * Chaos, seeded and bounded in time: three tabs send random commands at once while, now and
 * then, one tab is killed (chrome://crash) or reloaded and an import runs. After each round the
 * log must be whole, hold every acknowledged event once, keep the business rules, and every tab
 * must show it all within a second. CI runs a short version; a long one runs by hand with
 * CHAOS_ROUNDS=50 (and CHAOS_SEED to replay one).
 */
const rounds = Number(process.env.CHAOS_ROUNDS ?? 2);
const seed = Number(process.env.CHAOS_SEED ?? 20261206);
/** How long the tabs send commands in each round. */
const ROUND_MS = 6_000;

/** A seeded generator for the test's own choices. */
function random(start: number): () => number {
  let state = start;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

interface Ledger {
  /** Every event id a tab was told was stored, and how many times. */
  readonly acknowledged: Map<string, number>;
  readonly failures: string[];
}

/** A harness tab that reports what it is acknowledged to the ledger as it happens. */
async function openTab(context: BrowserContext, ledger: Ledger): Promise<Page> {
  const page = await context.newPage();
  await page.exposeFunction('reportAcknowledged', (ids: string[]) => {
    for (const id of ids) ledger.acknowledged.set(id, (ledger.acknowledged.get(id) ?? 0) + 1);
  });
  await page.exposeFunction('reportFailure', (failure: string) => {
    ledger.failures.push(failure);
  });
  await page.goto('/e2e/harness/harness.html');
  await page.waitForFunction(() => 'orderDeskHarness' in window);
  return page;
}

const startSending = (page: Page, tabSeed: number) =>
  page.evaluate((s) => window.orderDeskHarness.startChaos(s), tabSeed);

test(`chaos: ${rounds} rounds of three tabs, kills, reloads and imports (seed ${seed})`, async ({
  context,
}) => {
  test.setTimeout(60_000 + rounds * 40_000);
  const next = random(seed);
  const ledger: Ledger = { acknowledged: new Map(), failures: [] };
  const tabs = [
    await openTab(context, ledger),
    await openTab(context, ledger),
    await openTab(context, ledger),
  ];
  let started = 0;
  for (const tab of tabs) await startSending(tab, seed + ++started);

  for (let round = 1; round <= rounds; round++) {
    await test.step(`round ${round}`, async () => {
      const end = Date.now() + ROUND_MS;
      while (Date.now() < end) {
        await new Promise((resolve) => setTimeout(resolve, 300 + next() * 1200));
        const which = Math.floor(next() * tabs.length);
        const tab = tabs[which];
        if (!tab) continue;
        const roll = next();
        if (roll < 0.25) {
          // Killed mid-flight: whatever it was writing is whole or gone.
          await tab.goto('chrome://crash').catch(() => undefined);
          const fresh = await openTab(context, ledger);
          await startSending(fresh, seed + ++started);
          tabs[which] = fresh;
        } else if (roll < 0.45) {
          await tab.reload();
          await tab.waitForFunction(() => 'orderDeskHarness' in window);
          await startSending(tab, seed + ++started);
        } else if (roll < 0.6) {
          const outcome = await tab.evaluate(
            (prefix) => window.orderDeskHarness.importSome(prefix),
            `chaos-${seed}-${round}-${started++}`,
          );
          expect(outcome).toBe('imported');
        }
      }
      for (const tab of tabs) await tab.evaluate(() => window.orderDeskHarness.stopChaos());

      const [first] = tabs;
      if (!first) throw new Error('No tab.');
      const log = await first.evaluate(() => window.orderDeskHarness.inspectLog());
      expect(log.problems).toEqual([]);
      const ids = await first.evaluate(() => window.orderDeskHarness.logIds());
      expect(new Set(ids).size).toBe(ids.length);
      const stored = new Set(ids);
      const lost = [...ledger.acknowledged.keys()].filter((id) => !stored.has(id));
      expect(lost, 'acknowledged events missing from the log').toEqual([]);
      expect(ledger.failures).toEqual([]);
      const problems = await first.evaluate(() => window.orderDeskHarness.ruleProblems());
      expect(problems, 'the log breaks a business rule').toEqual([]);

      // Every tab shows the whole log within a second of the last write.
      for (const tab of tabs)
        await expect
          .poll(() => tab.evaluate(() => window.orderDeskHarness.heads()), { timeout: 1_000 })
          .toEqual({ shown: log.head, stored: log.head });

      for (const tab of tabs) await startSending(tab, seed + ++started);
    });
  }
  for (const tab of tabs) await tab.evaluate(() => window.orderDeskHarness.stopChaos());
  const summary = `${rounds} rounds, ${ledger.acknowledged.size} events acknowledged, ${started} tabs started`;
  test.info().annotations.push({ type: 'chaos', description: summary });
  console.log(`chaos (seed ${seed}): ${summary}`);
});
