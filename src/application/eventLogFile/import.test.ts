import { afterEach, describe, expect, it } from 'vitest';
import { createUpcasters } from '../../domain/upcasters';
import type { EventStore } from '../../store/eventStore';
import { openTestStore } from '../../store/testing';
import type { PlacedEvent } from '../../store/types';
import { exportEventLog } from './export';
import {
  FileEntries,
  applyImport,
  heldHere,
  planImport,
  readEventLogFile,
  type ImportResult,
} from './import';
import { describeProblem, parseEventLogNow, type ImportProblem } from './parse';
import { cloudEventsOf, fileText, readEverything, sampleHistory } from './testing';
import { entriesOf, unpackFacts } from './workerProtocol';

const opened: EventStore[] = [];
async function store(): Promise<EventStore> {
  const s = await openTestStore();
  opened.push(s);
  return s;
}
afterEach(() => {
  for (const s of opened.splice(0)) s.close();
});

const asFile = (value: unknown) =>
  new File([typeof value === 'string' ? value : fileText(value)], 'log.json', {
    type: 'application/json',
  });

/** Reads, plans and applies a file as the page does (on this thread: jsdom has no Worker). */
async function importFile(target: EventStore, file: Blob) {
  const outcome = await readEventLogFile(file);
  if (!outcome.ok) throw new Error(outcome.problems.map(describeProblem).join('\n'));
  const plan = await planImport(target, outcome.held, outcome.upcast);
  return { plan, result: await applyImport(target, plan) };
}

/** What must not change when an import is refused. */
async function snapshot(s: EventStore) {
  return { head: await s.headPosition(), events: await readEverything(s) };
}

const problemOf = (result: ImportResult): string => {
  if (result.ok) throw new Error('The import was accepted.');
  return describeProblem(result.problem);
};

describe('import into a store', () => {
  it('summarizes the file before writing: new, already present, per type', async () => {
    const target = await store();
    const history = sampleHistory();
    await target.appendPlaced(history.slice(0, 3));
    const before = await snapshot(target);
    const outcome = parseEventLogNow(fileText(cloudEventsOf(history)));
    if (!outcome.ok) throw new Error('refused');
    const plan = await planImport(target, heldHere(outcome.events));
    expect(plan).toMatchObject({ fresh: 4, present: 3, problems: [], stoppedEarly: false });
    expect(plan.byType).toEqual([
      { type: 'CustomerRegistered', inFile: 2, fresh: 1 },
      { type: 'OrderPlaced', inFile: 1, fresh: 0 },
      { type: 'PaymentProcessed', inFile: 1, fresh: 0 },
      { type: 'OrderShipped', inFile: 1, fresh: 1 },
      { type: 'CustomerDetailsChanged', inFile: 1, fresh: 1 },
      { type: 'OrderDelivered', inFile: 1, fresh: 1 },
    ]);
    // The dry run wrote nothing.
    expect(await snapshot(target)).toEqual(before);
  });

  it('appends every event in file order, skipping those already there with the same content', async () => {
    const target = await store();
    const history = sampleHistory();
    await target.appendPlaced(history.slice(0, 2));
    const { result } = await importFile(target, asFile(cloudEventsOf(history)));
    expect(result).toEqual({ ok: true, written: 5, skipped: 2, head: 7 });
    const events = await readEverything(target);
    expect(events.map((e) => [e.position, e.id])).toEqual(history.map((e, i) => [i + 1, e.id]));
  });

  it('an export imported into an empty store and exported again gives the same file', async () => {
    const source = await store();
    await source.appendPlaced(sampleHistory());
    const first = await (await exportEventLog(source)).blob.text();
    const target = await store();
    const { result } = await importFile(target, asFile(first));
    expect(result.ok).toBe(true);
    expect(await (await exportEventLog(target)).blob.text()).toBe(first);
    // Importing the same file again writes nothing.
    const again = await importFile(target, asFile(first));
    expect(again.plan).toMatchObject({ fresh: 0, present: 7 });
    expect(again.result).toEqual({ ok: true, written: 0, skipped: 7, head: 7 });
  });

  it('refuses all when an id is stored with other content, leaving the store as it was', async () => {
    const target = await store();
    const history = sampleHistory();
    await target.appendPlaced(history.slice(0, 2));
    const before = await snapshot(target);
    const events = cloudEventsOf(history);
    const order = events[1];
    if (!order) throw new Error('no event');
    order.data = { ...(order.data as object), currency: 'USD' };
    const outcome = parseEventLogNow(fileText(events));
    if (!outcome.ok) throw new Error('refused');
    const plan = await planImport(target, heldHere(outcome.events));
    expect(plan.problems.map(describeProblem)).toEqual([
      'Event 2 (s-e2): this id is already stored with other content (a different type, stream, version or data)',
    ]);
    expect(problemOf(await applyImport(target, plan))).toBe(
      'Event 2 (s-e2): this id is already stored with other content (a different type, stream, version or data)',
    );
    // The store itself refuses too, when the dry run is skipped.
    expect(problemOf(await applyImport(target, { ...plan, problems: [] }))).toBe(
      'Event 2 (s-e2): this id is already stored with other content.',
    );
    expect(await snapshot(target)).toEqual(before);
  });

  it('refuses all on a stream-version gap, leaving the store as it was', async () => {
    const target = await store();
    await target.appendPlaced(sampleHistory('t'));
    const before = await snapshot(target);
    const history = sampleHistory();
    const gap = history.filter((event) => event.id !== 's-e3');
    const outcome = parseEventLogNow(fileText(cloudEventsOf(gap)));
    if (!outcome.ok) throw new Error('refused');
    const plan = await planImport(target, heldHere(outcome.events));
    expect(plan.problems.map(describeProblem)).toEqual([
      'Event 4 (s-e5): it is version 3 of order-s-o1, which is at version 1 here: stream versions must continue without gaps or overlaps',
      // Without its payment, the shipment breaks the order lifecycle too.
      'Event 4 (s-e5): it breaks a rule: Order s-o1 is Placed: it can be shipped only when it is Paid',
    ]);
    expect(problemOf(await applyImport(target, { ...plan, problems: [] }))).toBe(
      'Event 4 (s-e5): it is version 3 of order-s-o1, which is at version 1 here: stream versions must continue without gaps or overlaps',
    );
    expect(await snapshot(target)).toEqual(before);
  });

  it('refuses an overlap with a stream the log already has', async () => {
    const target = await store();
    const history = sampleHistory();
    await target.appendPlaced(history.slice(0, 2));
    // Another order-s-o1 version 1 under a new id.
    const overlap: PlacedEvent = { ...history[1], id: 'other-e2' } as PlacedEvent;
    const outcome = parseEventLogNow(fileText(cloudEventsOf([overlap])));
    if (!outcome.ok) throw new Error('refused');
    const plan = await planImport(target, heldHere(outcome.events));
    expect(plan.problems.map(describeProblem)).toEqual([
      'Event 1 (other-e2): it is version 1 of order-s-o1, which is at version 1 here: stream versions must continue without gaps or overlaps',
      'Event 1 (other-e2): it breaks a rule: Order s-o1 has already been placed',
    ]);
  });

  it('is atomic: a refusal late in a large file writes none of the events before it', async () => {
    const target = await store();
    await target.appendPlaced(sampleHistory('t'));
    const before = await snapshot(target);
    const many: PlacedEvent[] = Array.from({ length: 2500 }, (_, i) => ({
      id: `bulk-${i}`,
      type: 'CustomerRegistered',
      data: { customer_id: `bulk-${i}`, name: `Customer ${i}`, email: `bulk-${i}@example.com` },
      time: '2026-02-01T00:00:00.000Z',
      metadata: { source: 'urn:uuid:x', correlationId: 'c', causationId: 'c' },
      streamId: `customer-bulk-${i}`,
      streamVersion: 1,
    }));
    // The same email as a customer already in the log: the store refuses the whole batch.
    const clash: PlacedEvent = {
      ...sampleHistory('u')[0],
      data: { customer_id: 'u-c9', name: 'Ada Again', email: 'ada.t@example.com' },
      streamId: 'customer-u-c9',
    } as PlacedEvent;
    const outcome = parseEventLogNow(fileText(cloudEventsOf([...many, clash])));
    if (!outcome.ok) throw new Error(outcome.problems.map(describeProblem).join());
    const plan = await planImport(target, heldHere(outcome.events));
    expect(plan).toMatchObject({ fresh: 2501, problems: [] });
    expect(problemOf(await applyImport(target, plan))).toBe(
      'Event 2501 (u-e1): the email ada.t@example.com is already held by t-c1.',
    );
    expect(await snapshot(target)).toEqual(before);
  });

  it('stops reporting conflicts at 20', async () => {
    const target = await store();
    const events: PlacedEvent[] = Array.from({ length: 30 }, (_, i) => ({
      id: `gap-${i}`,
      type: 'OrderDelivered',
      data: { order_id: `g-${i}` },
      time: '2026-02-01T00:00:00.000Z',
      metadata: { source: 'urn:uuid:x', correlationId: 'c', causationId: 'c' },
      streamId: `order-g-${i}`,
      streamVersion: 2,
    }));
    const plan = await planImport(target, heldHere(events));
    expect(plan.problems).toHaveLength(20);
    expect(plan.stoppedEarly).toBe(true);
  });

  it('refuses an oversized file before reading it', async () => {
    const huge = { size: 600e6, text: () => Promise.reject(new Error('read')) };
    const outcome = await readEventLogFile(huge as unknown as Blob);
    expect(!outcome.ok && outcome.problems.map((p: ImportProblem) => p.reason)).toEqual([
      'The file is 600 MB: files over 500 MB cannot be imported, because the browser cannot read that much text in one piece.',
    ]);
  });

  it('upcasts an older data version on the way in and stores it at the current one', async () => {
    const upcasters = createUpcasters([
      {
        type: 'CustomerRegistered',
        fromVersion: 0,
        upcast: ({ full_name, ...rest }) => ({ ...rest, name: full_name }),
      },
    ]);
    const [registered] = cloudEventsOf(sampleHistory());
    if (!registered) throw new Error('no event');
    const { name, ...rest } = registered.data as Record<string, unknown>;
    const old = { ...registered, dataversion: 0, data: { ...rest, full_name: name } };
    const outcome = await readEventLogFile(asFile([old]), { upcasters });
    if (!outcome.ok) throw new Error(outcome.problems.map(describeProblem).join());
    const target = await store();
    const plan = await planImport(target, outcome.held, outcome.upcast);
    expect(plan.upcast).toBe(1);
    expect((await applyImport(target, plan)).ok).toBe(true);
    const [stored] = await readEverything(target);
    expect(stored).toMatchObject({ dataVersion: 1, data: registered.data });
  });

  it('reports progress on this thread', async () => {
    const phases = new Set<string>();
    await readEventLogFile(asFile(cloudEventsOf(sampleHistory())), {
      onProgress: (progress) => phases.add(progress.phase),
    });
    expect([...phases]).toEqual(['reading', 'checking']);
  });
});

describe('joining the parts that two workers read', () => {
  const batch = (ids: string[]) =>
    entriesOf(
      ids.map((id) => ({
        ...sampleHistory()[6],
        id,
        streamId: `order-${id}`,
      })) as PlacedEvent[],
    );

  it('joins them in file order and refuses an id both use, naming the later event', () => {
    const entries = new FileEntries();
    const first = entries.addPart();
    const second = entries.addPart();
    // The second part's batches may come first; ids are compared once the first part is done.
    entries.add(second, batch(['d', 'b']));
    entries.add(first, batch(['a', 'b']));
    entries.add(second, batch(['e', 'a', 'e']));
    expect(entries.duplicates).toEqual([]);
    entries.add(first, batch(['c']));
    entries.finish(first);
    entries.finish(second);
    const joined = entries.joined();
    expect(joined.ids).toEqual(['a', 'b', 'c', 'd', 'b', 'e', 'a', 'e']);
    expect(joined.streamIds[6]).toBe('order-a');
    expect(joined.ranges).toEqual([
      { from: 0, to: 3 },
      { from: 3, to: 8 },
    ]);
    // The repeat within the second part is its worker's to refuse.
    expect(entries.duplicates.map(describeProblem)).toEqual([
      'Event 5 (b): the id is already used by event 2 of the file',
      'Event 7 (a): the id is already used by event 1 of the file',
    ]);
  });

  it('gets from each batch what the plan and the store check of every event', () => {
    const history = sampleHistory();
    const entries = new FileEntries();
    const part = entries.addPart();
    entries.add(part, entriesOf(history.slice(0, 3)));
    entries.add(part, entriesOf(history.slice(3)));
    entries.finish(part);
    const joined = entries.joined();
    expect(joined.ids).toEqual(history.map((event) => event.id));
    expect(joined.streamIds).toEqual(history.map((event) => event.streamId));
    expect(joined.streamVersions).toEqual(history.map((event) => event.streamVersion));
    expect(joined.types).toEqual(history.map((event) => event.type));
    expect([...joined.claims]).toEqual([
      [0, [{ slot: 'email', value: 'ada.s@example.com', owner: 's-c1' }]],
      [3, [{ slot: 'email', value: 'grace.s@example.com', owner: 's-c2' }]],
    ]);
    expect(entries.duplicates).toEqual([]);
    // What the history check reads of each event, as the event itself has it.
    const facts = history.map((_, i) =>
      unpackFacts(
        joined.types[i] as PlacedEvent['type'],
        joined.streamIds[i] as string,
        joined.refs[i] as string,
        joined.amounts[i] as number,
      ),
    );
    expect(facts).toEqual([
      { type: 'CustomerRegistered', data: { customer_id: 's-c1' } },
      {
        type: 'OrderPlaced',
        data: { order_id: 's-o1', customer_id: 's-c1', currency: 'EUR', total: 3895 },
      },
      {
        type: 'PaymentProcessed',
        data: { order_id: 's-o1', payment_id: 's-p1', amount: 3895 },
      },
      { type: 'CustomerRegistered', data: { customer_id: 's-c2' } },
      { type: 'OrderShipped', data: { order_id: 's-o1' } },
      { type: 'CustomerDetailsChanged', data: { customer_id: 's-c2' } },
      { type: 'OrderDelivered', data: { order_id: 's-o1' } },
    ]);
  });
});

describe('an import checks the business history, not only the format', () => {
  /** The sample history with some events left out or changed, as a file. */
  function fileOf(history: PlacedEvent[]): File {
    return asFile(cloudEventsOf(history));
  }
  const [ada, order, payment, grace, shipment, change, delivery] = sampleHistory() as [
    PlacedEvent,
    PlacedEvent,
    PlacedEvent,
    PlacedEvent,
    PlacedEvent,
    PlacedEvent,
    PlacedEvent,
  ];
  /** The same event at another place in its stream. */
  const at = (event: PlacedEvent, streamVersion: number, id = event.id): PlacedEvent => ({
    ...event,
    streamVersion,
    id,
  });

  /** Reads and plans the file into a store holding `logged`; the plan's problems. */
  async function problemsOf(file: File, logged: PlacedEvent[] = []): Promise<string[]> {
    const target = await store();
    if (logged.length > 0) await target.appendPlaced(logged);
    const before = await snapshot(target);
    const outcome = await readEventLogFile(file);
    if (!outcome.ok) return outcome.problems.map(describeProblem);
    const plan = await planImport(target, outcome.held);
    const applied = await applyImport(target, plan);
    expect(await snapshot(target)).toEqual(before);
    expect(applied.ok).toBe(false);
    return plan.problems.map(describeProblem);
  }

  it('refuses a payment for an order that does not exist', async () => {
    expect(await problemsOf(fileOf([ada, at(payment, 1)]))).toEqual([
      'Event 2 (s-e3): it breaks a rule: There is no order s-o1',
    ]);
  });

  it('refuses shipping before payment', async () => {
    expect(await problemsOf(fileOf([ada, order, at(shipment, 2)]))).toEqual([
      'Event 3 (s-e5): it breaks a rule: Order s-o1 is Placed: it can be shipped only when it is Paid',
    ]);
  });

  it('refuses an order for a customer who is not in the log', async () => {
    expect(await problemsOf(fileOf([order]))).toEqual([
      'Event 1 (s-e2): it breaks a rule: There is no customer s-c1',
    ]);
  });

  it('refuses an order paid twice', async () => {
    const again: PlacedEvent = {
      ...at(payment, 3, 'again'),
      data: { ...payment.data, payment_id: 'p-2' } as PlacedEvent['data'],
    } as PlacedEvent;
    expect(await problemsOf(fileOf([ada, order, payment, again]))).toEqual([
      'Event 4 (again): it breaks a rule: Order s-o1 is Paid: it can be paid only when it is Placed',
    ]);
  });

  it('refuses a payment that is not the order’s total', async () => {
    const partial = {
      ...payment,
      data: { ...payment.data, amount: 3000 },
    } as PlacedEvent;
    expect(await problemsOf(fileOf([ada, order, partial]))).toEqual([
      'Event 3 (s-e3): it breaks a rule: The payment must equal the order total: partial payments are not accepted',
    ]);
  });

  it('refuses a 1 MB customer name and a malformed email, as the commands do', async () => {
    const long = { ...ada, data: { ...ada.data, name: 'n'.repeat(2 ** 20) } } as PlacedEvent;
    const malformed = { ...grace, data: { ...grace.data, email: 'grace@@example' } } as PlacedEvent;
    expect(await problemsOf(fileOf([long, malformed]))).toEqual([
      'Event 1 (s-e1): "name" must be at most 100 characters long (it has 1048576)',
      'Event 2 (s-e4): "email" is not an email address such as name@example.com',
    ]);
  });

  it('refuses an email another customer of the log holds, under the same rule', async () => {
    const lookalike = {
      ...grace,
      data: { ...grace.data, email: 'ＡＤＡ.S@EXAMPLE.COM' },
    } as PlacedEvent;
    const target = await store();
    await target.appendPlaced([ada]);
    const outcome = await readEventLogFile(fileOf([lookalike]));
    if (!outcome.ok) throw new Error(outcome.problems.map(describeProblem).join());
    const plan = await planImport(target, outcome.held);
    expect(problemOf(await applyImport(target, plan))).toBe(
      'Event 1 (s-e4): the email ada.s@example.com is already held by s-c1.',
    );
  });

  it('replays on top of the log: continues its orders, and refuses what their state forbids', async () => {
    expect(await problemsOf(fileOf([at(payment, 3, 'again')]), [ada, order, payment])).toEqual([
      'Event 1 (again): it breaks a rule: Order s-o1 is Paid: it can be paid only when it is Placed',
    ]);
    const target = await store();
    await target.appendPlaced([ada, order]);
    const { result } = await importFile(
      target,
      fileOf([payment, grace, shipment, change, delivery]),
    );
    expect(result).toEqual({ ok: true, written: 5, skipped: 0, head: 7 });
  });

  it('names only the first rule broken: what follows it follows from it', async () => {
    expect(await problemsOf(fileOf([ada, at(payment, 1), at(shipment, 2)]))).toEqual([
      'Event 2 (s-e3): it breaks a rule: There is no order s-o1',
    ]);
  });
});
