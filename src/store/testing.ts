import { afterEach, vi } from 'vitest';
import type { DomainEvent } from '../domain/events';
import { EventStore } from './eventStore';
import type { NewEvent, PlacedEvent } from './types';
import type { StoredEvent } from '../domain/events';

let storeCount = 0;

/** A store over a database of its own (fake-indexeddb in unit tests). */
export async function openTestStore(name = `test-log-${++storeCount}-${Math.random()}`) {
  const store = new EventStore({ name });
  await store.open();
  return store;
}

/** Wraps a catalog event in what an append needs, with a fixed time and source. */
export function newEvent<E extends DomainEvent>(
  id: string,
  event: E,
  time = '2026-01-01T10:00:00.000Z',
): E & Omit<NewEvent, 'type' | 'data'> {
  return {
    ...event,
    id,
    time,
    metadata: { source: 'urn:uuid:test', correlationId: id, causationId: id },
  };
}

/** A way to open test stores that the calling test file closes after each test. */
export function closingTestStores(): (name?: string) => Promise<EventStore> {
  const opened: EventStore[] = [];
  afterEach(() => {
    for (const store of opened.splice(0)) store.close();
  });
  return async (name) => {
    const store = await openTestStore(name);
    opened.push(store);
    return store;
  };
}

/** Stored events as events to append again (bulk, their streams' versions as they were). */
export const asPlaced = (events: readonly StoredEvent[]): PlacedEvent[] =>
  events.map((event) => {
    const placed: Partial<StoredEvent> = { ...event };
    delete placed.position;
    return placed as PlacedEvent;
  });

/**
 * Makes IndexedDB refuse every put into the object store `storeName` with an error of
 * `errorName` (QuotaExceededError: the disk is full), while `when()` says so. Restore the spy
 * it returns, or let vi.restoreAllMocks do it.
 */
export function refusePuts(storeName: string, errorName: string, when: () => boolean = () => true) {
  const original = Object.getOwnPropertyDescriptor(IDBObjectStore.prototype, 'put')
    ?.value as IDBObjectStore['put'];
  return vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (
    this: IDBObjectStore,
    ...args: Parameters<IDBObjectStore['put']>
  ) {
    if (this.name === storeName && when()) throw new DOMException('Refused.', errorName);
    return original.apply(this, args);
  });
}
