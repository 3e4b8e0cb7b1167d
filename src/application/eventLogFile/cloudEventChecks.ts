/**
 * The checks of one element of an event log file (docs/contract.md §3): its CloudEvents attributes,
 * the catalog's type and data version, the payload after upcasting, and keys that could reach an
 * object's prototype. Pure, so the import workers and the sync run them too.
 */
import { eventTypes, streamIdOf, type DomainEvent, type EventType } from '../../domain/events';
import { isValidId } from '../../domain/ids';
import { catalogUpcasters, UpcastError, type Upcasters } from '../../domain/upcasters';
import { firstTextIn, unstorableTextProblem } from '../../domain/text';
import { isEventType, isPlainObject, validatePayload } from '../../domain/validation';
import type { PlacedEvent } from '../../store/types';
import {
  DATA_CONTENT_TYPE,
  SEQUENCE_DIGITS,
  SPEC_VERSION,
  placedEventOf,
  type EventLogCloudEvent,
} from '../../store/cloudEvents';

const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The first key named __proto__, constructor or prototype, at any depth, and the path of its
 * object. JSON.parse makes such keys own properties (it does not set the prototype), so
 * Object.entries sees them.
 */
const findForbiddenKey = (value: unknown): { key: string; path: string } | null =>
  firstTextIn(value, (key, _path, holder) =>
    holder !== undefined && FORBIDDEN_KEYS.has(key) ? { key, path: holder } : null,
  );

const schemePattern = /^[A-Za-z][A-Za-z0-9+.-]*$/;
const uriCharacters = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?#[\]]|%[0-9A-Fa-f]{2})+$/;

/** A non-empty URI-reference (RFC 3986): an absolute URI such as urn:uuid:… or a relative one. */
export function isUriReference(value: string): boolean {
  if (!uriCharacters.test(value)) return false;
  const colon = value.indexOf(':');
  if (colon === -1) return true;
  const beforeColon = value.slice(0, colon);
  // A colon before any "/", "?" or "#" ends a scheme, which must be well formed.
  return /[/?#]/.test(beforeColon) || schemePattern.test(beforeColon);
}

const sequencePattern = new RegExp(`^\\d{${SEQUENCE_DIGITS}}$`);

const REQUIRED_ATTRIBUTES = [
  'specversion',
  'id',
  'source',
  'type',
  'subject',
  'time',
  'data',
  'streamversion',
  'dataversion',
] as const;
const KNOWN_ATTRIBUTES: ReadonlySet<string> = new Set([
  ...REQUIRED_ATTRIBUTES,
  'datacontenttype',
  'sequence',
  'correlationid',
  'causationid',
  'actor',
]);

const NONE: ReadonlySet<string> = new Set();

const shown = (value: unknown): string => {
  const text = JSON.stringify(value) as string | undefined;
  if (text === undefined) return String(value);
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
};

type Checked =
  { readonly event: PlacedEvent; readonly upcast: boolean } | { readonly reasons: string[] };

/**
 * Checks one element of the file: its CloudEvents attributes, then its payload after upcasting.
 * A key named __proto__, constructor or prototype anywhere is refused with a reason of its own.
 * `alsoKnown` names attributes taken besides the format's, and not read (a sync server's
 * `device`).
 */
export function checkCloudEvent(
  value: unknown,
  upcasters: Upcasters = catalogUpcasters,
  alsoKnown: ReadonlySet<string> = NONE,
): Checked {
  if (!isPlainObject(value)) return { reasons: ['it must be a JSON object (a CloudEvent)'] };
  // Upcasters read the payload as it is in the file: look for forbidden keys before they run.
  if (value.dataversion !== upcasters.currentVersion) {
    const forbidden = forbiddenKeyReason(value);
    if (forbidden !== null) return { reasons: [forbidden] };
  }
  const checked = checkAttributesAndPayload(value, upcasters, alsoKnown);
  if ('event' in checked) return checked;
  // No attribute or field of the format has a forbidden name and every field holds text, a number
  // or order lines, so an event with such a key anywhere never passes the checks: the scan runs
  // only for events that failed (it is not free), and its reason replaces the others.
  const forbidden = forbiddenKeyReason(value);
  return forbidden === null ? checked : { reasons: [forbidden] };
}

function forbiddenKeyReason(value: Record<string, unknown>): string | null {
  const forbidden = findForbiddenKey(value);
  if (forbidden === null) return null;
  const where = forbidden.path === '' ? 'at the top level' : `in ${forbidden.path}`;
  return `it has a key named "${forbidden.key}" ${where}: keys named __proto__, constructor or prototype are refused`;
}

/**
 * A few sources (one per installation) recur through a file: each is checked once, and its first
 * copy stands for the others (null: not a source).
 */
const knownSources = new Map<string, string | null>();
function sharedSource(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  let known = knownSources.get(value);
  if (known === undefined) {
    known = isUriReference(value) ? value : null;
    if (knownSources.size > 1000) knownSources.clear();
    knownSources.set(value, known);
  }
  return known;
}

/** The catalog's own strings for its types. */
const catalogTypes = new Map<unknown, EventType>(eventTypes.map((type) => [type, type]));

/** The number of the `length` decimal digits at `at`, or -1. */
function digitsAt(value: string, at: number, length: number): number {
  let number = 0;
  for (let i = at; i < at + length; i++) {
    const digit = value.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    number = number * 10 + digit;
  }
  return number;
}

/**
 * The answer of isValidTime (domain/ids.ts: RFC 3339 UTC with milliseconds, as toISOString
 * writes it, of a date and time that exist) without building two Dates per event: several times
 * faster, and parse.test.ts checks that the two agree.
 */
export function isRecordedTime(value: string): boolean {
  // YYYY-MM-DDTHH:mm:ss.sssZ
  if (
    value.length !== 24 ||
    value[4] !== '-' ||
    value[7] !== '-' ||
    value[10] !== 'T' ||
    value[13] !== ':' ||
    value[16] !== ':' ||
    value[19] !== '.' ||
    value[23] !== 'Z' ||
    digitsAt(value, 20, 3) < 0
  )
    return false;
  const year = digitsAt(value, 0, 4);
  const month = digitsAt(value, 5, 2);
  const day = digitsAt(value, 8, 2);
  const hour = digitsAt(value, 11, 2);
  const minute = digitsAt(value, 14, 2);
  const second = digitsAt(value, 17, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days =
    month === 2
      ? leap
        ? 29
        : 28
      : month === 4 || month === 6 || month === 9 || month === 11
        ? 30
        : 31;
  return (
    day <= days &&
    hour >= 0 &&
    hour <= 23 &&
    minute >= 0 &&
    minute <= 59 &&
    second >= 0 &&
    second <= 59
  );
}

function checkAttributesAndPayload(
  value: Record<string, unknown>,
  upcasters: Upcasters,
  alsoKnown: ReadonlySet<string>,
): Checked {
  const reasons: string[] = [];
  for (const name of REQUIRED_ATTRIBUTES)
    if (!Object.hasOwn(value, name)) reasons.push(`the required attribute "${name}" is missing`);
  for (const name of Object.keys(value))
    if (!KNOWN_ATTRIBUTES.has(name) && !alsoKnown.has(name))
      reasons.push(
        `the attribute "${name}" is not part of the event log format (it would be lost on import)`,
      );

  const { specversion, id, source, type, subject, time, streamversion, dataversion } = value;
  if (specversion !== undefined && specversion !== SPEC_VERSION)
    reasons.push(`"specversion" must be "${SPEC_VERSION}", not ${shown(specversion)}`);
  if (id !== undefined && !(typeof id === 'string' && isValidId(id)))
    reasons.push(`"id" must be 1 to 64 letters, digits, "-" or "_", not ${shown(id)}`);
  if (source !== undefined && sharedSource(source) === null)
    reasons.push(`"source" must be a URI-reference such as urn:uuid:…, not ${shown(source)}`);
  if (type !== undefined && !isEventType(type))
    reasons.push(`"type" ${shown(type)} is not an event type of the catalog`);
  if (subject !== undefined && typeof subject !== 'string')
    reasons.push(`"subject" must be the stream id, such as order-1234, not ${shown(subject)}`);
  if (time !== undefined && !(typeof time === 'string' && isRecordedTime(time)))
    reasons.push(
      `"time" must be an RFC 3339 UTC time with milliseconds, such as 2026-01-31T09:30:00.000Z, not ${shown(time)}`,
    );
  if (
    Object.hasOwn(value, 'datacontenttype') &&
    value.datacontenttype !== DATA_CONTENT_TYPE &&
    // CloudEvents allows parameters after the media type (application/json; charset=utf-8).
    !(
      typeof value.datacontenttype === 'string' &&
      value.datacontenttype.split(';')[0]?.trim().toLowerCase() === DATA_CONTENT_TYPE
    )
  )
    reasons.push(
      `"datacontenttype" must be "${DATA_CONTENT_TYPE}", not ${shown(value.datacontenttype)}`,
    );
  if (
    Object.hasOwn(value, 'sequence') &&
    !(typeof value.sequence === 'string' && sequencePattern.test(value.sequence))
  )
    reasons.push(
      `"sequence" must be ${SEQUENCE_DIGITS} decimal digits, such as 0000000000000042, not ${shown(value.sequence)}`,
    );
  if (
    streamversion !== undefined &&
    !(Number.isSafeInteger(streamversion) && (streamversion as number) >= 1)
  )
    reasons.push(`"streamversion" must be a whole number, 1 or more, not ${shown(streamversion)}`);
  for (const name of ['correlationid', 'causationid'] as const) {
    const given = value[name];
    if (Object.hasOwn(value, name) && !(typeof given === 'string' && isValidId(given)))
      reasons.push(
        `"${name}" must be an id: 1 to 64 letters, digits, "-" or "_", not ${shown(given)}`,
      );
  }
  if (Object.hasOwn(value, 'actor')) {
    const { actor } = value;
    if (!(typeof actor === 'string' && actor.trim() !== ''))
      reasons.push(`"actor" must be text that is not empty, not ${shown(actor)}`);
    else {
      const unstorable = unstorableTextProblem(actor);
      if (unstorable !== null) reasons.push(`"actor" ${unstorable}`);
    }
  }

  let versionOk = false;
  if (dataversion !== undefined) {
    if (!Number.isSafeInteger(dataversion))
      reasons.push(`"dataversion" must be a whole number, not ${shown(dataversion)}`);
    else if (isEventType(type)) {
      const problem = upcasters.problem(type, dataversion as number);
      if (problem === null) versionOk = true;
      else reasons.push(problem);
    }
  }
  if (!versionOk || !isEventType(type) || !Object.hasOwn(value, 'data')) return { reasons };

  // The payload, brought up to the current data version, against the catalog.
  let data: unknown;
  try {
    data = upcasters.upcast(type, dataversion as number, value.data);
  } catch (error) {
    if (!(error instanceof UpcastError)) throw error;
    reasons.push(error.message);
    return { reasons };
  }
  const payloadReasons = validatePayload(type, upcasters.currentVersion, data);
  reasons.push(...payloadReasons);
  if (payloadReasons.length === 0 && typeof subject === 'string') {
    const stream = streamIdOf({ type, data } as DomainEvent);
    if (subject !== stream)
      reasons.push(`"subject" is ${shown(subject)}, but the data belongs to stream ${stream}`);
  }
  if (reasons.length > 0) return { reasons };
  return {
    event: placedEventOf(sharedStrings(value), data, upcasters.currentVersion),
    upcast: dataversion !== upcasters.currentVersion,
  };
}

/**
 * A checked element with the one copy of its type and source that every event of the file can
 * share: a million events held until they are written need not each hold their own.
 */
function sharedStrings(value: Record<string, unknown>): EventLogCloudEvent {
  const cloudEvent = value as unknown as EventLogCloudEvent;
  cloudEvent.type = catalogTypes.get(cloudEvent.type) ?? cloudEvent.type;
  cloudEvent.source = sharedSource(cloudEvent.source) ?? cloudEvent.source;
  return cloudEvent;
}
