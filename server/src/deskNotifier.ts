/**
 * Wakes a device's long-polls when any server process appends to its desk or revokes the device:
 * one connection per process LISTENs on both channels (appends and revocations NOTIFY them as
 * they commit) and resolves the waiters of the desk or device named in the payload. When the
 * connection breaks it is made again, and every waiter is woken to look again: an append or a
 * revocation may have come while nobody listened.
 */
import pg from 'pg';

/** The channel a committed append notifies, with the desk's id as payload. */
export const APPENDED_CHANNEL = 'order_desk_appended';
/** The channel a committed revocation notifies, with the device's id as payload. */
export const REVOKED_CHANNEL = 'order_desk_revoked';

type Channel = typeof APPENDED_CHANNEL | typeof REVOKED_CHANNEL;
const CHANNELS: readonly Channel[] = [APPENDED_CHANNEL, REVOKED_CHANNEL];

/**
 * Tells every server process's listener of a change on `channel` to `key` (a desk, or a
 * device). Not in the change's own
 * transaction: a transaction that notifies holds a lock of the whole cluster until its commit is
 * flushed, which would put every desk's appends in one line, each waiting for the one before to
 * reach the disk. Sent after the commit in a transaction of its own that does not wait for the
 * disk (it writes nothing worth keeping), the lock is held for microseconds. Should the process
 * die in between, or the notification fail (told to `log`, not thrown: the change is committed,
 * and its request is answered as done), the waiting pulls wake at their deadline or at the desk's
 * next notification.
 */
export async function notify(
  pool: pg.Pool,
  channel: Channel,
  key: string,
  log: (message: string) => void,
): Promise<void> {
  try {
    await pool.query(
      `BEGIN; SET LOCAL synchronous_commit TO OFF;
       NOTIFY ${channel}, ${pg.escapeLiteral(key)}; COMMIT`,
    );
  } catch (error) {
    log(`Could not notify ${channel} of ${key}: ${String(error)}`);
  }
}

export interface Wait {
  /** Resolves when the desk may have new events, or the device was revoked (or the notifier closes). */
  readonly woken: Promise<void>;
  cancel(): void;
}

const RETRY_FIRST_MS = 200;
const RETRY_MAX_MS = 5000;

export class DeskNotifier {
  /** Per channel, the waiters of each desk (appends) or device (revocations). */
  private readonly waiters = new Map<Channel, Map<string, Set<() => void>>>(
    CHANNELS.map((channel) => [channel, new Map()]),
  );
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

  /** How many waits are pending now (the waiting pulls). */
  get waiting(): number {
    let count = 0;
    for (const waiters of this.keys(APPENDED_CHANNEL).values()) count += waiters.size;
    return count;
  }

  /** Listens; resolves once the first LISTEN is in place. */
  async start(): Promise<void> {
    await this.listen();
  }

  private keys(channel: Channel): Map<string, Set<() => void>> {
    return this.waiters.get(channel) as Map<string, Set<() => void>>;
  }

  private async listen(): Promise<void> {
    const client = this.connect();
    client.on('notification', (message) => {
      const channel = CHANNELS.find((known) => known === message.channel);
      if (channel !== undefined && message.payload !== undefined)
        this.wake(channel, message.payload);
    });
    client.on('error', (error) => {
      this.log(`The notification listener's connection failed: ${error.message}`);
      this.dropped(client);
    });
    client.on('end', () => {
      this.dropped(client);
    });
    try {
      await client.connect();
      await client.query(CHANNELS.map((channel) => `LISTEN ${channel};`).join(' '));
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
    // Notifications sent while nobody listened reached no one: whoever waits looks again.
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
          `Listening for notifications failed, trying again in ${this.retryMs} ms: ${String(error)}`,
        );
        this.listenLater();
      });
    }, this.retryMs);
  }

  /**
   * A wait for the next append to `desk`, or the revocation of `device`. Make it before reading
   * (and checking the device), so that none is missed.
   */
  waitFor(desk: string, device: string): Wait {
    let wake: () => void = () => undefined;
    const woken = new Promise<void>((resolve) => {
      wake = resolve;
    });
    if (this.isClosed) {
      wake();
      return { woken, cancel: () => undefined };
    }
    const registered: [Channel, string][] = [
      [APPENDED_CHANNEL, desk],
      [REVOKED_CHANNEL, device],
    ];
    for (const [channel, key] of registered) {
      const keys = this.keys(channel);
      let waiters = keys.get(key);
      if (!waiters) {
        waiters = new Set();
        keys.set(key, waiters);
      }
      waiters.add(wake);
    }
    const cancel = () => {
      for (const [channel, key] of registered) {
        const keys = this.keys(channel);
        const set = keys.get(key);
        set?.delete(wake);
        if (set?.size === 0) keys.delete(key);
      }
    };
    // Woken either way, it is taken off the other list too.
    void woken.then(cancel);
    return { woken, cancel };
  }

  private wake(channel: Channel, key: string): void {
    const keys = this.keys(channel);
    const waiters = keys.get(key);
    if (!waiters) return;
    keys.delete(key);
    for (const wake of waiters) wake();
  }

  private wakeAll(): void {
    for (const channel of CHANNELS)
      for (const key of [...this.keys(channel).keys()]) this.wake(channel, key);
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
