import { useEffect, useSyncExternalStore } from 'react';
import { useDesk } from '../../ui/desk-context';
import type { Desk } from '../../application/desk';
import type { StoredEvent } from '../../domain/events';
import { describeFailure } from '../../application/failures';

/**
 * What the events page sees of the log. `events` only grows: compare `count`, not the array. When
 * the log's tail is written again (a sync server's events came first), a new array holds the
 * events from there: what was kept of the old one (matches, search texts) goes with it.
 */
export interface EventLogSnapshot {
  /** Every event read so far in position order: `events[i].position === i + 1`. */
  readonly events: readonly StoredEvent[];
  readonly count: number;
  /** False until the whole log has been read once. */
  readonly ready: boolean;
  readonly error: string | null;
}

/** How long the log stays in memory after the last page reading it is gone. */
const KEEP_AFTER_RELEASE_MS = 60_000;

/**
 * The whole log in memory, for the events page: the StoredEvent objects the store hands out,
 * in one array (no copies), read once in large batches and then kept live through the desk's
 * event feed. Events from the feed and from reads are merged by position, so overlapping reads,
 * other tabs' appends and the desk's own start-up read all end up once, in order.
 */
export class EventLog {
  private events: StoredEvent[] = [];
  private snapshot: EventLogSnapshot = { events: this.events, count: 0, ready: false, error: null };
  private readonly listeners = new Set<() => void>();
  private queue: Promise<void> = Promise.resolve();
  private stopFeed: (() => void) | undefined;
  private stopWaiting: (() => void) | undefined;
  private holders = 0;
  private disposeTimer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;

  constructor(
    private readonly desk: Desk,
    private readonly onDispose: () => void = () => undefined,
  ) {}

  getSnapshot = (): EventLogSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Keeps the log loaded and live until the returned release is called. */
  retain(): () => void {
    this.holders++;
    clearTimeout(this.disposeTimer);
    if (!this.stopFeed && !this.disposed) this.start();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holders--;
      if (this.holders === 0)
        this.disposeTimer = setTimeout(() => {
          this.dispose();
        }, KEEP_AFTER_RELEASE_MS);
    };
  }

  /** Stops following the desk and lets go of the events. */
  dispose(): void {
    clearTimeout(this.disposeTimer);
    this.stopFeed?.();
    this.stopWaiting?.();
    this.disposed = true;
    this.events.length = 0;
    this.listeners.clear();
    this.onDispose();
  }

  private start(): void {
    this.stopFeed = this.desk.onEvents((batch, rewrittenFrom) => {
      this.enqueue(() => this.ingest(batch, rewrittenFrom));
    });
    const readRest = () => {
      this.enqueue(async () => {
        await this.readUpTo(await this.desk.headPosition());
        this.update({ ready: true });
      });
    };
    // While the desk reads the log at start-up its feed carries every batch: let it, rather
    // than read the same records twice; any gap at the front is filled by `ingest`.
    if (this.desk.getStatus().loading === null) {
      readRest();
    } else {
      const stop = this.desk.subscribe(() => {
        if (this.desk.getStatus().loading !== null) return;
        stop();
        this.stopWaiting = undefined;
        readRest();
      });
      this.stopWaiting = stop;
    }
  }

  private enqueue(work: () => Promise<void>): void {
    this.queue = this.queue
      .then(() => (this.disposed ? undefined : work()))
      .catch((error: unknown) => {
        this.update({
          error: `The event log could not be read: ${describeFailure(error)}`,
        });
      });
  }

  /** Appends the events that continue the array; false if the batch starts after a gap. */
  private push(batch: readonly StoredEvent[]): boolean {
    const events = this.events;
    for (const event of batch) {
      if (event.position <= events.length) continue;
      if (event.position > events.length + 1) return false;
      events.push(event);
    }
    return true;
  }

  private async ingest(batch: readonly StoredEvent[], rewrittenFrom?: number): Promise<void> {
    if (rewrittenFrom !== undefined && rewrittenFrom <= this.events.length) {
      this.events = this.events.slice(0, rewrittenFrom - 1);
      this.update({ events: this.events, count: this.events.length });
    }
    const first = batch[0];
    if (first === undefined) return;
    if (first.position > this.events.length + 1) await this.readUpTo(first.position - 1);
    this.push(batch);
    this.changed();
  }

  /** Reads from the store until the array reaches `last` (or the store has no more). */
  private async readUpTo(last: number): Promise<void> {
    while (this.events.length < last && !this.disposed) {
      const before = this.events.length;
      for await (const batch of this.desk.readEvents({
        fromPosition: before + 1,
        toPosition: last,
      })) {
        const contiguous = this.push(batch);
        this.changed();
        if (!contiguous) break;
      }
      if (this.events.length === before) return;
    }
  }

  private changed(): void {
    if (this.snapshot.count !== this.events.length) this.update({ count: this.events.length });
  }

  private update(change: Partial<EventLogSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...change };
    for (const listener of this.listeners) listener();
  }
}

const logs = new WeakMap<Desk, EventLog>();

/** The desk's in-memory log (one per desk, shared by the pages that read it). */
export function eventLogOf(desk: Desk): EventLog {
  let log = logs.get(desk);
  if (!log) {
    log = new EventLog(desk, () => logs.delete(desk));
    logs.set(desk, log);
  }
  return log;
}

/** The whole log, newest events included as they arrive; read on first use. */
export function useEventLog(): EventLogSnapshot {
  const log = eventLogOf(useDesk());
  useEffect(() => log.retain(), [log]);
  return useSyncExternalStore(log.subscribe, log.getSnapshot);
}
