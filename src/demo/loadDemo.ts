import type { Desk } from '../application/desk';
import { randomTag } from '../application/ids';
import { generateDemoBatches } from './generator';

/** Demo data mixed into a shop's own log would pass for the shop's: it goes into an empty desk. */
export class DeskNotEmptyError extends Error {
  override readonly name = 'DeskNotEmptyError';
  constructor() {
    super('Demo data goes into an empty desk only, and this one holds events already.');
  }
}

/** The demo's seed: every load tells the same story of the shop. */
const DEMO_SEED = 20261126;

/**
 * Loads `events` demo events into a desk, ending at the desk's now, in atomic batches so that
 * progress can be shown. Each load tags its ids afresh: event ids are unique on a sync server
 * too, so two browsers' demo data must never share one.
 */
export async function loadDemo(
  desk: Desk,
  events: number,
  onProgress: (written: number, total: number) => void = () => undefined,
): Promise<void> {
  // Another tab may have written since this one showed the desk empty.
  if ((await desk.headPosition()) > 0) throw new DeskNotEmptyError();
  const batches = generateDemoBatches({
    seed: DEMO_SEED,
    events,
    end: desk.now(),
    source: desk.source,
    batchSize: 5000,
    idTag: randomTag(),
  });
  await desk.appendHistory(batches, (written) => {
    onProgress(written, events);
  });
}
