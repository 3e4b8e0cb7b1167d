/**
 * What an import worker holds of its part of a file once it has checked it: the file's bytes
 * and where each accepted event's element is in them. A sealed chunk of the log is a JSON array
 * of CloudEvents (store/chunks.ts), as the file is, so staging a chunk copies the file's bytes of
 * its events: nothing is re-serialized, and no event object outlives its batch.
 */
import type { ChunkRecord } from '../../store/db';
import { chunkRecordOf, storedEventOf } from '../../store/chunks';
import type { StagingSource } from '../../store/staging';
import type { PlacedEvent } from '../../store/types';
import { catalogUpcasters, type Upcasters } from '../../domain/upcasters';
import { checkCloudEvent, type CheckedBatch } from './parse';

export class HeldElements implements StagingSource {
  count = 0;
  /** Start and end (exclusive) of each held event's element in `bytes`. */
  private spans = new Uint32Array(2 * 1024);
  /** Each held event's recorded time, in milliseconds: a chunk's record keeps the range. */
  private times = new Float64Array(1024);

  constructor(
    private readonly bytes: Uint8Array,
    private readonly upcasters: Upcasters = catalogUpcasters,
  ) {}

  /** Holds a checked batch's accepted events. */
  add({ events, spans }: CheckedBatch): void {
    const count = this.count + events.length;
    if (count > this.times.length) {
      const capacity = Math.max(count, 2 * this.times.length);
      const times = new Float64Array(capacity);
      times.set(this.times);
      this.times = times;
      const grownSpans = new Uint32Array(2 * capacity);
      grownSpans.set(this.spans);
      this.spans = grownSpans;
    }
    this.spans.set(spans, 2 * this.count);
    events.forEach((event, i) => {
      this.times[this.count + i] = Date.parse(event.time);
    });
    this.count = count;
  }

  /** The held event at `index`, read again from its element as the check read it. */
  eventAt(index: number): PlacedEvent {
    const checked = checkCloudEvent(
      JSON.parse(decoder.decode(this.elementAt(index))),
      this.upcasters,
    );
    if (!('event' in checked)) throw new Error(`Held event ${index} no longer checks.`);
    return checked.event;
  }

  storedAt(index: number, position: number) {
    return storedEventOf(this.eventAt(index), position);
  }

  chunkOf(indices: readonly number[], first: number): ChunkRecord {
    let minTime = Number.POSITIVE_INFINITY;
    let maxTime = Number.NEGATIVE_INFINITY;
    for (const index of indices) {
      const time = this.times[index] ?? 0;
      if (time < minTime) minTime = time;
      if (time > maxTime) maxTime = time;
    }
    return chunkRecordOf(
      {
        first,
        last: first + indices.length - 1,
        // Checked times are written as toISOString writes them: this gives back their text.
        minTime: new Date(minTime).toISOString(),
        maxTime: new Date(maxTime).toISOString(),
      },
      indices.length,
      (i) => this.elementAt(indices[i] ?? 0),
    );
  }

  private elementAt(index: number): Uint8Array {
    if (index < 0 || index >= this.count)
      throw new RangeError(`No held event at index ${index} of ${this.count}.`);
    return this.bytes.subarray(this.spans[2 * index], this.spans[2 * index + 1]);
  }
}

const decoder = new TextDecoder();
