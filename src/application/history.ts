import type { StoredEvent } from '../domain/events';
import { deskProjection, type DeskState } from '../projections';

/**
 * Events between checkpoints. Equal to the store's chunk size, so the events a seek must fold
 * come from one chunk record: one IndexedDB read, at most K − 1 events folded.
 */
export const CHECKPOINT_INTERVAL = 1000;
/** Chunks of events kept in memory for seeks near each other (scrubbing). */
const CACHED_CHUNKS = 24;
/** How long a slice of work may hold the main thread before it yields. */
const SLICE_MS = 12;

/** What the history reads from the log. */
export interface HistorySource {
  readRange: (from: number, to: number) => Promise<StoredEvent[]>;
  readAll: (range: { fromPosition: number; toPosition: number }) => AsyncIterable<StoredEvent[]>;
}

/** Gives the main thread back (input, rendering) before going on. */
export const yieldToMain = (): Promise<void> =>
  new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });

/**
 * The views at every moment of the log: the present, plus checkpoints of the (persistent,
 * structurally shared) views every CHECKPOINT_INTERVAL events, so that the state after any
 * position is a checkpoint plus at most K − 1 events folded on top.
 *
 * A long log is first folded in one batch for the present (no copies at checkpoints: 3–4×
 * faster), then `buildCheckpoints` folds it again in the background, in time slices; seeks wait
 * for the part they need. Once caught up, new events extend present and checkpoints together.
 */
export class History {
  private current: DeskState = deskProjection.initialState;
  /** checkpoints[i] is the state after position i × K. */
  private readonly checkpoints: DeskState[] = [deskProjection.initialState];
  /** checkpointTimes[i] is the time of the event at position i × K (index 0 unused). */
  private readonly checkpointTimes: string[] = [''];
  /** The state the checkpoints have reached: the present once caught up. */
  private built: DeskState = deskProjection.initialState;
  private building: Promise<void> | null = null;
  private readonly waiting = new Set<() => void>();
  private readonly chunkCache = new Map<number, StoredEvent[]>();

  constructor(private readonly source: HistorySource) {}

  get present(): DeskState {
    return this.current;
  }

  get head(): number {
    return this.current.position;
  }

  /** How far the checkpoints reach (the head once the timeline is ready). */
  get checkpointedPosition(): number {
    return this.built.position;
  }

  get checkpointCount(): number {
    return this.checkpoints.length;
  }

  /** Folds the next events of the log (in order, continuing the head). */
  apply(events: readonly StoredEvent[]): void {
    if (this.built === this.current) {
      this.current = this.extendCheckpoints(this.current, events);
      this.built = this.current;
    } else {
      this.current = deskProjection.foldEvents(this.current, events);
    }
  }

  /**
   * Folds a long run of events into the present only, in time slices; `buildCheckpoints` adds
   * the checkpoints afterwards.
   */
  async applyInSlices(events: readonly StoredEvent[]): Promise<void> {
    const batch = deskProjection.startBatch(this.current);
    let sliceStart = performance.now();
    for (let start = 0; start < events.length; start += CHECKPOINT_INTERVAL) {
      batch.add(events.slice(start, start + CHECKPOINT_INTERVAL));
      if (performance.now() - sliceStart > SLICE_MS) {
        await yieldToMain();
        sliceStart = performance.now();
      }
    }
    this.current = batch.state();
  }

  /**
   * Brings the checkpoints up to the present, reading the log again in batches and folding in
   * time slices. Safe to call more than once; `onProgress` hears how far it got.
   */
  buildCheckpoints(
    onProgress: (built: number, head: number) => void = () => undefined,
  ): Promise<void> {
    this.building ??= this.build(onProgress).finally(() => {
      this.building = null;
    });
    return this.building;
  }

  private async build(onProgress: (built: number, head: number) => void): Promise<void> {
    while (this.built !== this.current) {
      const target = this.current.position;
      let sliceStart = performance.now();
      for await (const events of this.source.readAll({
        fromPosition: this.built.position + 1,
        toPosition: target,
      })) {
        for (let start = 0; start < events.length; start += CHECKPOINT_INTERVAL) {
          this.built = this.extendCheckpoints(
            this.built,
            events.slice(start, start + CHECKPOINT_INTERVAL),
          );
          this.wake();
          if (performance.now() - sliceStart > SLICE_MS) {
            onProgress(this.built.position, this.current.position);
            await yieldToMain();
            sliceStart = performance.now();
          }
        }
      }
      // Equal in value to the present; from now on the two are one and the same state.
      if (this.built.position === this.current.position) this.current = this.built;
    }
    onProgress(this.built.position, this.current.position);
    this.wake();
  }

  /** Folds events onto `state`, keeping a checkpoint at each multiple of K it passes. */
  private extendCheckpoints(state: DeskState, events: readonly StoredEvent[]): DeskState {
    let next = state;
    let start = 0;
    while (start < events.length) {
      const nextCheckpoint =
        (Math.floor(next.position / CHECKPOINT_INTERVAL) + 1) * CHECKPOINT_INTERVAL;
      const end = Math.min(events.length, start + (nextCheckpoint - next.position));
      const slice = start === 0 && end === events.length ? events : events.slice(start, end);
      next = deskProjection.foldEvents(next, slice);
      if (next.position === nextCheckpoint) {
        this.checkpoints.push(next);
        this.checkpointTimes.push(slice.at(-1)?.time ?? '');
      }
      start = end;
    }
    return next;
  }

  private wake(): void {
    for (const resolve of this.waiting) resolve();
    this.waiting.clear();
  }

  /** Resolves once the checkpoints reach `position`. */
  private async checkpointed(position: number): Promise<void> {
    while (this.built.position < position && this.built.position < this.head) {
      void this.buildCheckpoints();
      await new Promise<void>((resolve) => this.waiting.add(resolve));
    }
  }

  /** The views after the event at `position` (0: before the first event). */
  async stateAt(position: number): Promise<DeskState> {
    const target = Math.max(0, Math.min(position, this.head));
    if (target === this.head) return this.current;
    await this.checkpointed(target);
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
    await this.checkpointed(this.head);
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
    const cached = this.chunkCache.get(index);
    if (cached) {
      this.chunkCache.delete(index);
      this.chunkCache.set(index, cached);
      return cached;
    }
    const from = index * CHECKPOINT_INTERVAL + 1;
    const to = Math.min(this.head, (index + 1) * CHECKPOINT_INTERVAL);
    const events = await this.source.readRange(from, to);
    if (to - from + 1 === CHECKPOINT_INTERVAL) {
      this.chunkCache.set(index, events);
      if (this.chunkCache.size > CACHED_CHUNKS) {
        const oldest = this.chunkCache.keys().next().value;
        if (oldest !== undefined) this.chunkCache.delete(oldest);
      }
    }
    return events;
  }
}
