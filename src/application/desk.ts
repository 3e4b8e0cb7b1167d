import type { StoredEvent } from '../domain/events';
import { partitionPoint } from '../lib/partitionPoint';
import { yieldToMain } from '../lib/scheduling';
import { DeskModel, type ModelParts } from '../projections/deskModel';
import { DeskView } from '../projections/deskView';
import type { EventStore } from '../store/eventStore';
import type { LogListener, PlacedEvent } from '../store/types';
import type { SnapshotWrite } from '../store/snapshots';
import { runCommand, type Command, type CommandEnvelope, type CommandResult } from './commands';
import { applyImport, type ImportResult } from './eventLogFile/apply';
import { exportEventLog, type ExportedLog, type ExportOptions } from './eventLogFile/export';
import type { HeldImport } from './eventLogFile/import';
import { planImport, type ImportPlan } from './eventLogFile/plan';
import { describeFailure } from './failures';
import { modelOf, snapshotSourcesOf } from './snapshot';
import { SyncEngine } from './sync/syncEngine';

/** Batches up to this size (live appends) fold at once; larger ones fold in time slices. */
const SYNC_FOLD_LIMIT = 2000;
/** How long a slice of folding may hold the main thread before it yields. */
const SLICE_MS = 12;
/** Events folded in one go within a slice. */
const FOLD_STEP = 1000;
/**
 * New events after which the desk writes a snapshot (when the page is idle): at least this many,
 * and at least a twentieth of the log, so that a start-up folds at most ~5% of the log after its
 * snapshot, and a long log is not written again for every few commands.
 */
export const SNAPSHOT_EVERY = 1000;
const SNAPSHOT_SHARE = 20;
/** While a long log is folded from its start, a snapshot every so many events: a reload resumes. */
const SNAPSHOT_WHILE_READING = 250_000;
/** Views of past moments kept, besides the present's: a slider going back and forth reuses them. */
const KEPT_VIEWS = 4;

export interface DeskStatus {
  /** The views as of the newest event this tab has folded. */
  readonly present: DeskView;
  /** Set while the log is being read at start-up: events folded of those to fold. */
  readonly loading: { readonly loaded: number; readonly total: number } | null;
  /** Why the log could not be opened, in plain words. */
  readonly failure: string | null;
  /**
   * How far the views reach: the present's position, and further while the log is being read
   * (moments up to here can be shown before the present is known).
   */
  readonly folded: number;
  /**
   * The newest position of the log as stored when this tab last looked: ahead of the present
   * while the log is read, and a moment beyond it is not in this browser's log.
   */
  readonly logHead: number;
  /** How the last snapshot write went, for the Data page; null before any. */
  readonly lastSnapshot: SnapshotWrite | null;
  /** The position of the snapshot start-up read the views from; null if it folded the whole log. */
  readonly restoredAt: number | null;
  /**
   * Why this tab no longer uses the log (another tab cleared or upgraded it): the views stay as
   * they were, and nothing more is written. Null while it does.
   */
  readonly gone: string | null;
  /**
   * While the desk syncs with a server: the log up to here is the server's, in its order; the
   * events after it are this device's, not yet synced. Null for a desk that does not sync.
   */
  readonly confirmed: number | null;
}

type Listener = () => void;

/**
 * The running desk: the event store plus the views folded from it (one model that answers every
 * moment of the log), kept current as events arrive from this tab or another. React reads it
 * through `subscribe` / `getStatus`.
 */
export class Desk {
  private model = new DeskModel();
  private status: DeskStatus;
  private readonly listeners = new Set<Listener>();
  private readonly logListeners = new Set<LogListener>();
  private started: Promise<void> | undefined;
  private readonly backlog: { events: readonly StoredEvent[]; rewrittenFrom?: number }[] = [];
  private draining: Promise<void> | null = null;
  /** The tail of this tab's queue of commands. */
  private commands: Promise<unknown> = Promise.resolve();
  /** Recently shown past moments, the most recent last. */
  private readonly views = new Map<number, DeskView>();
  /** The position of the last snapshot written or read; a snapshot is written every so often. */
  private snapshotAt = 0;
  private snapshotting: Promise<void> | null = null;

  /** The desk shared with other devices through a sync server, when this browser joined one. */
  readonly sync: SyncEngine;
  /** Who this installation's commands are recorded as (see `actAs`). */
  private actingAs: { source: string; actor?: string };

  constructor(
    readonly store: EventStore,
    source: string,
    private readonly clock: () => Date = () => new Date(),
    private readonly newId: () => string = () => crypto.randomUUID(),
    private readonly snapshotEvery = SNAPSHOT_EVERY,
  ) {
    this.actingAs = { source };
    this.sync = new SyncEngine(store, this, source, clock);
    this.status = {
      present: new DeskView(this.model, 0),
      loading: { loaded: 0, total: 0 },
      folded: 0,
      failure: null,
      logHead: 0,
      lastSnapshot: null,
      restoredAt: null,
      gone: null,
      confirmed: null,
    };
    store.subscribe((events, rewrittenFrom) => {
      this.receive(events, rewrittenFrom);
    });
    store.onGone((reason) => {
      this.update({ gone: reason });
    });
    store.onConfirmed((confirmed) => {
      this.update({ confirmed: confirmed ?? null });
      this.snapshotSoon();
    });
    // The snapshot put off while a catch-up ran (see `snapshotSoon`) is due when it ends.
    this.sync.subscribe(() => {
      if (this.sync.getState().catchingUpTo === null) this.snapshotSoon();
    });
  }

  /**
   * Folds new events into the views. Small batches fold at once, so a command's result is on
   * screen when it resolves; long ones (start-up, another tab's import) fold in slices that
   * leave the main thread free between them.
   */
  private receive(events: readonly StoredEvent[], rewrittenFrom?: number): void {
    const last = events.at(-1)?.position ?? rewrittenFrom ?? 0;
    if (!this.draining && events.length <= SYNC_FOLD_LIMIT) {
      if (rewrittenFrom !== undefined) this.takeBack(rewrittenFrom - 1);
      this.model.apply(events);
      const logHead = rewrittenFrom === undefined ? Math.max(this.status.logHead, last) : last;
      this.present({ logHead });
      for (const listener of this.logListeners) listener(events, rewrittenFrom);
      this.snapshotSoon();
      return;
    }
    this.backlog.push(rewrittenFrom === undefined ? { events } : { events, rewrittenFrom });
    this.draining ??= this.drain();
  }

  /**
   * Takes the views back to `position`: the log's tail after it was written again (a sync
   * server's events came first). Moments after it are of a log that is no more.
   */
  private takeBack(position: number): void {
    this.model.truncate(position);
    for (const moment of [...this.views.keys()]) if (moment > position) this.views.delete(moment);
    this.snapshotAt = Math.min(this.snapshotAt, position);
  }

  private async drain(): Promise<void> {
    // First the thread goes back, and `receive` sets `draining` to this run: were the backlog
    // folded before the first await, its `draining = null` below would come before that, and
    // every later batch would wait for a drain that never runs.
    await yieldToMain();
    for (let batch = this.backlog.shift(); batch; batch = this.backlog.shift()) {
      const { events, rewrittenFrom } = batch;
      if (rewrittenFrom !== undefined) {
        this.takeBack(rewrittenFrom - 1);
        this.update({ logHead: events.at(-1)?.position ?? rewrittenFrom - 1 });
      }
      let sliceStart = performance.now();
      for (let start = 0; start < events.length; start += FOLD_STEP) {
        this.model.apply(events.slice(start, start + FOLD_STEP));
        if (performance.now() - sliceStart > SLICE_MS) {
          this.reportLoading();
          await yieldToMain();
          sliceStart = performance.now();
        }
      }
      for (const listener of this.logListeners) listener(events, rewrittenFrom);
      if (
        this.status.loading !== null &&
        this.model.head - this.snapshotAt >= SNAPSHOT_WHILE_READING
      )
        void this.writeSnapshot();
    }
    this.draining = null;
    this.present({ logHead: Math.max(this.status.logHead, this.model.head) });
    this.snapshotSoon();
  }

  /** While the log is read at start-up: how far the views have come, for the progress bar. */
  private reportLoading(): void {
    const { loading } = this.status;
    if (loading !== null)
      this.update({ loading: { ...loading, loaded: this.model.head - this.startedAt } });
  }

  /** Where start-up began to fold (0, or a snapshot's position). */
  private startedAt = 0;

  /** The present is the model's head, once nothing is left to fold. */
  private present(change: Partial<DeskStatus>): void {
    this.update({
      ...change,
      present: new DeskView(this.model, this.model.head),
      folded: this.model.head,
    });
  }

  /** Reads the log once (from the newest sound snapshot); safe to call more than once. */
  start(): Promise<void> {
    this.started ??= this.store
      .open({
        restore: ({ position, data }) => {
          try {
            const model = modelOf(data);
            if (model.head !== position) return false;
            this.model = model;
            this.snapshotAt = position;
            this.startedAt = position;
            this.update({ restoredAt: position });
            return true;
          } catch {
            // Unsound parts: the log is folded from its start instead.
            return false;
          }
        },
        onProgress: (loaded, total) => {
          this.update({
            loading: { loaded: Math.min(loaded, this.model.head - this.startedAt), total },
            logHead: Math.max(this.status.logHead, this.startedAt + total),
          });
        },
      })
      .then(() => this.draining)
      .then(
        async () => {
          // A synced desk's commands are recorded as its device and person: known before the
          // first can run.
          await this.sync.resume();
          this.present({
            loading: null,
            logHead: Math.max(this.status.logHead, this.model.head),
            confirmed: this.store.confirmed ?? null,
          });
          this.snapshotSoon();
        },
        (error: unknown) => {
          this.update({
            loading: null,
            failure: `The event log could not be opened. ${describeFailure(error)}`,
          });
        },
      );
    return this.started;
  }

  getStatus = (): DeskStatus => this.status;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /**
   * Hears every batch of events after the views have folded it (with `rewrittenFrom`, the log's
   * tail from there was written again: see LogListener).
   */
  onEvents(listener: LogListener): () => void {
    this.logListeners.add(listener);
    return () => this.logListeners.delete(listener);
  }

  /**
   * The desk as it was after the event at `position`; undefined while the views have not
   * reached it yet (start-up) or beyond the log. The same object for the same moment while it is
   * on screen, so that what screens computed of it is kept.
   */
  viewAt(position: number): DeskView | undefined {
    const { present } = this.status;
    if (position === present.position) return present;
    if (position < 0 || position > this.model.head) return undefined;
    let view = this.views.get(position);
    if (view === undefined) {
      view = new DeskView(this.model, position);
      if (this.views.size >= KEPT_VIEWS) {
        const oldest = this.views.keys().next().value;
        if (oldest !== undefined) this.views.delete(oldest);
      }
    } else this.views.delete(position);
    this.views.set(position, view);
    return view;
  }

  /**
   * The position of the last event recorded at or before `time` (0 if none), assuming recorded
   * times do not decrease along the log (true for one installation's clock).
   */
  positionAt(time: string): number {
    const at = Date.parse(time);
    const times = this.model.eventTime.array;
    return partitionPoint(this.model.head, (index) => (times[index + 1] as number) <= at);
  }

  /**
   * Runs a command as this installation, now. A tab's commands run one after another: two in
   * flight on one stream would only make each other decide again (see `runCommand`). A form that
   * may send its command again (after a reload) passes the same `commandId` each time.
   */
  execute(command: Command, commandId: string = this.newId()): Promise<CommandResult> {
    return this.decide({
      commandId,
      command,
      now: this.clock().toISOString(),
      ...this.actingAs,
    });
  }

  /**
   * Runs a command as recorded before, in this tab's queue: a sync decides a pending command
   * again, with its id, time and author, after another device's events came first.
   */
  decide(envelope: CommandEnvelope): Promise<CommandResult> {
    const run = this.commands.then(() => runCommand(this.store, envelope));
    this.commands = run.catch(() => undefined);
    return run;
  }

  /** The source (and person) this installation's commands are recorded as from now on. */
  actAs(as: { source: string; actor?: string }): void {
    this.actingAs = as;
  }

  /** The source this installation's commands are recorded as. */
  get source(): string {
    return this.actingAs.source;
  }

  /** The desk's clock: the time its commands are recorded at. */
  now(): Date {
    return this.clock();
  }

  /**
   * Appends a history made elsewhere (the demo's), batch by batch: each batch atomic and checked
   * as any append is, so that a failure keeps the batches before it.
   */
  async appendHistory(
    batches: Iterable<readonly PlacedEvent[]>,
    onProgress: (written: number) => void = () => undefined,
  ): Promise<void> {
    let written = 0;
    for (const batch of batches) {
      await this.store.appendPlaced(batch);
      written += batch.length;
      onProgress(written);
    }
  }

  /** A stream's events, up to a version: what an audit trail shows. */
  readStream(streamId: string, range: { toVersion?: number } = {}): Promise<StoredEvent[]> {
    return this.store.readStream(streamId, range);
  }

  /** Whether the log holds any event of the stream. */
  streamExists(streamId: string): boolean {
    return this.store.streamVersion(streamId) > 0;
  }

  /** The log's head as stored now (other tabs' appends included). */
  headPosition(): Promise<number> {
    return this.store.headPosition();
  }

  /** The log's events in position order, in batches. */
  readEvents(range: { fromPosition?: number; toPosition?: number }): AsyncGenerator<StoredEvent[]> {
    return this.store.readAll(range);
  }

  /** The event log file of the log, up to a position (see eventLogFile/export.ts). */
  exportLog(options: ExportOptions = {}): Promise<ExportedLog> {
    return exportEventLog(this.store, options);
  }

  /** What importing a file that was read would do, without writing (eventLogFile/plan.ts). */
  planImport(held: HeldImport, upcast: number): Promise<ImportPlan> {
    return planImport(this.store, held, upcast);
  }

  /** Appends a planned import, all or nothing (eventLogFile/apply.ts). */
  applyImport(plan: ImportPlan): Promise<ImportResult> {
    return applyImport(this.store, plan);
  }

  /** The model's parts as they stand (what a snapshot stores), for measurements. */
  modelParts(): ModelParts {
    return this.model.parts();
  }

  /**
   * Whether the log ends with events a sync server has not confirmed yet: they may be written
   * again after the server's, so no snapshot holds them (a snapshot's index could not take them
   * back).
   */
  private pendingTail(): boolean {
    const { confirmed } = this.store;
    return confirmed !== undefined && confirmed < this.model.head;
  }

  /** Writes a snapshot when the page is next idle, if enough events came since the last one. */
  private snapshotSoon(): void {
    // While a sync catches up on a long log, as while the log is read at start-up: one every
    // SNAPSHOT_WHILE_READING events, not one per twentieth of a log that grows by the page.
    const due =
      this.sync.getState().catchingUpTo === null
        ? Math.max(this.snapshotEvery, Math.floor(this.model.head / SNAPSHOT_SHARE))
        : SNAPSHOT_WHILE_READING;
    if (this.pendingTail()) return;
    if (this.model.head - this.snapshotAt < due || this.snapshotting) return;
    if (this.status.loading !== null || this.draining) return;
    const idle = (globalThis as { requestIdleCallback?: (work: () => void) => number })
      .requestIdleCallback;
    const write = () => void this.writeSnapshot();
    if (idle) idle(write);
    else setTimeout(write, 0);
  }

  /**
   * Writes a snapshot of the views at their head (with the store's index at the same head), in
   * the background; a snapshot is a shortcut for the next start-up, so a failure only means
   * the next start-up folds more. Resolves when it is written or given up.
   */
  writeSnapshot(): Promise<void> {
    // Cleared in a later microtask, also when nothing was written: cleared inside the work, it
    // would come before the assignment, and leave this tab unable to write another.
    const from = this.model.head;
    this.snapshotting ??= this.snapshotNow().finally(() => {
      this.snapshotting = null;
      // Events folded while it was written (the end of start-up, after a snapshot written
      // while reading) were not snapshotted: another may be due now.
      if (this.model.head > from) this.snapshotSoon();
    });
    return this.snapshotting;
  }

  private async snapshotNow(): Promise<void> {
    const position = this.model.head;
    try {
      if (position <= this.snapshotAt || position !== this.store.head || this.pendingTail()) return;
      const outcome = await this.store.writeSnapshot(
        position,
        snapshotSourcesOf(this.model.parts()),
      );
      if (outcome === 'written') this.snapshotAt = position;
      // A full disk: the desk goes on without, and tries again after as many events more.
      if (outcome === 'storage full') this.snapshotAt = position;
      this.update({ lastSnapshot: outcome });
    } catch {
      // Nothing is lost: the log is whole, and the next snapshot is tried later.
      this.snapshotAt = position;
    }
  }

  private update(change: Partial<DeskStatus>): void {
    this.status = { ...this.status, ...change };
    for (const listener of this.listeners) listener();
  }
}
