import type { StoredEvent } from '../../domain/events';
import { summarize, type SummaryContext } from '../../projections';

// One cache per in-memory log (the array only grows), shared by every pass of the search.
const caches = new WeakMap<readonly StoredEvent[], string[]>();

/**
 * What search looks in for an event: its summary, id and stream id, lowercased. Summaries cost a
 * few microseconds each, so each is made once, on the first search that reaches it; at a million
 * events the cache holds about 100 MB of text, and only after a search.
 */
export function searchTextFor(
  events: readonly StoredEvent[],
  context: SummaryContext,
): (event: StoredEvent, index: number) => string {
  let texts = caches.get(events);
  if (!texts) {
    texts = [];
    caches.set(events, texts);
  }
  const cache = texts;
  return (event, index) => {
    // Filled with '' up to the index first: an array written from its far end would turn sparse.
    while (cache.length <= index) cache.push('');
    let text = cache[index] ?? '';
    if (text === '') {
      text = `${summarize(event, context)}\n${event.id}\n${event.streamId}`.toLowerCase();
      cache[index] = text;
    }
    return text;
  };
}
