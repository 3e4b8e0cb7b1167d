import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  formatBytes,
  formatFileSize,
  formatShare,
  readStorage,
  requestPersistence,
} from './storage';

function mockStorage(storage: Partial<StorageManager> | undefined) {
  Object.defineProperty(navigator, 'storage', { configurable: true, value: storage });
}

describe('storage', () => {
  afterEach(() => {
    Reflect.deleteProperty(navigator, 'storage');
  });

  it('formats bytes in MB, and in GB from 1 GB up', () => {
    expect(formatBytes(0)).toBe('0 MB');
    expect(formatBytes(12_000)).toBe('less than 0.1 MB');
    expect(formatBytes(12_345_678)).toBe('12.3 MB');
    expect(formatBytes(999_000_000)).toBe('999 MB');
    expect(formatBytes(1_000_000_000)).toBe('1 GB');
    expect(formatBytes(296_474_222_592)).toBe('296.5 GB');
    expect(formatShare(0, 100)).toBe('0%');
    expect(formatShare(1, 1000)).toBe('less than 1%');
    expect(formatShare(25, 100)).toBe('25%');
  });

  it('formats a file size in binary KB below 1 MB, else in MB', () => {
    expect(formatFileSize(1536)).toBe('1.5 KB');
    expect(formatFileSize(2 ** 20 - 1)).toBe('1024.0 KB');
    expect(formatFileSize(2 ** 20)).toBe('1.0 MB');
    expect(formatFileSize(600 * 2 ** 20)).toBe('600.0 MB');
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
