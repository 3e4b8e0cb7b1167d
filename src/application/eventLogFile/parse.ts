/**
 * Reads the bytes of an event log file (CONTRACT.md §3) into events to append, or into the reasons
 * it cannot be imported, a batch of events at a time. Pure: no DOM, no storage, so the same code
 * runs in the import workers and, where there is none, on the page.
 */
import { eventTypes, streamIdOf, type DomainEvent, type EventType } from '../../domain/events';
import { isValidId } from '../../domain/ids';
import { catalogUpcasters, UpcastError, type Upcasters } from '../../domain/upcasters';
import { isEventType, isPlainObject, validatePayload } from '../../domain/validation';
import type { PlacedEvent } from '../../store/types';
import {
  BATCH_MEDIA_TYPE,
  DATA_CONTENT_TYPE,
  SEQUENCE_DIGITS,
  SPEC_VERSION,
  placedEventOf,
  type EventLogCloudEvent,
} from '../../store/cloudEvents';
import { FirstIndexOfId } from '../../store/firstIndexOfId';
import { arrayStart, elementsDeeperThan, endsAfter, firstInvalidUtf8, walkElements } from './split';
import { messageOf } from '../../domain/errors';
import { formatBytes } from '../../lib/format';

/**
 * Files larger than this are refused before they are read: a file that is not JSON is decoded
 * whole, for JSON.parse to say where, and V8 strings stop just short of 512 MiB. 500 MB holds
 * about a million events.
 */
export const MAX_IMPORT_BYTES = 500e6;
/** Problems reported at most; checking stops at the 20th. */
export const MAX_REPORTED_PROBLEMS = 20;

/** Why a file, or one of its events, cannot be imported. */
export interface ImportProblem {
  /** 1-based place of the event in the file; null for the file as a whole. */
  readonly index: number | null;
  readonly id: string | null;
  readonly reason: string;
}

export const describeProblem = (problem: ImportProblem): string =>
  problem.index === null
    ? problem.reason
    : `Event ${problem.index} (${problem.id ?? 'no id'}): ${problem.reason}`;

export type ParseOutcome =
  | {
      readonly ok: true;
      /** The events to append, in file order. */
      readonly events: PlacedEvent[];
      /** How many of them were upcast from an older data version. */
      readonly upcast: number;
    }
  | {
      readonly ok: false;
      readonly problems: ImportProblem[];
      /** Checking stopped at MAX_REPORTED_PROBLEMS: later events were not looked at. */
      readonly stoppedEarly: boolean;
    };

const fileProblem = (problem: ImportProblem): ParseOutcome => ({
  ok: false,
  problems: [problem],
  stoppedEarly: false,
});

/** Refuses a file by its size, before reading it. */
export function fileSizeProblem(bytes: number): ImportProblem | null {
  return bytes > MAX_IMPORT_BYTES
    ? {
        index: null,
        id: null,
        reason: `The file is ${formatBytes(bytes)}: files over ${formatBytes(MAX_IMPORT_BYTES)} cannot be imported, because the browser cannot read that much text in one piece.`,
      }
    : null;
}

const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The first key named __proto__, constructor or prototype, at any depth, and where it is. JSON.parse
 * makes such keys own properties (it does not set the prototype), so Object.keys sees them.
 */
function findForbiddenKey(value: unknown, path: string): { key: string; path: string } | null {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findForbiddenKey(value[i], `${path}[${i}]`);
      if (found !== null) return found;
    }
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) return { key, path };
    const found = findForbiddenKey(
      (value as Record<string, unknown>)[key],
      path === '' ? key : `${path}.${key}`,
    );
    if (found !== null) return found;
  }
  return null;
}

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
 */
export function checkCloudEvent(value: unknown, upcasters: Upcasters = catalogUpcasters): Checked {
  if (!isPlainObject(value)) return { reasons: ['it must be a JSON object (a CloudEvent)'] };
  // Upcasters read the payload as it is in the file: look for forbidden keys before they run.
  if (value.dataversion !== upcasters.currentVersion) {
    const forbidden = forbiddenKeyReason(value);
    if (forbidden !== null) return { reasons: [forbidden] };
  }
  const checked = checkAttributesAndPayload(value, upcasters);
  if ('event' in checked) return checked;
  // No attribute or field of the format has a forbidden name and every field holds text, a number
  // or order lines, so an event with such a key anywhere never passes the checks: the scan runs
  // only for events that failed (it is not free), and its reason replaces the others.
  const forbidden = forbiddenKeyReason(value);
  return forbidden === null ? checked : { reasons: [forbidden] };
}

function forbiddenKeyReason(value: Record<string, unknown>): string | null {
  const forbidden = findForbiddenKey(value, '');
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

function checkAttributesAndPayload(value: Record<string, unknown>, upcasters: Upcasters): Checked {
  const reasons: string[] = [];
  for (const name of REQUIRED_ATTRIBUTES)
    if (!Object.hasOwn(value, name)) reasons.push(`the required attribute "${name}" is missing`);
  for (const name of Object.keys(value))
    if (!KNOWN_ATTRIBUTES.has(name))
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
  if (
    Object.hasOwn(value, 'actor') &&
    !(typeof value.actor === 'string' && value.actor.trim() !== '')
  )
    reasons.push(`"actor" must be text that is not empty, not ${shown(value.actor)}`);

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

const describeJsonError = (error: unknown): string => {
  const detail = messageOf(error);
  return `The file is not valid JSON: ${detail}`;
};

const kindOf = (value: unknown): string =>
  value === null ? 'null' : typeof value === 'object' ? 'a JSON object' : `a ${typeof value}`;

/**
 * Why a file that is not a JSON array, or not JSON, cannot be imported: the whole text parsed at
 * once, for JSON.parse's own words and position. Only for files the batches could not be read from.
 */
export function wholeFileProblem(bytes: Uint8Array): ImportProblem {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return notUtf8(firstInvalidUtf8(bytes, 0, bytes.length), null);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { index: null, id: null, reason: describeJsonError(error) };
  }
  const single = isPlainObject(parsed) && Object.hasOwn(parsed, 'specversion');
  const what = Array.isArray(parsed)
    ? 'an array whose elements could not be told apart'
    : single
      ? 'a single event'
      : kindOf(parsed);
  return {
    index: null,
    id: null,
    reason: `The file must be a JSON array of CloudEvents (${BATCH_MEDIA_TYPE}), but it is ${what}.`,
  };
}

/** Why a file with bytes that are not UTF-8 text is refused, where they are. */
function notUtf8(offset: number, index: number | null): ImportProblem {
  const where = index === null ? '' : ` (in event ${index})`;
  return {
    index: null,
    id: null,
    reason: `The file is not UTF-8 text: the byte at offset ${offset.toLocaleString('en')}${where} is not part of a UTF-8 character. Save the file as UTF-8 and try again.`,
  };
}

/**
 * How deep objects and arrays may nest in an event: the catalog's nest four deep (the event, its
 * data, the lines, a line). Deeper ones are refused before anything walks them.
 */
export const MAX_NESTING = 16;

const tooDeep = `it nests objects or arrays more than ${MAX_NESTING} levels deep (an event of the log nests at most 4)`;

/** Elements parsed and checked at a time. */
export const BATCH_SIZE = 1000;

/** A run of a file's array elements, parsed and checked in batches by `readPart`. */
export interface FilePart {
  readonly bytes: Uint8Array;
  /** Where `bytes` begin in the file. */
  readonly offset: number;
  /** The offset in `bytes` where the part's first element begins. */
  readonly start: number;
  /** The offset of the comma that ends the part, or null where it runs to the array's end. */
  readonly end: number | null;
  /** The index in the file of the part's first element (0-based). */
  readonly firstIndex: number;
}

export interface CheckedBatch {
  /** The batch's accepted events, in file order (none once an event of the part was refused). */
  readonly events: PlacedEvent[];
  /**
   * Where each accepted event's element is in the part's bytes: its start, then its end
   * (exclusive), for each in turn. The element may have white space around its JSON.
   */
  readonly spans: Uint32Array;
  /** Bytes of the part and events passed so far. */
  readonly bytesDone: number;
  readonly checked: number;
}

export interface PartOutcome {
  readonly checked: number;
  readonly upcast: number;
  readonly problems: ImportProblem[];
  /** Checking stopped at MAX_REPORTED_PROBLEMS before the part's last event. */
  readonly stoppedEarly: boolean;
  /** The bytes are not the JSON array they looked like: see `wholeFileProblem`. */
  readonly malformed: boolean;
  /** Why the file as a whole is refused (it is not UTF-8), or null. */
  readonly refusal: ImportProblem | null;
}

/**
 * Parses and checks a part of a file a batch at a time, yielding each batch's accepted events.
 * Ids used twice within the part are refused here; across parts, by whoever joins them.
 */
export function* readPart(
  part: FilePart,
  upcasters: Upcasters = catalogUpcasters,
): Generator<CheckedBatch, PartOutcome, void> {
  const { bytes } = part;
  // Fatal: bytes that are not UTF-8 refuse the file, rather than turn into U+FFFD unseen.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true, fatal: true });
  const problems: ImportProblem[] = [];
  const firstIndexOfId = new FirstIndexOfId();
  let upcast = 0;
  let checked = 0;
  const outcome = (
    stoppedEarly: boolean,
    malformed = false,
    refusal: ImportProblem | null = null,
  ): PartOutcome => ({
    checked,
    upcast,
    problems,
    stoppedEarly,
    malformed,
    refusal,
  });
  for (let at = part.start; ;) {
    const commaOffsets: number[] = [];
    const walk = walkElements(
      bytes,
      at,
      BATCH_SIZE,
      part.end ?? Number.POSITIVE_INFINITY,
      commaOffsets,
    );
    const last = walk.closed || walk.end === part.end;
    // An element must follow every comma; only the file's array may be empty.
    const mayBeEmpty = walk.closed && part.firstIndex === 0 && at === part.start;
    if (
      walk.truncated ||
      (walk.closed && (part.end !== null || !endsAfter(bytes, walk.end))) ||
      (walk.elements === 0 && !mayBeEmpty)
    )
      return outcome(false, true);
    let text: string;
    try {
      text = decoder.decode(bytes.subarray(at, walk.end));
    } catch {
      const invalid = firstInvalidUtf8(bytes, at, walk.end);
      const element = commaOffsets.filter((comma) => comma < invalid).length;
      return outcome(
        false,
        false,
        notUtf8(part.offset + invalid, part.firstIndex + checked + element + 1),
      );
    }
    let elements: unknown;
    try {
      elements = JSON.parse(`[${text}]`);
    } catch {
      return outcome(false, true);
    }
    if (!Array.isArray(elements) || elements.length !== walk.elements) return outcome(false, true);
    // Checks that walk a value (and error messages that show it) would overflow the stack.
    const deep =
      walk.deepest > MAX_NESTING ? elementsDeeperThan(bytes, at, walk.end, MAX_NESTING) : null;
    const events: PlacedEvent[] = [];
    const spans = new Uint32Array(2 * elements.length);
    for (let i = 0; i < elements.length; i++) {
      const element: unknown = elements[i];
      const index = part.firstIndex + checked + 1;
      checked++;
      const result = deep?.has(i) ? { reasons: [tooDeep] } : checkCloudEvent(element, upcasters);
      const id = isPlainObject(element) && typeof element.id === 'string' ? element.id : null;
      const reasons = 'reasons' in result ? result.reasons : [];
      const earlier = id === null ? undefined : firstIndexOfId.firstUse(id, index);
      if (earlier !== undefined)
        reasons.push(`the id is already used by event ${earlier} of the file`);
      if (reasons.length > 0) {
        problems.push({ index, id, reason: reasons.join('; ') });
        if (problems.length >= MAX_REPORTED_PROBLEMS)
          return outcome(!(last && i === elements.length - 1));
        continue;
      }
      if ('event' in result && problems.length === 0) {
        spans[2 * events.length] = i === 0 ? at : (commaOffsets[i - 1] ?? 0) + 1;
        spans[2 * events.length + 1] =
          i === elements.length - 1 ? walk.end : (commaOffsets[i] ?? 0);
        events.push(result.event);
        if (result.upcast) upcast++;
      }
    }
    yield {
      events,
      spans: spans.subarray(0, 2 * events.length),
      bytesDone: walk.end - part.start,
      checked,
    };
    if (last) return outcome(false);
    at = walk.end + 1;
  }
}

/**
 * Parses and checks the whole of a file's bytes on this thread, yielding after each batch so that
 * a caller can report progress or leave the thread: every accepted event, or the reasons the file
 * is refused.
 */
export function* parseEventLog(
  bytes: Uint8Array,
  upcasters: Upcasters = catalogUpcasters,
): Generator<CheckedBatch, ParseOutcome, void> {
  const start = arrayStart(bytes);
  if (start === -1) return fileProblem(wholeFileProblem(bytes));
  const steps = readPart({ bytes, offset: 0, start, end: null, firstIndex: 0 }, upcasters);
  const events: PlacedEvent[] = [];
  for (;;) {
    const step = steps.next();
    if (step.done) {
      const { problems, stoppedEarly, malformed, refusal, upcast } = step.value;
      if (refusal) return fileProblem(refusal);
      if (malformed) return fileProblem(wholeFileProblem(bytes));
      if (problems.length > 0) return { ok: false, problems, stoppedEarly };
      return { ok: true, events, upcast };
    }
    for (const event of step.value.events) events.push(event);
    yield step.value;
  }
}

/** `parseEventLog` of a text, in one go (tests, and the benchmark's comparison). */
export function parseEventLogNow(
  text: string,
  upcasters: Upcasters = catalogUpcasters,
): ParseOutcome {
  const steps = parseEventLog(new TextEncoder().encode(text), upcasters);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}
