/**
 * Wakes the long-polls of a desk when any server process appends to it: one connection per
 * process LISTENs on the append channel (appends NOTIFY it as they commit) and resolves the
 * waiters of the desk named in the payload. When the connection breaks it is made again, and
 * every waiter is woken to read again: an append may have come while nobody listened.
 */
import type pg from 'pg';
import { APPENDED_CHANNEL } from './eventLog';

export interface Wait {
  /** Resolves when the desk may have new events (or the notifier closes). */
  readonly woken: Promise<void>;
  cancel(): void;
}

const RETRY_FIRST_MS = 200;
const RETRY_MAX_MS = 5000;

export class AppendNotifier {
  private readonly waiters = new Map<string, Set<() => void>>();
  private client: pg.Client | undefined;
  private isClosed = false;
  private retryMs = RETRY_FIRST_MS;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly connect: () => pg.Client,
    private readonly log: (message: string) => void,
  ) {}

  get closed(): boolean {
    return this.isClosed;
  }

  /** How many waits are pending now. */
  get waiting(): number {
    let count = 0;
    for (const waiters of this.waiters.values()) count += waiters.size;
    return count;
  }

  /** Listens; resolves once the first LISTEN is in place. */
  async start(): Promise<void> {
    await this.listen();
  }

  private async listen(): Promise<void> {
    const client = this.connect();
    client.on('notification', (message) => {
      if (message.channel === APPENDED_CHANNEL && message.payload !== undefined)
        this.wake(message.payload);
    });
    client.on('error', (error) => {
      this.log(`The append listener's connection failed: ${error.message}`);
      this.dropped(client);
    });
    client.on('end', () => {
      this.dropped(client);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${APPENDED_CHANNEL}`);
    } catch (error) {
      void discard(client);
      throw error;
    }
    if (this.isClosed) {
      void discard(client);
      return;
    }
    this.client = client;
    this.retryMs = RETRY_FIRST_MS;
    // Appends made while nobody listened notified no one: whoever waits reads again.
    this.wakeAll();
  }

  private dropped(broken: pg.Client): void {
    if (this.client !== broken) return;
    this.client = undefined;
    void discard(broken);
    this.wakeAll();
    this.listenLater();
  }

  private listenLater(): void {
    if (this.isClosed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.listen().catch((error: unknown) => {
        this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
        this.log(
          `Listening for appends failed, trying again in ${this.retryMs} ms: ${String(error)}`,
        );
        this.listenLater();
      });
    }, this.retryMs);
  }

  /** A wait for the next append to `desk`. Make it before reading, so none is missed. */
  waitFor(desk: string): Wait {
    let wake: () => void = () => undefined;
    const woken = new Promise<void>((resolve) => {
      wake = resolve;
    });
    if (this.isClosed) {
      wake();
      return { woken, cancel: () => undefined };
    }
    let waiters = this.waiters.get(desk);
    if (!waiters) {
      waiters = new Set();
      this.waiters.set(desk, waiters);
    }
    waiters.add(wake);
    const cancel = () => {
      const set = this.waiters.get(desk);
      set?.delete(wake);
      if (set?.size === 0) this.waiters.delete(desk);
    };
    return { woken, cancel };
  }

  private wake(desk: string): void {
    const waiters = this.waiters.get(desk);
    if (!waiters) return;
    this.waiters.delete(desk);
    for (const wake of waiters) wake();
  }

  private wakeAll(): void {
    for (const desk of [...this.waiters.keys()]) this.wake(desk);
  }

  /** Stops listening and wakes every waiter (a server shutting down answers its long-polls). */
  async close(): Promise<void> {
    this.isClosed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.wakeAll();
    const client = this.client;
    this.client = undefined;
    if (client) await discard(client);
  }
}

/** Ends a connection we no longer use, whatever state it is in. */
function discard(client: pg.Client): Promise<void> {
  client.removeAllListeners();
  client.on('error', () => undefined);
  return client.end().catch(() => undefined);
}
