import { generateDemoBatches } from '../demo/generator';
import type { StoredEvent } from '../domain/events';
import { deskProjection, type DeskState } from '../projections';
import type { EventStore } from '../store/eventStore';
import { runCommand, type Command, type CommandResult } from './commands';
import { History, type BuildReport } from './history';
import { messageOf } from '../domain/errors';

/** Batches up to this size (live appends) fold at once; larger ones fold in time slices. */
const SYNC_FOLD_LIMIT = 2000;

export interface DeskSnapshot {
  /** The views as of the newest event this tab knows of. */
  readonly present: DeskState;
  /** Set while the log is being read at start-up. */
  readonly loading: { readonly loaded: number; readonly total: number } | null;
  /** Why the log could not be opened, in plain words. */
  readonly failure: string | null;
  /** Set while the timeline's checkpoints are being built in the background. */
  readonly timelineProgress: { readonly built: number; readonly head: number } | null;
  /** Why building the timeline's checkpoints failed, in plain words (the present still works). */
  readonly timelineFailure: string | null;
}

type Listener = () => void;

/**
 * The running desk: the event store plus the views folded from it, kept current as events
 * arrive from this tab or another. React reads it through `subscribe` / `getSnapshot`.
 */
export class Desk {
  private snapshot: DeskSnapshot = {
    present: deskProjection.initialState,
    loading: { loaded: 0, total: 0 },
    failure: null,
    timelineProgress: null,
    timelineFailure: null,
  };
  private readonly listeners = new Set<Listener>();
  private readonly logListeners = new Set<(events: readonly StoredEvent[]) => void>();
  private started: Promise<void> | undefined;
  /** The views at every moment: the present and the timeline's checkpoints. */
  readonly history: History;
  private readonly backlog: (readonly StoredEvent[])[] = [];
  private draining: Promise<void> | null = null;
  /** The tail of this tab's queue of commands. */
  private commands: Promise<unknown> = Promise.resolve();

  constructor(
    readonly store: EventStore,
    readonly source: string,
    private readonly clock: () => Date = () => new Date(),
    private readonly newId: () => string = () => crypto.randomUUID(),
  ) {
    this.history = new History(
      {
        readRange: (from, to) => store.readRange(from, to),
        readAll: (range) => store.readAll(range),
      },
      (report) => {
        this.reportBuild(report);
      },
    );
    store.subscribe((events) => {
      this.receive(events);
    });
  }

  /**
   * Folds new events into the views. Small batches fold at once, so a command's result is on
   * screen when it resolves; long ones (start-up, another tab's import) fold in slices that
   * leave the main thread free between them.
   */
  private receive(events: readonly StoredEvent[]): void {
    if (!this.draining && events.length <= SYNC_FOLD_LIMIT) {
      this.history.apply(events);
      this.update({ present: this.history.present });
      for (const listener of this.logListeners) listener(events);
      return;
    }
    this.backlog.push(events);
    this.draining ??= this.drain();
  }

  private async drain(): Promise<void> {
    for (let events = this.backlog.shift(); events; events = this.backlog.shift()) {
      await this.history.applyInSlices(events);
      for (const listener of this.logListeners) listener(events);
    }
    this.draining = null;
    this.update({ present: this.history.present });
    // Not while the log is still being read at start-up: the two would compete for the thread.
    if (this.snapshot.loading === null) void this.buildTimeline();
  }

  /** How far the checkpoints lag behind the present (null when they are caught up). */
  private timelineGap(): DeskSnapshot['timelineProgress'] {
    const built = this.history.checkpointedPosition;
    const head = this.history.head;
    return built < head ? { built, head } : null;
  }

  /**
   * Builds the timeline's checkpoints in the background (`report` shows how it goes). A failure
   * is shown; this, or a seek that needs the checkpoints, or a long run of new events, builds
   * again.
   */
  async buildTimeline(): Promise<void> {
    try {
      await this.history.buildCheckpoints();
    } catch {
      // Reported to the snapshot already.
    }
  }

  /** How the checkpoints' building goes, whoever started it, as the timeline bar shows it. */
  private reportBuild(report: BuildReport): void {
    if ('failure' in report) {
      const { failure } = report;
      this.update({
        timelineProgress: null,
        timelineFailure: `The timeline could not be prepared: ${messageOf(failure)}`,
      });
      return;
    }
    const { built, head } = report;
    this.update({ timelineProgress: built < head ? { built, head } : null, timelineFailure: null });
  }

  /** Reads the log once; safe to call more than once. */
  start(): Promise<void> {
    this.started ??= this.store
      .open((loaded, total) => {
        this.update({ loading: { loaded, total } });
      })
      .then(() => this.draining)
      .then(
        () => {
          this.update({ loading: null, timelineProgress: this.timelineGap() });
          void this.buildTimeline();
        },
        (error: unknown) => {
          this.update({
            loading: null,
            failure: `The event log could not be opened: ${messageOf(error)}`,
          });
        },
      );
    return this.started;
  }

  getSnapshot = (): DeskSnapshot => this.snapshot;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Hears every batch of events after the views have folded it (the timeline follows the log). */
  onEvents(listener: (events: readonly StoredEvent[]) => void): () => void {
    this.logListeners.add(listener);
    return () => this.logListeners.delete(listener);
  }

  /**
   * Runs a command as this installation, now. A tab's commands run one after another: two in
   * flight on one stream would only make each other decide again (see `runCommand`). A form that
   * may send its command again (after a reload) passes the same `commandId` each time.
   */
  execute(command: Command, commandId: string = this.newId()): Promise<CommandResult> {
    const run = this.commands.then(() =>
      runCommand(this.store, {
        commandId,
        command,
        now: this.clock().toISOString(),
        source: this.source,
      }),
    );
    this.commands = run.catch(() => undefined);
    return run;
  }

  /**
   * Appends a generated demo history of `events` events, in atomic batches so that progress can
   * be shown; the history ends now. Meant for an empty desk.
   */
  async loadDemo(
    events: number,
    onProgress: (written: number, total: number) => void = () => undefined,
    seed = 20261126,
  ): Promise<void> {
    let written = 0;
    for (const batch of generateDemoBatches({
      seed,
      events,
      end: this.clock(),
      source: this.source,
      batchSize: 5000,
    })) {
      await this.store.appendPlaced(batch);
      written += batch.length;
      onProgress(written, events);
    }
  }

  private update(change: Partial<DeskSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...change };
    for (const listener of this.listeners) listener();
  }
}
