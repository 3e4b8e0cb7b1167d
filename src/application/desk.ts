import { generateDemoBatches } from '../demo/generator';
import type { StoredEvent } from '../domain/events';
import { deskProjection, type DeskState } from '../projections';
import type { EventStore } from '../store/eventStore';
import { runCommand, type Command, type CommandResult } from './commands';

export interface DeskSnapshot {
  /** The views as of the newest event this tab knows of. */
  readonly present: DeskState;
  /** Set while the log is being read at start-up. */
  readonly loading: { readonly loaded: number; readonly total: number } | null;
  /** Why the log could not be opened, in plain words. */
  readonly failure: string | null;
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
  };
  private readonly listeners = new Set<Listener>();
  private readonly logListeners = new Set<(events: readonly StoredEvent[]) => void>();
  private started: Promise<void> | undefined;

  constructor(
    readonly store: EventStore,
    readonly source: string,
    private readonly clock: () => Date = () => new Date(),
    private readonly newId: () => string = () => crypto.randomUUID(),
  ) {
    store.subscribe((events) => {
      this.update({ present: deskProjection.foldEvents(this.snapshot.present, events) });
      for (const listener of this.logListeners) listener(events);
    });
  }

  /** Reads the log once; safe to call more than once. */
  start(): Promise<void> {
    this.started ??= this.store
      .open((loaded, total) => {
        this.update({ loading: { loaded, total } });
      })
      .then(
        () => {
          this.update({ loading: null });
        },
        (error: unknown) => {
          this.update({
            loading: null,
            failure: `The event log could not be opened: ${error instanceof Error ? error.message : String(error)}`,
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

  /** Runs a command as this installation, now. */
  execute(command: Command): Promise<CommandResult> {
    return runCommand(this.store, {
      commandId: this.newId(),
      command,
      now: this.clock().toISOString(),
      source: this.source,
    });
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
