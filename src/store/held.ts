import { uniqueClaimsOf } from '../domain/uniqueness';
import { stageEvents, stagingSourceOf } from './staging';
import type { HeldEvents, PlacedEvent } from './types';

/**
 * Events held on this thread as a held batch (EventStore.appendHeld): where no worker holds them,
 * and in tests, split into `parts` parts to write as workers would.
 */
export function holdHere(events: readonly PlacedEvent[], parts = 1): HeldEvents {
  const at = (index: number): PlacedEvent => {
    const event = events[index];
    if (!event) throw new RangeError(`No event at index ${index} of ${events.length}.`);
    return event;
  };
  const size = Math.ceil(events.length / parts);
  const bounds = Array.from({ length: parts }, (_, part) => ({
    from: Math.min(events.length, part * size),
    to: Math.min(events.length, (part + 1) * size),
  }));
  return {
    count: events.length,
    id: (index) => at(index).id,
    streamId: (index) => at(index).streamId,
    streamVersion: (index) => at(index).streamVersion,
    claims: (index) => uniqueClaimsOf(at(index)),
    eventsAt: (indices) => Promise.resolve(indices.map(at)),
    parts: bounds.map(({ from, to }) => ({
      from,
      to,
      stage: (request) => stageEvents(request, stagingSourceOf(events.slice(from, to))),
    })),
  };
}
