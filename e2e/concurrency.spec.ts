import { expect, test, type BrowserContext, type Page } from '@playwright/test';

interface Outcome {
  acknowledged: string[];
  failures: string[];
  conflicts?: number;
}

/** Three tabs of the harness page (e2e/harness), on the app's origin and database. */
async function openTabs(context: BrowserContext): Promise<Page[]> {
  const tabs = await Promise.all([context.newPage(), context.newPage(), context.newPage()]);
  for (const tab of tabs) {
    await tab.goto('/e2e/harness/harness.html');
    await tab.waitForFunction(() => 'orderDeskHarness' in window);
  }
  return tabs;
}

/**
 * Runs `work` (seeded) in one tab alone, then in the three tabs at once; checks the stored log
 * and that it holds exactly the acknowledged events. Returns the outcomes, the lone tab's first.
 */
async function inOneTabThenThree(
  context: BrowserContext,
  work: (tab: Page, seed: number, alone: boolean) => Promise<Outcome>,
): Promise<Outcome[]> {
  const tabs = await openTabs(context);
  const [first] = tabs;
  if (!first) throw new Error('No tab opened.');
  const outcomes = [await work(first, 1, true)];
  outcomes.push(...(await Promise.all(tabs.map((tab, i) => work(tab, i + 2, false)))));
  const log = await first.evaluate(() => window.orderDeskHarness.inspectLog());
  expect(outcomes.flatMap((outcome) => outcome.failures)).toEqual([]);
  expect(log.problems).toEqual([]);
  // Every acknowledged event is stored, once (the log holds no id twice: checked above).
  expect(log.head).toBe(outcomes.flatMap((outcome) => outcome.acknowledged).length);
  return outcomes;
}

test('appends from many callers, in one tab and in three, leave a whole log', async ({
  context,
}) => {
  test.setTimeout(180_000);
  await inOneTabThenThree(context, (tab, seed, alone) =>
    tab.evaluate(
      ({ seed, appends }) =>
        window.orderDeskHarness.appendConcurrently({ callers: 4, appends, seed }),
      { seed, appends: alone ? 80 : 30 },
    ),
  );
});

test('commands from many callers, in one tab and in three, leave a whole log', async ({
  context,
}) => {
  test.setTimeout(180_000);
  const [alone] = await inOneTabThenThree(context, (tab, seed, alone) =>
    tab.evaluate(
      ({ seed, commands }) =>
        window.orderDeskHarness.runConcurrentCommands({ callers: 4, commands, seed }),
      { seed, commands: alone ? 100 : 60 },
    ),
  );
  // One tab's commands run in turn: nothing for them to retry.
  expect(alone?.conflicts).toBe(0);
});
