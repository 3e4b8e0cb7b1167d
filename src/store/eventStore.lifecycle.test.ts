import Dexie from 'dexie';
import { describe, expect, it, vi } from 'vitest';
import { describeFailure } from '../application/failures';
import { openEventLogDb } from './db';
import { StorageFullError, StorageInterruptedError } from './errors';
import { LogReplacedError } from './eventStore';
import { logInvariantProblems } from './logInvariants';
import { closingTestStores, newEvent, refusePuts } from './testing';

const store = closingTestStores();
let databases = 0;
const freshName = () => `lifecycle-${++databases}-${Math.random()}`;

const delivered = (id: string) =>
  newEvent(id, { type: 'OrderDelivered', data: { order_id: `o-${id}` } });

describe('a store whose database another tab deletes', () => {
  it('hears of it, refuses every write, and never makes the database again', async () => {
    const name = freshName();
    const s = await store(name);
    await s.append('order-o-a', [delivered('a')], { expectedVersion: 'no_stream' });
    const told = vi.fn();
    s.onGone(told);

    await Dexie.delete(name);

    await vi.waitFor(() => {
      expect(told).toHaveBeenCalledOnce();
    });
    expect(String(told.mock.calls[0]?.[0])).toContain('cleared in another tab');
    await expect(
      s.append('order-o-b', [delivered('b')], { expectedVersion: 'no_stream' }),
    ).rejects.toBeInstanceOf(LogReplacedError);
    expect(await Dexie.exists(name)).toBe(false);
  });
});

describe('a store opened on a log made by the version before', () => {
  it('upgrades it while an old tab holds it open, and gives it an incarnation', async () => {
    const name = freshName();
    // The app as it was: schema version 1 only, a log with an event, the tab still open.
    const old = new Dexie(name);
    old.version(1).stores({ commits: 'first, maxTime', meta: 'key' });
    const event = {
      ...delivered('a'),
      position: 1,
      streamId: 'order-o-a',
      streamVersion: 1,
      dataVersion: 1,
    };
    await old.table('commits').add({
      first: 1,
      last: 1,
      minTime: event.time,
      maxTime: event.time,
      events: [event],
    });
    await old.table('meta').put({ key: 'log', head: 1, sealed: 0 });
    expect(old.isOpen()).toBe(true);

    const s = await store(name);

    // The old tab let go of its connection (Dexie closes it on versionchange) for the upgrade.
    expect(old.isOpen()).toBe(false);
    expect(s.head).toBe(1);
    const db = openEventLogDb(name);
    try {
      expect((await db.meta.get('log'))?.incarnation).toMatch(/^[0-9a-f-]{36}$/);
      expect(await db.snapshots.count()).toBe(0);
    } finally {
      db.close();
    }
    await s.append('order-o-b', [delivered('b')], { expectedVersion: 'no_stream' });
    expect(s.head).toBe(2);
  });
});

describe('a store that finds another log under its name', () => {
  it('refuses to write into it', async () => {
    const name = freshName();
    const s = await store(name);
    await s.append('order-o-a', [delivered('a')], { expectedVersion: 'no_stream' });
    // Another log under the same name, as an import in another browser profile would leave it.
    const db = openEventLogDb(name);
    try {
      const meta = await db.meta.get('log');
      if (!meta) throw new Error('No log.');
      await db.meta.put({ ...meta, incarnation: 'another-log' });
    } finally {
      db.close();
    }
    await expect(
      s.append('order-o-b', [delivered('b')], { expectedVersion: 'no_stream' }),
    ).rejects.toBeInstanceOf(LogReplacedError);
  });
});

describe('a write the browser refuses', () => {
  it('for a full disk, says so in plain words, and keeps the log whole', async () => {
    const name = freshName();
    const s = await store(name);
    await s.append('order-o-a', [delivered('a')], { expectedVersion: 'no_stream' });
    const put = refusePuts('meta', 'QuotaExceededError');
    let failure: unknown;
    try {
      await s.append('order-o-b', [delivered('b')], { expectedVersion: 'no_stream' });
    } catch (error) {
      failure = error;
    } finally {
      put.mockRestore();
    }
    expect(failure).toBeInstanceOf(StorageFullError);
    expect(describeFailure(failure)).toMatch(/^The browser's storage for this site is full/);
    expect(describeFailure(failure)).not.toContain('QuotaExceededError');
    const db = openEventLogDb(name);
    try {
      expect(await logInvariantProblems(db)).toEqual([]);
      expect((await db.meta.get('log'))?.head).toBe(1);
    } finally {
      db.close();
    }
  });

  it('for an interrupted transaction, says to try again, never the raw name', async () => {
    const s = await store(freshName());
    const put = refusePuts('meta', 'AbortError');
    let failure: unknown;
    try {
      await s.append('order-o-b', [delivered('b')], { expectedVersion: 'no_stream' });
    } catch (error) {
      failure = error;
    } finally {
      put.mockRestore();
    }
    expect(failure).toBeInstanceOf(StorageInterruptedError);
    expect(describeFailure(failure)).toContain('Try again');
    expect(describeFailure(new TypeError('x is undefined'))).not.toContain('undefined');
  });
});
