/**
 * The device's side of sync (docs/sync.md, What a device does): catch up with the server's log,
 * decide again the pending commands that others' events overtook, push what is pending, wait for
 * news. One tab of the browser syncs at a time (a Web Lock); the others see its work in the log.
 */
import { commandOf } from '../../domain/commandOf';
import type { StoredEvent } from '../../domain/events';
import { findUnstorableText, unstorableTextMessage } from '../../domain/text';
import { REBASING, TailMovedError, type EventStore } from '../../store/eventStore';
import type { Command, CommandEnvelope, CommandResult } from '../commands';
import { describeFailure } from '../failures';
import {
  AttentionBeforeLeavingError,
  JoinedInAnotherTabError,
  SyncingInAnotherTabError,
} from './errors';
import {
  createInvite,
  join,
  listDevices,
  pull,
  push,
  revokeDevice,
  serverUrlOf,
  SyncRequestError,
  type Connection,
  type DeviceEntry,
  type InviteReply,
  type PushCommit,
} from './syncClient';
import {
  checkedPage,
  commandsOf,
  pushOf,
  UnreadableServerEventError,
  type CheckedPage,
} from './wire';

/** What the desk is to the sync: its log's commands run through its queue. */
export interface SyncedDesk {
  decide(envelope: CommandEnvelope): Promise<CommandResult>;
  actAs(as: { source: string; actor?: string }): void;
}

/** The joined desk, as kept beside the log (sync record `connection`). */
export interface JoinedDesk extends Connection {
  readonly deskName: string;
  readonly deviceId: string;
  readonly source: string;
  readonly person: string;
  readonly role: 'owner' | 'member';
}

/** A pending command that could not be synced as decided, and why. */
export interface AttentionItem {
  /** The command's id. */
  readonly id: string;
  readonly command: Command;
  /** When it was first decided. */
  readonly time: string;
  readonly reason: string;
}

export type SyncPhase =
  | 'off'
  | 'connecting'
  | 'syncing'
  | 'up_to_date'
  | 'offline'
  /** Another tab of this browser syncs the desk. */
  | 'other_tab'
  /** Stopped for good until the person acts: revoked, or the server lost events. */
  | 'stopped';

export interface SyncState {
  readonly phase: SyncPhase;
  readonly joined: JoinedDesk | null;
  /** When a catch-up last reached the server's head. */
  readonly lastSync: string | null;
  /** What went wrong last, in plain words; null when nothing did. */
  readonly problem: string | null;
  readonly attention: readonly AttentionItem[];
  /**
   * While the device pulls more than a page to catch up (joining a long desk, back after long
   * offline): the server's head it catches up to. Null otherwise.
   */
  readonly catchingUpTo: number | null;
  /**
   * This device's commands that a catch-up took out of the log, to decide again once it reaches
   * the server's head: not in the views, nor in the log's pending count, meanwhile.
   */
  readonly setAside: number;
}

/** The state of a desk that has not joined a server's. */
export const NOT_SYNCING: SyncState = {
  phase: 'off',
  joined: null,
  lastSync: null,
  problem: null,
  attention: [],
  catchingUpTo: null,
  setAside: 0,
};

const CONNECTION = 'connection';
const ATTENTION = 'attention';
const LAST_SYNC = 'lastSync';
const PAGE = 10_000;
const WAIT_SECONDS = 25;
const MAX_BACKOFF_MS = 30_000;
/** Refusals that deciding again does not cure: the command waits for a person. */
const REFUSED_FOR_GOOD = new Set(['email_taken', 'id_conflict']);

/** The browser's Web Locks, which keep one tab syncing a log; none outside a browser. */
const webLocks = (): LockManager | undefined =>
  typeof navigator === 'undefined' ? undefined : navigator.locks;

/** An abortable pause that ends early when `wake` is called. */
class Alarm {
  private ring: (() => void) | null = null;
  wait(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.ring = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done);
      this.ring = done;
    });
  }
  wake(): void {
    this.ring?.();
  }
}

export class SyncEngine {
  private state: SyncState = NOT_SYNCING;
  private readonly listeners = new Set<() => void>();
  private running: AbortController | null = null;
  /** The loop of this tab, or its wait for the sync lock: settles once it stopped. */
  private loop: Promise<void> = Promise.resolve();
  private leaving: Promise<void> | null = null;
  /** How many times this tab changed Needs attention (see followOtherTabs). */
  private attentionChanges = 0;
  /** While this tab joins a desk: what other tabs do then is not followed. */
  private joining = false;
  /** Whether this tab's loop runs, holding the sync's lock. */
  private holdsLock = false;
  /** Work a leave gives the loop's lock holder, to do once the loop stopped, before letting go. */
  private beforeRelease: (() => Promise<void>) | null = null;
  /** Aborts a long-poll when this device has something to push. */
  private waiting: AbortController | null = null;
  private readonly alarm = new Alarm();
  /** Commits refused for good once, by their first event's id: refused again, they are withdrawn. */
  private readonly refused = new Map<string, string>();

  constructor(
    private readonly store: EventStore,
    private readonly desk: SyncedDesk,
    /** The installation's own source, for when it leaves the desk. */
    private readonly localSource: string,
    private readonly clock: () => Date = () => new Date(),
    /** The lock's name: one syncing tab per log. */
    private readonly lockName = `order-desk-sync:${store.databaseName}`,
  ) {
    store.subscribe((events, rewrittenFrom) => {
      // A command decided here: push it now rather than after the long-poll.
      if (rewrittenFrom === undefined && events.length > 0) this.wakeUp();
    });
    // Another tab joined or left the desk, or changed Needs attention.
    store.onOtherTabs(() => {
      void this.followOtherTabs();
    });
    // Back online: sync now rather than at the end of the pause after the last failure. Gone
    // offline: the long-poll under way would fail only when it ends (25 s); dropped now, the
    // next request fails at once and the state says offline.
    if (typeof window !== 'undefined')
      for (const change of ['online', 'offline'])
        window.addEventListener(change, () => {
          this.wakeUp();
        });
  }

  getState = (): SyncState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private update(change: Partial<SyncState>): void {
    this.state = { ...this.state, ...change };
    for (const listener of this.listeners) listener();
  }

  /** Picks up a desk joined before (after the log is open). */
  async resume(): Promise<void> {
    try {
      const joined = (await this.store.readSyncRecord(CONNECTION)) as JoinedDesk | undefined;
      if (joined === undefined) return;
      const kept = await this.keptBesideTheLog();
      this.desk.actAs({ source: joined.source, actor: joined.person });
      this.update({ joined, ...kept });
      this.begin(joined);
    } catch (error) {
      this.update({ problem: describeFailure(error) });
    }
  }

  /**
   * Joins a desk with the server's address and an invite code. This browser's events so far
   * become pending: they are sent to the desk, after its own events.
   */
  async connect(server: string, invite: string): Promise<void> {
    if (this.state.joined !== null) throw new Error('This browser has joined a desk already.');
    const url = serverUrlOf(server);
    this.joining = true;
    this.update({ phase: 'connecting', problem: null });
    try {
      // One tab of the browser joins at a time: a second waits, then finds the desk joined and
      // keeps its invite, rather than spend it on a device never used.
      const joined = await this.oneJoinAtATime(async (): Promise<JoinedDesk> => {
        // Another tab may have joined since this one looked: its desk is shown instead.
        if ((await this.store.readSyncRecord(CONNECTION)) !== undefined)
          throw new JoinedInAnotherTabError();
        const reply = await join(url, invite.trim());
        const made: JoinedDesk = {
          server: url,
          desk: reply.desk.id,
          token: reply.token,
          deskName: reply.desk.name,
          deviceId: reply.device.id,
          source: reply.device.source,
          person: reply.device.person,
          role: reply.device.role,
        };
        if (!(await this.store.beginSync({ [CONNECTION]: made })))
          throw new JoinedInAnotherTabError();
        return made;
      });
      this.desk.actAs({ source: joined.source, actor: joined.person });
      this.update({ joined, attention: [], lastSync: null });
      this.begin(joined);
    } catch (error) {
      this.update({ phase: 'off', problem: null });
      if (error instanceof JoinedInAnotherTabError) await this.resume();
      throw error;
    } finally {
      this.joining = false;
    }
  }

  /**
   * Leaves the desk on this device: syncing stops, the log stays as it is (pending events
   * included), and commands are this installation's again. Asked again while it leaves, it is
   * the same leave.
   */
  leave(): Promise<void> {
    this.leaving ??= this.leaveNow().finally(() => {
      this.leaving = null;
    });
    return this.leaving;
  }

  private async leaveNow(): Promise<void> {
    // What the person saw listed when they chose to leave.
    const { joined, attention } = this.state;
    const seen = new Set(attention.map((item) => item.id));
    // Under the sync's lock: a tab that syncs could take commands out of the log meanwhile.
    const end = async () => {
      // A catch-up may have taken pending commands out of the log to decide them again after
      // the server's events: they go back into it now, or leaving would lose them.
      await this.rebase();
      // As stored: another tab may have listed some too.
      const stored = await this.storedAttention();
      const listed = stored.filter((item) => !seen.has(item.id)).length;
      if (listed > 0) throw new AttentionBeforeLeavingError(listed);
      await this.store.endSync();
    };
    try {
      if (this.holdsLock) {
        // Left before the loop lets go of the lock: another tab waiting for it would sync on.
        let ended: Promise<void> = Promise.resolve();
        this.beforeRelease = () => (ended = end());
        this.stop();
        await this.loop;
        await ended;
      } else {
        this.stop();
        await this.loop;
        await this.withSyncLock(end);
      }
    } catch (error) {
      if (joined !== null) this.begin(joined);
      throw error;
    }
    this.forget();
  }

  /** The desk is left (here or in another tab): commands are this installation's again. */
  private forget(): void {
    this.stop();
    this.desk.actAs({ source: this.localSource });
    this.refused.clear();
    this.update(NOT_SYNCING);
  }

  /** Follows what another tab did: joined or left the desk, changed Needs attention. */
  private async followOtherTabs(): Promise<void> {
    if (this.joining || this.leaving !== null) return;
    // A list this tab changes while the reads below run is newer than what they read.
    const attentionChanges = this.attentionChanges;
    try {
      const joined = (await this.store.readSyncRecord(CONNECTION)) as JoinedDesk | undefined;
      const known = this.state.joined;
      // Left in another tab (and maybe joined again, as another device).
      if (known !== null && joined?.deviceId !== known.deviceId) this.forget();
      if (joined === undefined) return;
      if (this.state.joined === null) {
        await this.resume();
        return;
      }
      const { attention, ...rest } = await this.keptBesideTheLog();
      this.update(attentionChanges === this.attentionChanges ? { attention, ...rest } : rest);
    } catch (error) {
      this.update({ problem: describeFailure(error) });
    }
  }

  /** Runs `work` while no other tab of the browser joins this log to a desk. */
  private async oneJoinAtATime<T>(work: () => Promise<T>): Promise<T> {
    const locks = webLocks();
    if (locks === undefined) return work();
    return locks.request(`order-desk-join:${this.store.databaseName}`, work);
  }

  /** Runs `work` holding the sync's lock; refused when another tab holds it (and syncs). */
  private async withSyncLock(work: () => Promise<void>): Promise<void> {
    const locks = webLocks();
    if (locks === undefined) return work();
    await locks.request(this.lockName, { ifAvailable: true }, async (lock) => {
      if (lock === null) throw new SyncingInAnotherTabError();
      await work();
    });
  }

  /** Takes commands off the Needs attention list, by id: the person has dealt with them. */
  async dismiss(ids: readonly string[]): Promise<void> {
    const dealtWith = new Set(ids);
    await this.changeAttention((items) => items.filter((item) => !dealtWith.has(item.id)));
  }

  /** Changes the Needs attention list as stored, which other tabs may have changed too. */
  private async changeAttention(
    change: (items: AttentionItem[]) => AttentionItem[],
  ): Promise<void> {
    const attention = (await this.store.changeSyncRecord(ATTENTION, (stored) =>
      change((stored ?? []) as AttentionItem[]),
    )) as AttentionItem[];
    this.attentionChanges++;
    this.update({ attention });
  }

  devices(): Promise<DeviceEntry[]> {
    return listDevices(this.connection()).then((reply) => reply.devices);
  }

  revoke(device: string): Promise<unknown> {
    return revokeDevice(this.connection(), device);
  }

  invite(person: string, role: 'owner' | 'member'): Promise<InviteReply> {
    return createInvite(this.connection(), { person, role }).then((reply) => reply.invite);
  }

  /**
   * Syncs now: a long-poll waiting for news, or the pause after a failure, ends at once and the
   * device catches up and pushes. Nothing changes while it syncs already, or does not sync.
   */
  syncNow(): void {
    this.wakeUp();
  }

  /** Stops syncing in this tab (the page closes); another tab may take over. */
  stop(): void {
    this.running?.abort();
    this.running = null;
  }

  private connection(): JoinedDesk {
    const { joined } = this.state;
    if (joined === null) throw new Error('This browser has not joined a desk.');
    return joined;
  }

  private wakeUp(): void {
    this.waiting?.abort();
    this.alarm.wake();
  }

  /** Runs the loop while this tab holds the sync lock; waits for it otherwise. */
  private begin(joined: JoinedDesk): void {
    this.running?.abort();
    const running = new AbortController();
    this.running = running;
    const locks = webLocks();
    if (locks === undefined) {
      this.loop = this.run(joined, running.signal);
      return;
    }
    this.update({ phase: 'other_tab' });
    this.loop = locks
      .request(this.lockName, { signal: running.signal }, async () => {
        this.holdsLock = true;
        try {
          await this.run(joined, running.signal);
          // A leave's own outcome reaches it: here, it only keeps the lock until done.
          await this.beforeRelease?.().catch(() => undefined);
        } finally {
          this.holdsLock = false;
          this.beforeRelease = null;
        }
      })
      .then(
        () => undefined,
        () => undefined,
      );
  }

  private async run(joined: JoinedDesk, signal: AbortSignal): Promise<void> {
    let failures = 0;
    let refusals = 0;
    const stopped = () => signal.aborted;
    this.update({ phase: 'syncing' });
    while (!signal.aborted) {
      try {
        await this.store.catchUp();
        // Left in another tab, which let go of the lock to this one (and maybe joined again).
        const stored = (await this.store.readSyncRecord(CONNECTION)) as JoinedDesk | undefined;
        if (stored?.deviceId !== joined.deviceId) {
          this.forget();
          if (stored !== undefined) await this.resume();
          return;
        }
        await this.catchUp(joined, signal).catch(async (error: unknown) => {
          // The pages taken in before the failure may have taken pending commands out of the
          // log: they go back now, not after the next catch-up that succeeds (hours offline).
          if (!signal.aborted) await this.rebase();
          throw error;
        });
        await this.rebase();
        const pushed = await this.pushPending(joined, signal);
        if (pushed === 'withdrawn') {
          // Progress: the refused command left the pending log, the next goes out at once.
          refusals = 0;
          continue;
        }
        if (pushed === 'refused') {
          // A refusal is cured by the catch-up and rebase that follow; refused again and again
          // (the server and this device disagree on something), the pushes slow down.
          refusals++;
          if (refusals > 1)
            await this.alarm.wait(Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (refusals - 2)), signal);
          continue;
        }
        refusals = 0;
        failures = 0;
        if (pushed === 'accepted') continue;
        signal.throwIfAborted();
        const lastSync = this.clock().toISOString();
        await this.store.writeSyncRecord(LAST_SYNC, lastSync);
        this.update({ phase: 'up_to_date', problem: null, lastSync });
        await this.waitForNews(joined, signal);
      } catch (error) {
        if (stopped()) return;
        if (error instanceof TailMovedError) continue;
        if (error instanceof SyncRequestError && !error.transient) {
          if (error.status === 401 || error.status === 409) {
            this.update({ phase: 'stopped', problem: error.message });
            return;
          }
        }
        if (error instanceof UnreadableServerEventError) {
          this.update({ phase: 'stopped', problem: error.message });
          return;
        }
        failures++;
        const offline = error instanceof SyncRequestError && error.status === 0;
        this.update({
          phase: offline ? 'offline' : 'syncing',
          problem: error instanceof SyncRequestError ? error.message : describeFailure(error),
        });
        await this.alarm.wait(Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (failures - 1)), signal);
      }
    }
  }

  /** Pulls until the local log holds the server's up to its head. */
  private async catchUp(joined: JoinedDesk, signal: AbortSignal): Promise<void> {
    const ask = (after: number) => {
      // Checked as soon as it comes, while the page before it is still being written.
      const page = pull(joined, after, { limit: PAGE }, signal).then((reply) =>
        checkedPage(reply, after),
      );
      // Asked for ahead: a failure is seen when the page is awaited, or not at all.
      page.catch(() => undefined);
      return page;
    };
    let after = this.confirmed();
    let next = ask(after);
    try {
      for (;;) {
        const page = await next;
        // A page that came before the sync was stopped is not written after it.
        signal.throwIfAborted();
        const reached = after + page.events.length;
        const more = page.events.length > 0 && reached < page.head;
        // Positions are gapless: the next page is asked for while this one is written.
        if (more) {
          next = ask(reached);
          if (this.state.catchingUpTo !== page.head) this.update({ catchingUpTo: page.head });
        }
        if (page.events.length > 0) {
          const { taken } = await this.accept(page);
          if (taken.length > 0) this.update({ setAside: await this.setAsideNow() });
        }
        if (!more) return;
        after = reached;
      }
    } finally {
      if (this.state.catchingUpTo !== null) this.update({ catchingUpTo: null });
    }
  }

  private confirmed(): number {
    const confirmed = this.store.confirmed;
    if (confirmed === undefined) throw new Error('The log does not sync.');
    return confirmed;
  }

  private async accept({ events, after, texts }: CheckedPage) {
    // A page came: whatever kept the server out of reach is over.
    this.update({ phase: 'syncing', problem: null });
    const accepted = await this.store.acceptServerEvents(events, {
      after,
      expectedHead: this.store.head,
      ...(texts === undefined ? {} : { texts }),
    });
    // A command listed here may be in the server's log after all: pushed, its reply lost, and
    // refused when decided again against a command made meanwhile. In the log, it needs no one.
    const listed = new Set((await this.storedAttention()).map((item) => item.id));
    const found = new Set(
      events.map((event) => event.metadata.causationId).filter((id) => listed.has(id)),
    );
    if (found.size > 0)
      await this.changeAttention((items) => items.filter((item) => !found.has(item.id)));
    return accepted;
  }

  /** Decides again, in order, the pending commands that the server's events overtook. */
  private async rebase(): Promise<void> {
    const taken = (await this.store.readSyncRecord(REBASING)) as StoredEvent[] | undefined;
    if (taken === undefined || taken.length === 0) return;
    this.update({ phase: 'syncing' });
    // As stored: a tab that synced before this one may have listed some, unheard of here yet.
    const set = new Set((await this.storedAttention()).map((item) => item.id));
    for (const events of commandsOf(taken)) {
      const first = events[0] as StoredEvent;
      const id = first.metadata.causationId;
      if (set.has(id)) continue;
      const command = commandOf(events);
      const result = await this.desk.decide({
        commandId: id,
        command,
        now: first.time,
        source: first.metadata.source,
        ...(first.metadata.actor === undefined ? {} : { actor: first.metadata.actor }),
      });
      if (!result.ok)
        await this.needsAttention({ id, command, time: first.time, reason: result.error.message });
    }
    await this.store.writeSyncRecord(REBASING, undefined);
    this.update({ setAside: 0 });
  }

  /** The Needs attention list as stored (other tabs may have changed it). */
  private async storedAttention(): Promise<AttentionItem[]> {
    return ((await this.store.readSyncRecord(ATTENTION)) ?? []) as AttentionItem[];
  }

  /** What the sync keeps beside the log that the Sync page shows, as stored. */
  private async keptBesideTheLog(): Promise<
    Pick<SyncState, 'attention' | 'lastSync' | 'setAside'>
  > {
    const attention = await this.storedAttention();
    const lastSync = ((await this.store.readSyncRecord(LAST_SYNC)) ?? null) as string | null;
    return { attention, lastSync, setAside: await this.setAsideNow() };
  }

  /** How many commands a catch-up set aside (see SyncState.setAside), as stored. */
  private async setAsideNow(): Promise<number> {
    const taken = (await this.store.readSyncRecord(REBASING)) as StoredEvent[] | undefined;
    return taken === undefined ? 0 : commandsOf(taken).length;
  }

  private needsAttention(item: AttentionItem): Promise<void> {
    return this.changeAttention((items) => [
      ...items.filter((known) => known.id !== item.id),
      item,
    ]);
  }

  /**
   * Pushes the first pending commands: whether the server accepted some, refused them all, or
   * refused one for good (withdrawn onto Needs attention), or nothing was pending.
   */
  private async pushPending(
    joined: JoinedDesk,
    signal: AbortSignal,
  ): Promise<'accepted' | 'refused' | 'withdrawn' | 'nothing'> {
    const after = this.confirmed();
    const head = this.store.head;
    if (head <= after) return 'nothing';
    this.update({ phase: 'syncing' });
    const read = await this.store.readRange(after + 1, Math.min(head, after + 2000));
    const commands = commandsOf(read);
    // A range that stops short of the head may cut its last command in two.
    if (head > after + 2000 && commands.length > 1) commands.pop();
    const commits = pushOf(commands);
    let reply;
    try {
      reply = await push(joined, commits, signal);
    } catch (error) {
      if (error instanceof SyncRequestError && error.code === 'invalid_push') {
        const named = commands[commitNamedIn(error.reasons)] ?? commands[0] ?? [];
        return this.withdraw(named, error.message, after, head);
      }
      if (error instanceof SyncRequestError && error.code === 'invalid_text') {
        // Text stored before the domain refused it. Not found here, no command is to blame.
        const unstorable = unstorableCommitIn(commits);
        if (unstorable !== null) {
          const events = commands[unstorable.index] ?? [];
          return this.withdraw(events, unstorable.reason, after, head);
        }
      }
      throw error;
    }
    for (const rejection of reply.rejected) {
      if (!REFUSED_FOR_GOOD.has(rejection.reason)) continue;
      const events = commands[rejection.commit];
      const firstId = events?.[0]?.id;
      if (events === undefined || firstId === undefined) continue;
      // Once: the next catch-up may bring what the refusal was about, and the rebase decides.
      if (this.refused.get(firstId) === rejection.reason)
        return this.withdraw(events, rejection.message, after, head);
      this.refused.set(firstId, rejection.reason);
    }
    return reply.accepted.length > 0 ? 'accepted' : 'refused';
  }

  /**
   * Takes a refused command out of the pending log, onto Needs attention: 'withdrawn', or
   * 'refused' when there was no command to take.
   */
  private async withdraw(
    events: readonly StoredEvent[],
    reason: string,
    after: number,
    head: number,
  ): Promise<'withdrawn' | 'refused'> {
    const first = events[0];
    if (first === undefined) return 'refused';
    const id = first.metadata.causationId;
    await this.needsAttention({ id, command: commandOf(events), time: first.time, reason });
    await this.store.acceptServerEvents([], { after, expectedHead: head, withdraw: true });
    this.refused.delete(first.id);
    return 'withdrawn';
  }

  /** Long-polls for others' events; returns early when this device has something to push. */
  private async waitForNews(joined: JoinedDesk, signal: AbortSignal): Promise<void> {
    if (signal.aborted || this.store.head > this.confirmed()) return;
    const waiting = new AbortController();
    this.waiting = waiting;
    const stop = () => {
      waiting.abort();
    };
    signal.addEventListener('abort', stop);
    try {
      const after = this.confirmed();
      const page = await pull(joined, after, { limit: PAGE, wait: WAIT_SECONDS }, waiting.signal);
      signal.throwIfAborted();
      if (page.events.length > 0) await this.accept(checkedPage(page, after));
    } catch (error) {
      if (!waiting.signal.aborted) throw error;
    } finally {
      signal.removeEventListener('abort', stop);
      this.waiting = null;
    }
  }
}

/**
 * The first commit whose events hold text the server cannot store, and why in words a person
 * reads on Needs attention; null when none does.
 */
function unstorableCommitIn(
  commits: readonly PushCommit[],
): { index: number; reason: string } | null {
  for (const [index, commit] of commits.entries()) {
    const found = findUnstorableText(commit.events);
    if (found === null) continue;
    // `[0].data.name` is the field `name` of its first event.
    const field = found.path.replace(/^\[\d+\]\.(?:data\.)?/u, '');
    return {
      index,
      reason: `The server refused it. ${unstorableTextMessage(`Its “${field}”`, found.problem)}`,
    };
  }
  return null;
}

/** The index of the commit that the first of an `invalid_push`'s reasons names (`commits[2]…`). */
function commitNamedIn(reasons: readonly string[]): number {
  const named = /^commits\[(\d+)\]/u.exec(reasons[0] ?? '');
  return named === null ? 0 : Number(named[1]);
}
