/**
 * The browser's storage for this origin (the event log lives in IndexedDB): how much is used,
 * whether it is persistent, and asking for persistence. Browsers without `navigator.storage`
 * (or parts of it) are handled: the unknown parts are null.
 */

export interface StorageReport {
  /** Bytes used by this origin, when the browser tells. */
  readonly usage: number | null;
  /** Bytes this origin may use, when the browser tells. */
  readonly quota: number | null;
  /** Whether the browser keeps the data under storage pressure; null when it cannot tell. */
  readonly persisted: boolean | null;
  /** Whether persistence can be asked for in this browser. */
  readonly canPersist: boolean;
}

/** What this browser offers of `navigator.storage`; parts may be missing in older browsers. */
interface StorageApi {
  readonly estimate?: () => Promise<StorageEstimate>;
  readonly persisted?: () => Promise<boolean>;
  readonly persist?: () => Promise<boolean>;
}

function storageApi(): StorageApi {
  // Missing in old browsers and in insecure (http, non-localhost) contexts; there may be no
  // navigator at all where the store runs outside a browser (in Node, for the server's tests).
  if (typeof navigator === 'undefined') return {};
  const storage = (navigator as { storage?: Partial<StorageManager> }).storage;
  if (!storage) return {};
  return {
    ...(storage.estimate && { estimate: storage.estimate.bind(storage) }),
    ...(storage.persisted && { persisted: storage.persisted.bind(storage) }),
    ...(storage.persist && { persist: storage.persist.bind(storage) }),
  };
}

/** Calls `read` if the browser has it; null when it has not or when it fails. */
async function attempt<T>(read: (() => Promise<T>) | undefined): Promise<T | null> {
  if (!read) return null;
  try {
    return await read();
  } catch {
    return null;
  }
}

/** Reads usage, quota and persistence; never throws. */
export async function readStorage(): Promise<StorageReport> {
  const storage = storageApi();
  const [estimate, persisted] = await Promise.all([
    attempt(storage.estimate),
    attempt(storage.persisted),
  ]);
  return {
    usage: estimate?.usage ?? null,
    quota: estimate?.quota ?? null,
    persisted,
    canPersist: storage.persist !== undefined,
  };
}

const listeners = new Set<() => void>();

/** Hears every answer to a request for persistence (the Data page re-reads). */
export function onPersistenceChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Asks the browser to keep this origin's data under storage pressure (it may grant silently,
 * prompt, or refuse). Resolves to whether storage is persistent now, or null when the browser
 * cannot say. Never throws.
 */
export async function requestPersistence(): Promise<boolean | null> {
  const storage = storageApi();
  let persisted = await attempt(storage.persisted);
  if (persisted !== true && storage.persist) persisted = await attempt(storage.persist);
  for (const listener of listeners) listener();
  return persisted;
}

let askedAtStart = false;

/** Asks for persistence once per page load (the start-up request; see usePersistentStorage). */
export function requestPersistenceOnce(): void {
  if (askedAtStart) return;
  askedAtStart = true;
  void requestPersistence();
}
