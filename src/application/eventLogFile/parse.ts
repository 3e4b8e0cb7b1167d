/**
 * Reads the bytes of an event log file (docs/contract.md §3) into events to append, or into the reasons
 * it cannot be imported, a batch of events at a time. Pure: no DOM, no storage, so the same code
 * runs in the import workers and, where there is none, on the page.
 */
import { catalogUpcasters, type Upcasters } from '../../domain/upcasters';
import { isPlainObject } from '../../domain/validation';
import type { PlacedEvent } from '../../store/types';
import { BATCH_MEDIA_TYPE } from '../../store/cloudEvents';
import { FirstIndexOfId } from '../../store/firstIndexOfId';
import { arrayStart, elementsDeeperThan, endsAfter, firstInvalidUtf8, walkElements } from './split';
import { messageOf } from '../../domain/errors';
import { checkCloudEvent } from './cloudEventChecks';
import { MAX_REPORTED_PROBLEMS, type ImportProblem } from './problems';

export { checkCloudEvent, isRecordedTime, isUriReference } from './cloudEventChecks';
export {
  MAX_IMPORT_BYTES,
  MAX_REPORTED_PROBLEMS,
  describeProblem,
  fileSizeProblem,
  type ImportProblem,
} from './problems';

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
