import { CloudEvent, HTTP } from 'cloudevents';
import { describe, expect, it } from 'vitest';
import { openTestStore } from '../../store/testing';
import { formatSequence, fromCloudEvent, toCloudEvent } from '../../store/cloudEvents';
import { exportEventLog } from './export';
import { sampleHistory, storedHistory } from './testing';

describe('StoredEvent ⇄ CloudEvent', () => {
  it('maps every attribute of docs/contract.md §3, in its order', () => {
    const [stored] = storedHistory(sampleHistory(), 42);
    if (!stored) throw new Error('no event');
    expect(toCloudEvent(stored)).toStrictEqual({
      specversion: '1.0',
      id: 's-e1',
      source: 'urn:uuid:7b0c6a1e-3f4e-4b8a-9d2c-5e6f7a8b9c0d',
      type: 'CustomerRegistered',
      subject: 'customer-s-c1',
      time: '2026-01-05T09:00:00.000Z',
      datacontenttype: 'application/json',
      data: { customer_id: 's-c1', name: 'Ada Lovelace', email: 'ada.s@example.com' },
      sequence: '0000000000000042',
      streamversion: 1,
      dataversion: 1,
      correlationid: 'corr-1',
      causationid: 'cmd-1',
      actor: 'clerk@desk',
    });
    expect(Object.keys(toCloudEvent(stored))).toEqual([
      'specversion',
      'id',
      'source',
      'type',
      'subject',
      'time',
      'datacontenttype',
      'data',
      'sequence',
      'streamversion',
      'dataversion',
      'correlationid',
      'causationid',
      'actor',
    ]);
    expect(formatSequence(1)).toBe('0000000000000001');
    expect(formatSequence(1_000_000)).toBe('0000000001000000');
  });

  it('leaves out actor when there is none', () => {
    const [, second] = storedHistory(sampleHistory());
    if (!second) throw new Error('no event');
    expect('actor' in toCloudEvent(second)).toBe(false);
  });

  it('round-trips: stored → CloudEvent → JSON → event to append, losing only the position', () => {
    for (const stored of storedHistory(sampleHistory(), 7)) {
      const text = JSON.stringify(toCloudEvent(stored));
      const { position, ...rest } = stored;
      expect(position).toBeGreaterThan(0);
      expect(fromCloudEvent(JSON.parse(text) as ReturnType<typeof toCloudEvent>)).toStrictEqual(
        rest,
      );
    }
  });

  it('every exported event is accepted and validated by the cloudevents SDK', async () => {
    const store = await openTestStore();
    await store.appendPlaced(sampleHistory());
    const { blob } = await exportEventLog(store);
    const text = await blob.text();
    const elements = JSON.parse(text) as Record<string, unknown>[];
    expect(elements).toHaveLength(7);
    for (const element of elements) {
      // Strict (the default) validates on construction; validate() checks again.
      const event = new CloudEvent(element);
      expect(event.validate()).toBe(true);
      expect(event.specversion).toBe('1.0');
      expect(event.id).toBe(element.id);
      expect(event.subject).toBe(element.subject);
      expect(event.data).toEqual(element.data);
      expect(event.sequence).toBe(element.sequence);
      expect(event.streamversion).toBe(element.streamversion);
    }
    // The whole file as an HTTP body of the batch media type, read by the SDK's own parser.
    const batch = HTTP.toEvent({
      headers: { 'content-type': 'application/cloudevents-batch+json' },
      body: text,
    });
    expect(Array.isArray(batch) ? batch.map((event) => event.id) : []).toEqual(
      elements.map((element) => element.id),
    );
    expect(blob.type).toBe('application/cloudevents-batch+json');
    store.close();
  });
});
