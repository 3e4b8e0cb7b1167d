/** What the page keeps of the events the import workers accepted, and ids two parts share. */
import type { EventType } from '../../domain/events';
import type { UniqueClaim } from '../../domain/uniqueness';
import { FirstIndexOfId } from '../../store/firstIndexOfId';
import type { ImportProblem } from './problems';
import { unpackEntries, type BatchEntries } from './workerProtocol';

/** What the page keeps of the accepted events of one part of the file. */
interface PartLists {
  readonly ids: string[];
  readonly streamIds: string[];
  readonly streamVersions: number[];
  readonly types: EventType[];
  /** Unique claims by index in the part. */
  readonly claims: Map<number, UniqueClaim[]>;
  /** The packed facts of each event (workerProtocol.ts). */
  readonly refs: string[];
  readonly amounts: number[];
  done: boolean;
}

/**
 * What the page keeps of the file's accepted events, gathered as the workers' batches arrive:
 * each part's in order, the parts side by side. Ids that two parts use are looked for as soon as
 * the parts before are complete, so that little is left to do when the last worker is done
 * (each part refuses its own repeats).
 */
export class FileEntries {
  private readonly parts: PartLists[] = [];
  /** Ids used in an earlier part, refused on the later event. */
  readonly duplicates: ImportProblem[] = [];
  private readonly firstUses = new FirstIndexOfId();
  /** How far the search for such ids got: a part, an index in it, and where the part begins. */
  private checkingPart = 0;
  private checkingIndex = 0;
  private partStart = 0;

  /** A part after the others; the parts must all be added before any batch arrives. */
  addPart(): number {
    this.parts.push({
      ids: [],
      streamIds: [],
      streamVersions: [],
      types: [],
      claims: new Map(),
      refs: [],
      amounts: [],
      done: false,
    });
    return this.parts.length - 1;
  }

  add(partNumber: number, entries: BatchEntries): void {
    const part = this.partAt(partNumber);
    const { ids, streamIds, streamVersions, types, refs, amounts } = unpackEntries(entries);
    for (const [index, claims] of entries.claims) part.claims.set(part.ids.length + index, claims);
    for (let i = 0; i < ids.length; i++) {
      part.ids.push(ids[i] as string);
      part.streamIds.push(streamIds[i] as string);
      part.streamVersions.push(streamVersions[i] as number);
      part.types.push(types[i] as EventType);
      part.refs.push(refs[i] as string);
      part.amounts.push(amounts[i] as number);
    }
    this.lookForDuplicates();
  }

  finish(partNumber: number): void {
    this.partAt(partNumber).done = true;
    this.lookForDuplicates();
  }

  /** Every part's lists joined, in file order, and where each part begins and ends. */
  joined() {
    const join = <T>(field: (part: PartLists) => T[]): T[] =>
      ([] as T[]).concat(...this.parts.map(field));
    const claims = new Map<number, UniqueClaim[]>();
    const ranges: { from: number; to: number }[] = [];
    for (const part of this.parts) {
      const from = ranges.at(-1)?.to ?? 0;
      for (const [index, made] of part.claims) claims.set(from + index, made);
      ranges.push({ from, to: from + part.ids.length });
    }
    return {
      ids: join((part) => part.ids),
      streamIds: join((part) => part.streamIds),
      streamVersions: join((part) => part.streamVersions),
      types: join((part) => part.types),
      refs: join((part) => part.refs),
      amounts: join((part) => part.amounts),
      claims,
      ranges,
    };
  }

  private partAt(partNumber: number): PartLists {
    const part = this.parts[partNumber];
    if (!part) throw new RangeError(`No part ${partNumber}.`);
    return part;
  }

  private lookForDuplicates(): void {
    if (this.parts.length === 1) return;
    for (let part = this.parts[this.checkingPart]; part; part = this.parts[this.checkingPart]) {
      // The last part's ids are only looked up: no later part looks for them.
      const last = this.checkingPart === this.parts.length - 1;
      for (; this.checkingIndex < part.ids.length; this.checkingIndex++) {
        const id = part.ids[this.checkingIndex] as string;
        const index = this.partStart + this.checkingIndex;
        const earlier = last ? this.firstUses.get(id) : this.firstUses.firstUse(id, index);
        if (earlier !== undefined && earlier < this.partStart)
          this.duplicates.push({
            index: index + 1,
            id,
            reason: `the id is already used by event ${earlier + 1} of the file`,
          });
      }
      if (!part.done || last) return;
      this.partStart += part.ids.length;
      this.checkingPart++;
      this.checkingIndex = 0;
    }
  }
}
