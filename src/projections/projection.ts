import type { List as IList, Map as IMap } from 'immutable';
import type { OrderEvent, StoredEvent } from '../domain/events';
import type { OrderStatus } from '../domain/order';
import { statusAfter as lifecycleStatusAfter } from '../domain/orderLifecycle';

/**
 * A read model: a pure, total fold over the event log. States are immutable values, so the
 * timeline can keep old states as checkpoints; entity collections are Immutable.js maps so a new
 * state shares almost everything with the previous one.
 */
export interface Projection<S> {
  /** The state before the first event. A value, not a factory: states are never mutated. */
  readonly initialState: S;
  /** Applies one event. Never throws, never mutates `state`. */
  readonly evolve: (state: S, event: StoredEvent) => S;
  /**
   * Applies a batch, in order. Gives exactly the state that `evolve` one by one would give, but
   * faster: see `Overlay`.
   */
  readonly foldEvents: (state: S, events: readonly StoredEvent[]) => S;
  /**
   * A batch that takes events chunk by chunk and writes them into the maps only when asked for the
   * state: for rebuilds that read the log in chunks. `foldEvents` is `startBatch`, one `add`, `state`.
   */
  readonly startBatch: (state: S) => ProjectionBatch<S>;
}

export interface ProjectionBatch<S> {
  /** Applies events in log order, after those added before. */
  readonly add: (events: readonly StoredEvent[]) => void;
  /** The state after every event added so far. The batch may go on afterwards. */
  readonly state: () => S;
}

/**
 * The working copy a projection folds into; `commit` gives the state (see `Overlay`).
 *
 * States are made with `new` (a small class per state), not as object literals. V8 tracks each
 * literal's allocation site and, once most of a site's objects outlive a young-generation
 * collection, allocates the site's objects straight in the old generation ("pretenuring").
 * Start-up keeps nearly all it folds, so it pretenures the sites it runs through. A timeline
 * seek's state is garbage a moment later; pretenured, it stays in the old generation until a full
 * collection, and until then holds all of its seek's young objects alive through every young
 * collection. In today's V8 (Chromium 156, Node 20) `new` has no allocation site, so a seek's
 * state is born young and dies young; the events a seek parses are made without one too
 * (`placedEventOf`). With the store's bare reads, this halved the time 3,000 seeks at 1M events
 * spent in young collections (README, Benchmarks).
 */
export interface WorkingCopy<S> {
  add(events: readonly StoredEvent[]): void;
  commit(): S;
}

/** Builds the batch, fold and evolve of a projection from its working copy. */
export function batchProjection<S>(
  initialState: S,
  begin: (state: S) => WorkingCopy<S>,
): Projection<S> {
  const startBatch = (state: S): ProjectionBatch<S> => {
    let working = begin(state);
    return {
      add: (events) => {
        working.add(events);
      },
      state: () => {
        const committed = working.commit();
        // The committed entries are shared from now on: later events copy them before editing.
        working = begin(committed);
        return committed;
      },
    };
  };
  const foldEvents = (state: S, events: readonly StoredEvent[]): S => {
    if (events.length === 0) return state;
    const working = begin(state);
    working.add(events);
    return working.commit();
  };
  // One event is a batch of one: a single code path, so evolve and foldEvents cannot disagree.
  const evolve = (state: S, event: StoredEvent): S => foldEvents(state, [event]);
  return { initialState, evolve, foldEvents, startBatch };
}

/**
 * The exhaustiveness check at the end of every switch on an event type: a new catalog type fails to
 * compile here. At run time an unknown type (from a newer catalog that was not upcast) is ignored,
 * so evolve stays total.
 */
export const ignoreUnknownEvent = <S>(_event: never, state: S): S => state;

/** The status an order has after one of its events, by the domain's order lifecycle. */
export const statusAfter = (
  current: OrderStatus | undefined,
  type: OrderEvent['type'],
): OrderStatus => lifecycleStatusAfter(current ?? 'none', type);

/** The UTC calendar day of an RFC 3339 UTC time: 'YYYY-MM-DD'. */
export const utcDay = (time: string): string => time.slice(0, 10);

/** Per-currency amounts with `delta` added to one currency: a new record, the input untouched. */
export function addTo(
  amounts: Readonly<Record<string, number>>,
  currency: string,
  delta: number,
): Readonly<Record<string, number>> {
  // hasOwn: a currency string is data; it must not find Object.prototype members.
  const current = Object.hasOwn(amounts, currency) ? (amounts[currency] ?? 0) : 0;
  return { ...amounts, [currency]: current + delta };
}

/** A value with its readonly marks removed: the batch's own working copy of an entity. */
export type Draft<T> = { -readonly [K in keyof T]: T[K] };

/** Marks a key the base map does not hold (map values are never undefined). */
const ABSENT = Symbol('absent');

/**
 * A batch's working view of an Immutable map. Reads fall through to the base map; writes collect
 * in a native Map and land in the base with one `withMutations` at the end, once per key however
 * many events touched it. Entries written during the batch belong to it and are edited in place:
 * nobody else can see them until `commit`, after which no one edits them again (the next batch
 * copies on its first edit). The base map and its entries are never touched.
 */
export class Overlay<V, D extends V = V> {
  private readonly changes = new Map<string, D>();
  /**
   * Entries read from the base, or ABSENT: in the desk several read models look up the same
   * order for one event, and a native map is several times faster than a walk down a large
   * Immutable map.
   */
  private readonly reads = new Map<string, V | typeof ABSENT>();

  constructor(private readonly base: IMap<string, V>) {}

  get(key: string): V | undefined {
    const changed = this.changes.get(key);
    return changed !== undefined ? changed : this.fromBase(key);
  }

  has(key: string): boolean {
    return this.changes.has(key) || this.fromBase(key) !== undefined;
  }

  private fromBase(key: string): V | undefined {
    let value = this.reads.get(key);
    if (value === undefined) {
      value = this.base.get(key) ?? ABSENT;
      this.reads.set(key, value);
    }
    return value === ABSENT ? undefined : value;
  }

  /** Stores a value the batch owns (a fresh object, or an immutable value). */
  put(key: string, value: D): void {
    this.changes.set(key, value);
  }

  /** The batch's own, editable copy of an entry, copied from the base on the first edit. */
  edit(key: string, copy: (value: V) => D): D | undefined {
    let draft = this.changes.get(key);
    if (draft === undefined) {
      const value = this.fromBase(key);
      if (value === undefined) return undefined;
      draft = copy(value);
      this.changes.set(key, draft);
    }
    return draft;
  }

  get changed(): boolean {
    return this.changes.size > 0;
  }

  /** The base map with the batch's writes: the same map when nothing was written. */
  commit(): IMap<string, V> {
    if (this.changes.size === 0) return this.base;
    const changes = this.changes;
    return this.base.withMutations((map) => {
      for (const [key, value] of changes) map.set(key, value);
    });
  }
}

/** A batch's working copy of an Immutable list that only grows: pushes go to a private mutable copy. */
export class ListOverlay<T> {
  private list: IList<T> | undefined;

  constructor(private readonly base: IList<T>) {}

  push(value: T): void {
    // asMutable copies on write: the base list is never touched.
    this.list ??= this.base.asMutable();
    this.list.push(value);
  }

  get changed(): boolean {
    return this.list !== undefined;
  }

  commit(): IList<T> {
    return this.list === undefined ? this.base : this.list.asImmutable();
  }
}
