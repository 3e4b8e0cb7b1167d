/**
 * Upcasters bring a payload recorded under an older data version of its type up to the current
 * one, one version at a time: the entry for (type, v) turns data of version v into version v + 1.
 * They run on the way in (import) and on the way out of the store (read), so that everything
 * above the store only ever sees the current catalog. The contract changes only by adding: a new
 * data version of a type comes with the upcaster from the one before.
 */
import { CURRENT_DATA_VERSION, type EventType } from './events';
import { isPlainObject } from './validation';
import { messageOf } from './errors';

/** Turns a payload of one data version into the next; may throw with a plain-words message. */
export type Upcaster = (data: Readonly<Record<string, unknown>>) => Record<string, unknown>;

export interface UpcasterEntry {
  readonly type: EventType;
  /** The data version this upcaster reads; it returns version `fromVersion + 1`. */
  readonly fromVersion: number;
  readonly upcast: Upcaster;
}

/** A data version that cannot be brought up to the current one, or an upcaster that failed. */
export class UpcastError extends Error {
  override readonly name = 'UpcastError';
}

export interface Upcasters {
  /** The data version every payload is brought up to. */
  readonly currentVersion: number;
  /** True when no upcaster is registered: every readable payload is already current. */
  readonly isEmpty: boolean;
  /** Why `type` at `dataVersion` cannot be brought to the current version; null when it can. */
  problem(type: EventType, dataVersion: number): string | null;
  /** The payload at the current version (the same object when it is already current). */
  upcast(type: EventType, dataVersion: number, data: unknown): unknown;
}

/** A registry over a table of upcasters; a table with a gap in a type's chain is refused. */
export function createUpcasters(
  table: readonly UpcasterEntry[],
  currentVersion: number = CURRENT_DATA_VERSION,
): Upcasters {
  const steps = new Map<string, Upcaster>();
  const key = (type: string, version: number) => `${type}@${version}`;
  for (const entry of table) {
    if (!Number.isInteger(entry.fromVersion) || entry.fromVersion >= currentVersion)
      throw new RangeError(
        `An upcaster of ${entry.type} must read a data version below ${currentVersion}, not ${entry.fromVersion}.`,
      );
    const k = key(entry.type, entry.fromVersion);
    if (steps.has(k))
      throw new RangeError(
        `Two upcasters of ${entry.type} read data version ${entry.fromVersion}.`,
      );
    steps.set(k, entry.upcast);
  }

  const problem = (type: EventType, dataVersion: number): string | null => {
    if (!Number.isSafeInteger(dataVersion)) return 'the data version must be a whole number';
    if (dataVersion > currentVersion)
      return `data version ${dataVersion} of ${type} is newer than this desk knows (version ${currentVersion}): update the app first`;
    for (let version = dataVersion; version < currentVersion; version++)
      if (!steps.has(key(type, version)))
        return `data version ${dataVersion} of ${type} is not known: there is no upcaster from version ${version}`;
    return null;
  };

  return {
    currentVersion,
    isEmpty: steps.size === 0,
    problem,
    upcast(type, dataVersion, data) {
      if (dataVersion === currentVersion) return data;
      const why = problem(type, dataVersion);
      if (why !== null) throw new UpcastError(why);
      let current = data;
      for (let version = dataVersion; version < currentVersion; version++) {
        if (!isPlainObject(current))
          throw new UpcastError(
            `the data of ${type} at data version ${version} must be a JSON object`,
          );
        const step = steps.get(key(type, version));
        if (!step) throw new UpcastError(`there is no upcaster of ${type} from version ${version}`);
        try {
          current = step(current);
        } catch (error) {
          throw new UpcastError(
            `the data of ${type} could not be upgraded from data version ${version}: ${messageOf(error)}`,
          );
        }
      }
      return current;
    },
  };
}

/**
 * The catalog's upcasters. The catalog is at data version 1, its first, so there are none yet;
 * the next version of a type adds its entry here, e.g.
 * `{ type: 'OrderPlaced', fromVersion: 1, upcast: (data) => ({ ...data, discount: 0 }) }`.
 */
export const catalogUpcasters: Upcasters = createUpcasters([]);

/** An event (stored or about to be) with its payload brought up to the current data version. */
export function upcastEvent<
  E extends { readonly type: EventType; readonly dataVersion: number; readonly data: unknown },
>(upcasters: Upcasters, event: E): E {
  if (event.dataVersion === upcasters.currentVersion) return event;
  return {
    ...event,
    data: upcasters.upcast(event.type, event.dataVersion, event.data),
    dataVersion: upcasters.currentVersion,
  };
}
