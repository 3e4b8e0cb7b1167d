import type { StoredEvent } from '../domain/events';
import { deskProjection, type DeskState } from '../projections';

/**
 * Events between checkpoints. Equal to the store's chunk size, so the events a seek must fold
 * come from one chunk record: one IndexedDB read, at most K − 1 events folded.
 */
export const CHECKPOINT_INTERVAL = 1000;
/** Chunks of events kept in memory for seeks near each other (scrubbing). */
const CACHED_CHUNKS = 24;

export type ReadRange = (from: number, to: number) => Promise<StoredEvent[]>;

/**
 * The views at every moment of the log: the present, plus checkpoints of the (persistent,
 * structurally shared) views every CHECKPOINT_INTERVAL events, so that the state after any
 * position is a checkpoint plus at most K − 1 events folded on top.
 */
export class History {
  private current: DeskState = deskProjection.initialState;
  /** checkpoints[i] is the state after position i × K. */
  private readonly checkpoints: DeskState[] = [deskProjection.initialState];
  /** checkpointTimes[i] is the time of the event at position i × K (index 0 unused). */
  private readonly checkpointTimes: string[] = [''];
  private readonly chunkCache = new Map<number, StoredEvent[]>();

  constructor(private readonly readRange: ReadRange) {}

  get present(): DeskState {
    return this.current;
  }

  get head(): number {
    return this.current.position;
  }

  get checkpointCount(): number {
    return this.checkpoints.length;
  }

  /** Folds the next events of the log (in order, continuing the head) and records checkpoints. */
  apply(events: readonly StoredEvent[]): void {
    let start = 0;
    while (start < events.length) {
      const nextCheckpoint =
        (Math.floor(this.current.position / CHECKPOINT_INTERVAL) + 1) * CHECKPOINT_INTERVAL;
      const end = Math.min(events.length, start + (nextCheckpoint - this.current.position));
      const slice = start === 0 && end === events.length ? events : events.slice(start, end);
      this.current = deskProjection.foldEvents(this.current, slice);
      if (this.current.position === nextCheckpoint) {
        this.checkpoints.push(this.current);
        this.checkpointTimes.push(slice.at(-1)?.time ?? '');
      }
      start = end;
    }
  }

  /** The views after the event at `position` (0: before the first event). */
  async stateAt(position: number): Promise<DeskState> {
    const target = Math.max(0, Math.min(position, this.head));
    if (target === this.head) return this.current;
    const index = Math.floor(target / CHECKPOINT_INTERVAL);
    const base = this.checkpoints[index];
    if (!base) throw new Error(`No checkpoint for position ${target}.`);
    if (base.position === target) return base;
    const events = await this.chunk(index);
    return deskProjection.foldEvents(base, events.slice(0, target - base.position));
  }

  /** The event at a position, or undefined for 0 and beyond the head. */
  async eventAt(position: number): Promise<StoredEvent | undefined> {
    if (position < 1 || position > this.head) return undefined;
    const index = Math.floor((position - 1) / CHECKPOINT_INTERVAL);
    const events = await this.chunk(index);
    return events[position - 1 - index * CHECKPOINT_INTERVAL];
  }

  /**
   * The position of the last event recorded at or before `time` (0 if none), assuming recorded
   * times do not decrease along the log (true for one installation's clock).
   */
  async positionAt(time: string): Promise<number> {
    // Binary search over checkpoint times for the last chunk that starts at or before `time`.
    let low = 0;
    let high = this.checkpointTimes.length - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if ((this.checkpointTimes[middle] ?? '') <= time) low = middle;
      else high = middle - 1;
    }
    const events = await this.chunk(low);
    let position = low * CHECKPOINT_INTERVAL;
    for (const event of events) {
      if (event.time > time) break;
      position = event.position;
    }
    return position;
  }

  /**
   * Events after checkpoint `index`, up to the next checkpoint or the head. Full chunks are
   * cached (least recently used dropped first); the growing last one is read afresh.
   */
  private async chunk(index: number): Promise<StoredEvent[]> {
    const from = index * CHECKPOINT_INTERVAL + 1;
    const to = Math.min(this.head, (index + 1) * CHECKPOINT_INTERVAL);
    const full = to - from + 1 === CHECKPOINT_INTERVAL;
    const cached = this.chunkCache.get(index);
    if (cached) {
      this.chunkCache.delete(index);
      this.chunkCache.set(index, cached);
      return cached;
    }
    const events = await this.readRange(from, to);
    if (full) {
      this.chunkCache.set(index, events);
      if (this.chunkCache.size > CACHED_CHUNKS) {
        const oldest = this.chunkCache.keys().next().value;
        if (oldest !== undefined) this.chunkCache.delete(oldest);
      }
    }
    return events;
  }
}
