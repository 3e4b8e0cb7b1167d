import { afterEach, describe, expect, it, vi } from 'vitest';
import { readStorage, requestPersistence } from './storage';

function mockStorage(storage: Partial<StorageManager> | undefined) {
  Object.defineProperty(navigator, 'storage', { configurable: true, value: storage });
}

describe('storage', () => {
  afterEach(() => {
    Reflect.deleteProperty(navigator, 'storage');
  });

  it('reads usage, quota and persistence', async () => {
    mockStorage({
      estimate: () => Promise.resolve({ usage: 5e6, quota: 2e9 }),
      persisted: () => Promise.resolve(false),
      persist: () => Promise.resolve(true),
    });
    await expect(readStorage()).resolves.toEqual({
      usage: 5e6,
      quota: 2e9,
      persisted: false,
      canPersist: true,
    });
  });

  it('tells nothing, and throws nothing, without navigator.storage or when it fails', async () => {
    mockStorage(undefined);
    await expect(readStorage()).resolves.toEqual({
      usage: null,
      quota: null,
      persisted: null,
      canPersist: false,
    });
    await expect(requestPersistence()).resolves.toBeNull();

    mockStorage({
      estimate: () => Promise.reject(new Error('no')),
      persisted: () => Promise.reject(new Error('no')),
    });
    await expect(readStorage()).resolves.toEqual({
      usage: null,
      quota: null,
      persisted: null,
      canPersist: false,
    });
  });

  it('asks for persistence only when storage is not persistent yet', async () => {
    const persist = vi.fn(() => Promise.resolve(true));
    mockStorage({ persisted: () => Promise.resolve(true), persist });
    await expect(requestPersistence()).resolves.toBe(true);
    expect(persist).not.toHaveBeenCalled();

    mockStorage({ persisted: () => Promise.resolve(false), persist });
    await expect(requestPersistence()).resolves.toBe(true);
    expect(persist).toHaveBeenCalledOnce();
  });
});
