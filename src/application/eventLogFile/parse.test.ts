import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidTime } from '../../domain/ids';
import { orderPlacedV0 } from '../../domain/testing';
import {
  BATCH_SIZE,
  MAX_IMPORT_BYTES,
  MAX_NESTING,
  MAX_REPORTED_PROBLEMS,
  checkCloudEvent,
  describeProblem,
  fileSizeProblem,
  isRecordedTime,
  isUriReference,
  parseEventLog,
  parseEventLogNow,
  readPart,
  type FilePart,
  type ParseOutcome,
} from './parse';
import { arrayStart, firstInvalidUtf8, walkElements } from './split';
import { cloudEventsOf, fileText, sampleHistory } from './testing';

/** The messages of a refused file, as the page shows them. */
function messages(outcome: ParseOutcome): string[] {
  if (outcome.ok) throw new Error('The file was accepted.');
  return outcome.problems.map(describeProblem);
}

const file = () => cloudEventsOf(sampleHistory()) as unknown as Record<string, unknown>[];

/**
 * Events in a file spanning three batches, some text holding brackets, commas, quotes and
 * backslashes (one at the end of a string).
 */
const LARGE = 2 * BATCH_SIZE + 100;
const largeFile = () =>
  cloudEventsOf(
    Array.from({ length: LARGE }, (_, i) => ({
      ...sampleHistory(`p${i}`)[0],
      data: {
        customer_id: `p${i}-c1`,
        name: i % 3 === 0 ? `Ada "[x]", {y} \\\\ ${i}` : i % 3 === 2 ? `Ada ${i} \\` : `Ada ${i}`,
        email: `ada.${i}@example.com`,
      },
    })) as ReturnType<typeof sampleHistory>,
  );

/** The sample file with its first event changed. */
function withFirst(change: (event: Record<string, unknown>) => void): string {
  const events = file();
  const [first] = events;
  if (!first) throw new Error('no event');
  change(first);
  return fileText(events);
}

describe('parseEventLog accepts', () => {
  it('an exported file: every event, in file order, as events to append', () => {
    const outcome = parseEventLogNow(fileText(file()));
    expect(outcome.ok && outcome.events).toStrictEqual(
      sampleHistory().map((event) => ({ ...event, dataVersion: 1 })),
    );
  });

  it('an empty array, a byte-order mark, and events without the optional attributes', () => {
    expect(parseEventLogNow('[]')).toEqual({ ok: true, events: [], upcast: 0 });
    expect(parseEventLogNow(' [ ] ')).toEqual({ ok: true, events: [], upcast: 0 });
    expect(parseEventLogNow(`\uFEFF${fileText(file())}`).ok).toBe(true);
    const bare = withFirst((event) => {
      for (const key of ['datacontenttype', 'sequence', 'correlationid', 'causationid', 'actor'])
        Reflect.deleteProperty(event, key);
    });
    const outcome = parseEventLogNow(bare);
    expect(outcome.ok && outcome.events[0]?.metadata).toEqual({
      source: 'urn:uuid:7b0c6a1e-3f4e-4b8a-9d2c-5e6f7a8b9c0d',
      correlationId: 's-e1',
      causationId: 's-e1',
    });
  });

  it('reads a batch of events at a time, saying how far it got', () => {
    const text = fileText(largeFile());
    const steps = parseEventLog(new TextEncoder().encode(text));
    const seen: [number, number][] = [];
    for (let step = steps.next(); !step.done; step = steps.next())
      seen.push([step.value.events.length, step.value.checked]);
    expect(seen).toEqual([
      [BATCH_SIZE, BATCH_SIZE],
      [BATCH_SIZE, 2 * BATCH_SIZE],
      [LARGE - 2 * BATCH_SIZE, LARGE],
    ]);
  });

  it('reads the same events in two parts as in one, as two workers do', () => {
    const bytes = new TextEncoder().encode(fileText(largeFile()));
    const whole = parseEventLogNow(fileText(largeFile()));
    const start = arrayStart(bytes);
    const half = walkElements(bytes, start, Number.POSITIVE_INFINITY, bytes.length / 2);
    expect(half.closed).toBe(false);
    const parts: FilePart[] = [
      { bytes, offset: 0, start, end: half.end, firstIndex: 0 },
      {
        bytes: bytes.subarray(half.end + 1),
        offset: half.end + 1,
        start: 0,
        end: null,
        firstIndex: half.elements,
      },
    ];
    const events = parts.flatMap((part) => {
      const read = [];
      const steps = readPart(part);
      for (let step = steps.next(); !step.done; step = steps.next())
        read.push(...step.value.events);
      return read;
    });
    expect(whole.ok && events).toEqual(whole.ok && whole.events);
  });
});

describe('parseEventLog refuses, saying why', () => {
  it('malformed JSON, with the position', () => {
    const [message] = messages(parseEventLogNow('[{"id": "e-1",]'));
    expect(message).toMatch(/^The file is not valid JSON: .*position 14/);
  });

  it('what is not one JSON array, wherever the batches are cut', () => {
    const text = fileText(largeFile());
    const events = text.slice(1, -1);
    // A comma with nothing after it: at the end, after a whole batch, or doubled.
    const afterBatch = largeFile().slice(0, BATCH_SIZE);
    for (const bad of [
      `[${events},]`,
      `[${fileText(afterBatch).slice(1, -1)},]`,
      `[${fileText(afterBatch).slice(1, -1)}, ]`,
      `[${events.replace('},{', '},,{')}]`,
      `[,${events}]`,
      `${text}]`,
      `${text},[]`,
      text.slice(0, -1),
      `[${events}`,
      text.replace('"Ada 1"', '"Ada 1'),
    ])
      expect(messages(parseEventLogNow(bad))[0]).toMatch(/^The file is not valid JSON: /);
  });

  it('a file that is not an array', () => {
    expect(messages(parseEventLogNow('{"events": []}'))).toEqual([
      'The file must be a JSON array of CloudEvents (application/cloudevents-batch+json), but it is a JSON object.',
    ]);
    const [single] = file();
    expect(messages(parseEventLogNow(fileText(single)))[0]).toMatch(/but it is a single event\.$/);
    expect(messages(parseEventLogNow('42'))[0]).toMatch(/but it is a number\.$/);
  });

  it('a missing attribute', () => {
    const text = withFirst((event) => {
      delete event.source;
    });
    expect(messages(parseEventLogNow(text))).toEqual([
      'Event 1 (s-e1): the required attribute "source" is missing',
    ]);
  });

  it('an unknown type', () => {
    const text = withFirst((event) => {
      event.type = 'CustomerDeleted';
    });
    expect(messages(parseEventLogNow(text))).toEqual([
      'Event 1 (s-e1): "type" "CustomerDeleted" is not an event type of the catalog',
    ]);
  });

  it('a payload field of the wrong type', () => {
    const events = file();
    const payment = events[2];
    if (!payment) throw new Error('no event');
    payment.data = { ...(payment.data as object), amount: '38.95' };
    expect(messages(parseEventLogNow(fileText(events)))).toEqual([
      'Event 3 (s-e3): "amount" must be a whole number of minor units (cents), 0 or more',
    ]);
  });

  it('a key named __proto__, constructor or prototype anywhere', () => {
    const text = fileText(file()).replace(
      '"data":{"customer_id":"s-c1",',
      '"data":{"__proto__":{"admin":true},"customer_id":"s-c1",',
    );
    expect(text).toContain('"__proto__"');
    expect(messages(parseEventLogNow(text))).toEqual([
      'Event 1 (s-e1): it has a key named "__proto__" in data: keys named __proto__, constructor or prototype are refused',
    ]);
    // The prototype of what was parsed is untouched.
    expect(({} as Record<string, unknown>).admin).toBeUndefined();

    const nested = fileText(file()).replace('"quantity":2', '"quantity":2,"constructor":1');
    expect(messages(parseEventLogNow(nested))).toEqual([
      'Event 2 (s-e2): it has a key named "constructor" in data.items[0]: keys named __proto__, constructor or prototype are refused',
    ]);
    const escaped = fileText(file()).replace('"specversion"', '"prot\\u006ftype":1,"specversion"');
    expect(messages(parseEventLogNow(escaped))).toEqual([
      'Event 1 (s-e1): it has a key named "prototype" at the top level: keys named __proto__, constructor or prototype are refused',
    ]);
  });

  it('text that cannot be stored, in the payload or the actor, written as JSON escapes', () => {
    const nul = fileText(file()).replace('"name":"Ada Lovelace"', '"name":"Nul\\u0000here"');
    expect(nul).toContain('Nul\\u0000here');
    expect(messages(parseEventLogNow(nul))).toEqual([
      'Event 1 (s-e1): "name" holds a NUL character (U+0000), which cannot be stored',
    ]);
    const halfPair = withFirst((event) => {
      event.actor = 'Ana \uD83D';
    });
    expect(messages(parseEventLogNow(halfPair))).toEqual([
      'Event 1 (s-e1): "actor" holds half of a character (a lone surrogate, not valid Unicode), which cannot be stored',
    ]);
  });

  it('a bad id', () => {
    const text = withFirst((event) => {
      event.id = 'e 1/2';
    });
    expect(messages(parseEventLogNow(text))).toEqual([
      'Event 1 (e 1/2): "id" must be 1 to 64 letters, digits, "-" or "_", not "e 1/2"',
    ]);
  });

  it('a bad time', () => {
    const text = withFirst((event) => {
      event.time = '2026-02-30T09:00:00.000Z';
    });
    expect(messages(parseEventLogNow(text))).toEqual([
      'Event 1 (s-e1): "time" must be an RFC 3339 UTC time with milliseconds, such as 2026-01-31T09:30:00.000Z, not "2026-02-30T09:00:00.000Z"',
    ]);
  });

  it('wrong CloudEvents attributes', () => {
    const cases: [(event: Record<string, unknown>) => void, string][] = [
      [(e) => (e.specversion = '0.3'), '"specversion" must be "1.0", not "0.3"'],
      [
        (e) => (e.source = 'not a uri'),
        '"source" must be a URI-reference such as urn:uuid:…, not "not a uri"',
      ],
      [
        (e) => (e.datacontenttype = 'text/xml'),
        '"datacontenttype" must be "application/json", not "text/xml"',
      ],
      [
        (e) => (e.sequence = '42'),
        '"sequence" must be 16 decimal digits, such as 0000000000000042, not "42"',
      ],
      [(e) => (e.streamversion = 0), '"streamversion" must be a whole number, 1 or more, not 0'],
      [(e) => (e.dataversion = 'one'), '"dataversion" must be a whole number, not "one"'],
      [
        (e) => (e.dataversion = 0),
        'data version 0 of CustomerRegistered is not known: there is no upcaster from version 0',
      ],
      [
        (e) => (e.subject = 'customer-other'),
        '"subject" is "customer-other", but the data belongs to stream customer-s-c1',
      ],
      [
        (e) => (e.traceparent = '00-abc'),
        'the attribute "traceparent" is not part of the event log format (it would be lost on import)',
      ],
      [
        (e) => (e.causationid = ''),
        '"causationid" must be an id: 1 to 64 letters, digits, "-" or "_", not ""',
      ],
    ];
    for (const [change, reason] of cases)
      expect(messages(parseEventLogNow(withFirst(change)))).toEqual([`Event 1 (s-e1): ${reason}`]);
    expect(messages(parseEventLogNow('[null]'))).toEqual([
      'Event 1 (no id): it must be a JSON object (a CloudEvent)',
    ]);
  });

  it('an id used twice in the file', () => {
    const events = file();
    const copy = { ...events[0] };
    expect(messages(parseEventLogNow(fileText([...events, copy])))).toEqual([
      'Event 8 (s-e1): the id is already used by event 1 of the file',
    ]);
  });

  it('every problem of an event in one line, and stops at the 20th event with problems', () => {
    const broken = Array.from({ length: 30 }, (_, i) => ({ id: `bad-${i}`, specversion: '2' }));
    const outcome = parseEventLogNow(fileText([...file(), ...broken]));
    const shown = messages(outcome);
    expect(shown).toHaveLength(MAX_REPORTED_PROBLEMS);
    expect(shown[0]).toBe(
      'Event 8 (bad-0): the required attribute "source" is missing; the required attribute "type" is missing; the required attribute "subject" is missing; the required attribute "time" is missing; the required attribute "data" is missing; the required attribute "streamversion" is missing; the required attribute "dataversion" is missing; "specversion" must be "1.0", not "2"',
    );
    expect(!outcome.ok && outcome.stoppedEarly).toBe(true);
  });
});

describe('parseEventLog refuses bytes that are not UTF-8, saying where', () => {
  const encoder = new TextEncoder();
  /** The file's bytes with `bad` in place of the first `Ada` of a name at or after `from`. */
  function withBytes(text: string, bad: number[], from = 0): { bytes: Uint8Array; at: number } {
    const at = encoder.encode(text.slice(0, text.indexOf('"Ada', from) + 1)).length;
    const bytes = encoder.encode(text);
    bytes.set(bad, at);
    return { bytes, at };
  }
  const refusal = (bytes: Uint8Array) => {
    const steps = parseEventLog(bytes);
    for (;;) {
      const step = steps.next();
      if (step.done) return messages(step.value);
    }
  };

  it.each([
    ['a lone continuation byte', [0x80]],
    ['a lead byte without its continuation', [0xc3, 0x41]],
    ['an overlong form of "/"', [0xc0, 0xaf]],
    ['a surrogate', [0xed, 0xa0, 0x80]],
    ['a code point past U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ['a byte that is never UTF-8', [0xff]],
  ])('%s, with its offset and its event', (_, bad) => {
    const text = fileText(file());
    const { bytes, at } = withBytes(text, bad);
    expect(refusal(bytes)).toEqual([
      `The file is not UTF-8 text: the byte at offset ${at} (in event 1) is not part of a UTF-8 character. Save the file as UTF-8 and try again.`,
    ]);
  });

  it('in a later batch, and in the second part a second worker reads', () => {
    const text = fileText(largeFile());
    const from = text.indexOf(`"Ada ${BATCH_SIZE + 9}"`);
    expect(from).toBeGreaterThan(0);
    const { bytes, at } = withBytes(text, [0xfe], from);
    expect(refusal(bytes)[0]).toContain(
      `offset ${at.toLocaleString('en')} (in event ${BATCH_SIZE + 10})`,
    );
    const half = walkElements(bytes, arrayStart(bytes), Number.POSITIVE_INFINITY, 10);
    const steps = readPart({
      bytes: bytes.subarray(half.end + 1),
      offset: half.end + 1,
      start: 0,
      end: null,
      firstIndex: half.elements,
    });
    let step = steps.next();
    while (!step.done) step = steps.next();
    expect(step.value.refusal?.reason).toContain(
      `offset ${at.toLocaleString('en')} (in event ${BATCH_SIZE + 10})`,
    );
  });

  it('outside the events too', () => {
    const bytes = encoder.encode(`${fileText(file())} x`);
    bytes[bytes.length - 1] = 0xc3;
    expect(refusal(bytes)).toEqual([
      `The file is not UTF-8 text: the byte at offset ${(bytes.length - 1).toLocaleString('en')} is not part of a UTF-8 character. Save the file as UTF-8 and try again.`,
    ]);
  });

  it('but reads every UTF-8 character, of one to four bytes', () => {
    const text = withFirst((event) => {
      event.data = { customer_id: 's-c1', name: 'Ådå Łovelace 名前 𝒜', email: 'ada.s@example.com' };
    });
    expect(parseEventLogNow(text).ok).toBe(true);
  });

  it('firstInvalidUtf8 finds what a fatal TextDecoder refuses, and nothing else', () => {
    const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 12 }), fc.string({ unit: 'binary' }), (raw, text) => {
        for (const bytes of [raw, encoder.encode(text)]) {
          let valid = true;
          try {
            fatal.decode(bytes);
          } catch {
            valid = false;
          }
          const invalid = firstInvalidUtf8(bytes, 0, bytes.length);
          expect(invalid === -1).toBe(valid);
          if (!valid) {
            // Everything before it decodes.
            expect(() => fatal.decode(bytes.subarray(0, invalid))).not.toThrow();
          }
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('parseEventLog refuses values nested too deep, in plain words', () => {
  const nestedIn = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;

  it.each([
    [
      'in an unknown attribute',
      100_000,
      (event: Record<string, unknown>) => (event.extra = 'DEEP'),
    ],
    [
      'in a payload field',
      MAX_NESTING,
      (event: Record<string, unknown>) =>
        (event.data = { customer_id: 's-c1', name: 'DEEP', email: 'ada.s@example.com' }),
    ],
  ])('%s (%i levels)', (_, depth, change) => {
    const text = withFirst(change).replace('"DEEP"', nestedIn(depth));
    expect(messages(parseEventLogNow(text))).toEqual([
      `Event 1 (s-e1): it nests objects or arrays more than ${MAX_NESTING} levels deep (an event of the log nests at most 4)`,
    ]);
  });

  it('not values just within the limit: their own problems are named', () => {
    const text = withFirst((event) => {
      event.data = { customer_id: 's-c1', name: 'DEEP', email: 'ada.s@example.com' };
    }).replace('"DEEP"', nestedIn(MAX_NESTING - 2));
    expect(messages(parseEventLogNow(text))).toEqual([
      'Event 1 (s-e1): "name" must be text that is not empty',
    ]);
  });

  it('an element that is itself nested too deep', () => {
    const text = `[${nestedIn(50_000)}]`;
    expect(messages(parseEventLogNow(text))).toEqual([
      `Event 1 (no id): it nests objects or arrays more than ${MAX_NESTING} levels deep (an event of the log nests at most 4)`,
    ]);
  });
});

describe('upcasting on the way in', () => {
  it('upgrades an older data version and checks the result against the catalog', () => {
    const upcasters = orderPlacedV0;
    const events = file();
    const order = events[1];
    if (!order) throw new Error('no event');
    const { total, ...withoutTotal } = order.data as Record<string, unknown>;
    order.data = withoutTotal;
    order.dataversion = 0;
    // Without the upcaster, version 0 is refused.
    expect(messages(parseEventLogNow(fileText(events)))).toEqual([
      'Event 2 (s-e2): data version 0 of OrderPlaced is not known: there is no upcaster from version 0',
    ]);
    const outcome = parseEventLogNow(fileText(events), upcasters);
    expect(outcome.ok && outcome.upcast).toBe(1);
    expect(outcome.ok && outcome.events[1]).toMatchObject({
      dataVersion: 1,
      data: { ...withoutTotal, total },
    });
    // A version-0 payload that does not upgrade into a valid one is refused.
    order.data = { ...withoutTotal, items: [] };
    expect(messages(parseEventLogNow(fileText(events), upcasters))).toEqual([
      'Event 2 (s-e2): "items" must have 1 to 50 lines (it has 0)',
    ]);
  });
});

describe('the file size limit', () => {
  it('refuses a file over the limit before reading it, saying the limit', () => {
    expect(fileSizeProblem(MAX_IMPORT_BYTES)).toBeNull();
    expect(fileSizeProblem(MAX_IMPORT_BYTES + 1)?.reason).toBe(
      'The file is 500 MB: files over 500 MB cannot be imported, because the browser cannot read that much text in one piece.',
    );
  });
});

describe('helpers', () => {
  it('isRecordedTime gives the answers of isValidTime', () => {
    const instant = fc.date({
      min: new Date('0000-01-01T00:00:00.000Z'),
      max: new Date('9999-12-31T23:59:59.999Z'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(instant, (date) => {
        const text = date.toISOString();
        expect(isRecordedTime(text)).toBe(true);
        expect(isValidTime(text)).toBe(true);
      }),
    );
    // Times that look right but do not exist, or are not in the recorded form.
    const digit = fc.integer({ min: 0, max: 9 }).map(String);
    const field = (n: number) =>
      fc.array(digit, { minLength: n, maxLength: n }).map((d) => d.join(''));
    const lookalike = fc
      .tuple(field(4), field(2), field(2), field(2), field(2), field(2), field(3))
      .map(([y, mo, d, h, mi, s, ms]) => `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z`);
    fc.assert(
      fc.property(fc.oneof(lookalike, fc.string()), (text) => {
        expect(isRecordedTime(text)).toBe(isValidTime(text));
      }),
      { numRuns: 5000 },
    );
    for (const text of [
      '2024-02-29T00:00:00.000Z',
      '2023-02-29T00:00:00.000Z',
      '1900-02-29T00:00:00.000Z',
      '2000-02-29T00:00:00.000Z',
      '2026-04-31T00:00:00.000Z',
      '2026-01-01T24:00:00.000Z',
      '2026-01-01T23:59:60.000Z',
      '2026-01-01T23:59:59.000+00:00',
      '2026-01-01T23:59:59Z',
      '２026-01-01T23:59:59.000Z',
    ])
      expect(isRecordedTime(text), text).toBe(isValidTime(text));
  });

  it('isUriReference', () => {
    for (const ok of [
      'urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66',
      'https://x.org/a?b#c',
      '/sensors/1',
      'a/b:c',
    ])
      expect(isUriReference(ok), ok).toBe(true);
    for (const bad of ['', 'two words', '1abc:x', 'a%zz', 'é'])
      expect(isUriReference(bad), bad).toBe(false);
  });

  it('checkCloudEvent and the generator agree', () => {
    const [first] = file();
    expect('event' in checkCloudEvent(first)).toBe(true);
    const steps = parseEventLog(new TextEncoder().encode(fileText([first])));
    const batch = steps.next();
    expect(!batch.done && batch.value.events).toEqual([{ ...sampleHistory()[0], dataVersion: 1 }]);
  });
});
