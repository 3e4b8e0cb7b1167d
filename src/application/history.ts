import type { StoredEvent } from '../domain/events';
import { deskProjection, partitionPoint, type DeskState } from '../projections';
import { CHUNK_SIZE } from '../store/chunks';

/**
 * Events between checkpoints (K): a seek folds at most K − 1 events, all of them in one chunk of
 * the store, so one IndexedDB read, of which only those events are parsed.
 */
export const CHECKPOINT_INTERVAL = CHUNK_SIZE;
/** Events read from the log at a time (for the event at a position and searches by time). */
export const READ_CHUNK = CHECKPOINT_INTERVAL;
/**
 * Chunks of events kept in memory: a jump to a time reads one to find the position, and the seek
 * to that position, and steps near it, fold from it. Few: events kept survive the young
 * generation's collections, which then take longer.
 */
const CACHED_CHUNKS = 2;
/** How long a slice of work may hold the main thread before it yields. */
const SLICE_MS = 12;

/** What the history reads from the log. */
export interface HistorySource {
  readRange: (from: number, to: number) => Promise<StoredEvent[]>;
  readAll: (range: { fromPosition: number; toPosition: number }) => AsyncIterable<StoredEvent[]>;
}

/**
 * How the building of checkpoints goes, whoever started it (start-up, new events, a seek): how
 * far it got, or why it failed.
 */
export type BuildReport =
  { readonly built: number; readonly head: number } | { readonly failure: unknown };

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
  /** The state the last seek between checkpoints folded: asked again while it is on screen. */
  private lastSeek: DeskState | undefined;
  /** The events the last seek read: the screen asks for the one at its position next. */
  private lastRead: readonly StoredEvent[] = [];
  /** The read of the latest seek while it is on its way, and the first position it reads. */
  private reading: { from: number; events: Promise<StoredEvent[]> } | undefined;

  constructor(
    private readonly source: HistorySource,
    private readonly report: (report: BuildReport) => void = () => undefined,
  ) {}

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
   * time slices. Safe to call more than once; its progress and failure go to `report`.
   */
  buildCheckpoints(): Promise<void> {
    this.building ??= this.build().then(
      () => {
        this.building = null;
      },
      (failure: unknown) => {
        this.building = null;
        this.report({ failure });
        throw failure;
      },
    );
    return this.building;
  }

  private async build(): Promise<void> {
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
            this.report({ built: this.built.position, head: this.current.position });
            await yieldToMain();
            sliceStart = performance.now();
          }
        }
      }
      // Equal in value to the present; from now on the two are one and the same state.
      if (this.built.position === this.current.position) this.current = this.built;
    }
    this.report({ built: this.built.position, head: this.current.position });
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

  /** Resolves once the checkpoints reach `position`; rejects if the build fails first. */
  private async checkpointed(position: number): Promise<void> {
    while (this.built.position < position && this.built.position < this.head) {
      const building = this.buildCheckpoints();
      let wake = (): void => undefined;
      const woken = new Promise<void>((resolve) => {
        wake = resolve;
        this.waiting.add(resolve);
      });
      try {
        // Woken by progress, or by the end of the build: a failed one fails the seek.
        await Promise.race([woken, building]);
      } finally {
        this.waiting.delete(wake);
      }
    }
  }

  /** The views after the event at `position` (0: before the first event). */
  async stateAt(position: number): Promise<DeskState> {
    const target = this.clamp(position);
    const ready = this.stateAtNow(target);
    if (ready !== undefined) return ready;
    // Once the checkpoints are there, the read starts before this returns: a screen that asks
    // for the event at `target` meanwhile waits for it (eventAt) instead of reading again.
    if (target > this.built.position) await this.checkpointed(target);
    const base = this.checkpoints[this.checkpointIndex(target)];
    if (!base) throw new Error(`No checkpoint for position ${target}.`);
    if (base.position === target) return base;
    const chunk = this.cachedChunk(this.chunkIndex(target));
    if (chunk) return this.fold(target, chunk);
    // Only the events to fold, not cached: a random seek's events are garbage after it, and
    // the fewer it parses, the rarer the pauses to collect them.
    const reading = {
      from: base.position + 1,
      events: this.source.readRange(base.position + 1, target),
    };
    this.reading = reading;
    let events: StoredEvent[];
    try {
      events = await reading.events;
    } finally {
      // Also when the read failed: later asks for these events read again.
      if (this.reading === reading) this.reading = undefined;
    }
    this.lastRead = events;
    return this.foldOnto(base, events);
  }

  /**
   * The views after `position` when they can be had without reading the log (the checkpoint is
   * built and its chunk is in memory), else undefined: screens use it to show a moment in the
   * same render that asks for it.
   */
  stateAtNow(position: number): DeskState | undefined {
    const target = this.clamp(position);
    if (target === this.head) return this.current;
    if (this.lastSeek?.position === target) return this.lastSeek;
    if (target > this.built.position) return undefined;
    const base = this.checkpoints[this.checkpointIndex(target)];
    if (base?.position === target) return base;
    const events = this.cachedChunk(this.chunkIndex(target));
    return events === undefined ? undefined : this.fold(target, events);
  }

  private clamp(position: number): number {
    return Math.max(0, Math.min(position, this.head));
  }

  /** The checkpoint at or before a position. */
  private checkpointIndex(position: number): number {
    return Math.floor(position / CHECKPOINT_INTERVAL);
  }

  /**
   * The chunk holding the events a seek to `position` folds: those after its checkpoint. K
   * divides the chunk size, so they are all in one chunk.
   */
  private chunkIndex(position: number): number {
    return Math.floor((this.checkpointIndex(position) * CHECKPOINT_INTERVAL) / READ_CHUNK);
  }

  /** The checkpoint before `target` with the chunk's events up to `target` folded on top. */
  private fold(target: number, chunkEvents: readonly StoredEvent[]): DeskState {
    const base = this.checkpoints[this.checkpointIndex(target)];
    if (!base) throw new Error(`No checkpoint for position ${target}.`);
    const chunkStart = this.chunkIndex(target) * READ_CHUNK;
    return this.foldOnto(base, chunkEvents.slice(base.position - chunkStart, target - chunkStart));
  }

  private foldOnto(base: DeskState, events: readonly StoredEvent[]): DeskState {
    // Positions below the head never change (the log only grows), so the last seek stays true.
    this.lastSeek = deskProjection.foldEvents(base, events);
    return this.lastSeek;
  }

  /** The event at a position, or undefined for 0 and beyond the head. */
  async eventAt(position: number): Promise<StoredEvent | undefined> {
    if (position < 1 || position > this.head) return undefined;
    const reading = this.reading;
    if (reading && position >= reading.from) {
      const event = (await reading.events)[position - reading.from];
      if (event) return event;
    }
    // Only that event. A moment at a checkpoint (each step of a sweep along the slider) reads no
    // events for its seek; parsing a whole chunk for its one event, as this once did, was most
    // of what scrubbing allocated, and kept young collections busy.
    return this.eventAtNow(position) ?? (await this.source.readRange(position, position))[0];
  }

  /** The event at a position when its chunk is in memory, else undefined (see `stateAtNow`). */
  eventAtNow(position: number): StoredEvent | undefined {
    if (position < 1 || position > this.head) return undefined;
    const firstRead = this.lastRead[0]?.position ?? 0;
    if (position >= firstRead && position < firstRead + this.lastRead.length)
      return this.lastRead[position - firstRead];
    const index = Math.floor((position - 1) / READ_CHUNK);
    return this.cachedChunk(index)?.[position - 1 - index * READ_CHUNK];
  }

  /**
   * The position of the last event recorded at or before `time` (0 if none), assuming recorded
   * times do not decrease along the log (true for one installation's clock).
   */
  async positionAt(time: string): Promise<number> {
    await this.checkpointed(this.head);
    // The last checkpoint whose event is at or before `time` (index 0, before the first event,
    // always is), by binary search: times do not decrease along the log.
    const checkpoint =
      partitionPoint(
        this.checkpointTimes.length,
        (index) => (this.checkpointTimes[index] ?? '') <= time,
      ) - 1;
    // Then the last event at or before `time` among those up to the next checkpoint.
    let position = checkpoint * CHECKPOINT_INTERVAL;
    const chunkIndex = this.chunkIndex(position);
    const events = await this.chunk(chunkIndex);
    for (const event of events.slice(position - chunkIndex * READ_CHUNK)) {
      if (event.time > time) break;
      position = event.position;
    }
    return position;
  }

  /**
   * The events of chunk `index`: positions index × READ_CHUNK + 1 on, up to the next chunk or the
   * head. Full chunks are cached (least recently used dropped first); the growing last one is
   * read afresh.
   */
  private async chunk(index: number): Promise<StoredEvent[]> {
    const cached = this.cachedChunk(index);
    if (cached) return cached;
    const from = index * READ_CHUNK + 1;
    const to = Math.min(this.head, (index + 1) * READ_CHUNK);
    const events = await this.source.readRange(from, to);
    if (to - from + 1 === READ_CHUNK) {
      this.chunkCache.set(index, events);
      if (this.chunkCache.size > CACHED_CHUNKS) {
        const oldest = this.chunkCache.keys().next().value;
        if (oldest !== undefined) this.chunkCache.delete(oldest);
      }
    }
    return events;
  }

  /** A full chunk from the cache, marked as the most recently used; undefined if not there. */
  private cachedChunk(index: number): StoredEvent[] | undefined {
    const cached = this.chunkCache.get(index);
    if (cached) {
      this.chunkCache.delete(index);
      this.chunkCache.set(index, cached);
    }
    return cached;
  }
}
