import type { Desk } from '../application/desk';
import { randomTag } from '../application/ids';
import { generateDemoBatches } from './generator';

/** The demo's seed: every load tells the same story of the shop. */
const DEMO_SEED = 20261126;

/**
 * Loads `events` demo events into a desk, ending at the desk's now, in atomic batches so that
 * progress can be shown. Each load tags its ids afresh: event ids are unique on a sync server
 * too, so two browsers' demo data must never share one.
 */
export function loadDemo(
  desk: Desk,
  events: number,
  onProgress: (written: number, total: number) => void = () => undefined,
): Promise<void> {
  const batches = generateDemoBatches({
    seed: DEMO_SEED,
    events,
    end: desk.now(),
    source: desk.source,
    batchSize: 5000,
    idTag: randomTag(),
  });
  return desk.appendHistory(batches, (written) => {
    onProgress(written, events);
  });
}
