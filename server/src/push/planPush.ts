/**
 * What a push does, decided from what the desk's log holds now (read under the desk's head lock):
 * commit by commit, in order,
 * - a commit whose events are all stored already, as sent, is a retry: its stored positions;
 * - a commit on a stream where an earlier commit of the push was refused is refused, and so is
 *   one that depends on a refused commit (`dependsOn`);
 * - an event id stored with other content, elsewhere or on another desk refuses the commit;
 * - an expected version that is not the stream's refuses the commit (with the stream's version);
 * - a unique value (a customer's email) held by another owner refuses the commit;
 * - otherwise its events get the next positions and stream versions.
 */
import type { CommitToAppend, EventToAppend } from './pushRequest';

/** An event id already in the log, as it was stored. */
export interface StoredEventFacts {
  readonly onThisDesk: boolean;
  readonly stream: string;
  readonly streamVersion: number;
  readonly position: number;
  readonly type: string;
  readonly dataVersion: number;
  /** Whether its data equals the data sent now (compared as JSON values). */
  readonly sameData: boolean;
}

export interface HeldClaim {
  readonly slot: string;
  readonly value: string;
  readonly owner: string;
}

export interface PushFacts {
  readonly head: number;
  readonly stored: ReadonlyMap<string, StoredEventFacts>;
  /** The version of each stream the push touches (0: no events yet). */
  readonly versions: ReadonlyMap<string, number>;
  /** The claims held now on the values and by the owners the push claims. */
  readonly claims: readonly HeldClaim[];
}

export type RejectionReason =
  | 'wrong_expected_version'
  | 'earlier_commit_rejected'
  | 'dependency_rejected'
  | 'id_conflict'
  | `${string}_taken`;

export interface AcceptedEvent {
  readonly commit: number;
  readonly id: string;
  readonly position: number;
  readonly streamVersion: number;
  /** Stored by an earlier push (a retry): nothing was written now. */
  readonly duplicate: boolean;
}

export interface RejectedCommit {
  readonly commit: number;
  readonly stream: string;
  readonly reason: RejectionReason;
  readonly message: string;
  readonly currentVersion: number;
}

export interface RowToInsert {
  readonly position: number;
  readonly streamVersion: number;
  readonly event: EventToAppend;
}

export interface PushPlan {
  /** The desk's head after the push. */
  readonly head: number;
  readonly rows: readonly RowToInsert[];
  /** Owners whose claims change, by slot, and the claims they hold afterwards. */
  readonly releasedOwners: readonly { readonly slot: string; readonly owner: string }[];
  readonly heldClaims: readonly HeldClaim[];
  readonly accepted: readonly AcceptedEvent[];
  readonly rejected: readonly RejectedCommit[];
}

const key = (slot: string, name: string) => `${slot}\u0000${name}`;

/** Who holds which value, as the push goes: a new claim of an owner releases its previous one. */
class Claims {
  private readonly ownerOf = new Map<string, string>();
  private readonly valueOf = new Map<string, string>();
  private readonly changed = new Map<string, { slot: string; owner: string }>();

  constructor(held: readonly HeldClaim[]) {
    for (const claim of held) this.hold(claim);
  }

  private hold({ slot, value, owner }: HeldClaim): void {
    const previous = this.valueOf.get(key(slot, owner));
    if (previous !== undefined) this.ownerOf.delete(key(slot, previous));
    this.ownerOf.set(key(slot, value), owner);
    this.valueOf.set(key(slot, owner), value);
  }

  /** The first claim of `events` that another owner holds. */
  conflict(events: readonly EventToAppend[]): { claim: HeldClaim; holder: string } | undefined {
    for (const event of events)
      for (const claim of event.claims) {
        const holder = this.ownerOf.get(key(claim.slot, claim.value));
        if (holder !== undefined && holder !== claim.owner) return { claim, holder };
      }
    return undefined;
  }

  take(events: readonly EventToAppend[]): void {
    for (const event of events)
      for (const claim of event.claims) {
        this.hold(claim);
        this.changed.set(key(claim.slot, claim.owner), { slot: claim.slot, owner: claim.owner });
      }
  }

  get releasedOwners(): { slot: string; owner: string }[] {
    return [...this.changed.values()];
  }

  get heldByChangedOwners(): HeldClaim[] {
    return this.releasedOwners.map(({ slot, owner }) => ({
      slot,
      owner,
      value: this.valueOf.get(key(slot, owner)) ?? '',
    }));
  }
}

/** Whether every event of the commit is stored already, on this desk, as sent now. */
function storedAsSent(
  commit: CommitToAppend,
  stored: readonly (StoredEventFacts | undefined)[],
): stored is StoredEventFacts[] {
  return commit.events.every((event, index) => {
    const found = stored[index];
    return (
      found !== undefined &&
      found.onThisDesk &&
      found.stream === commit.stream &&
      found.type === event.type &&
      found.dataVersion === event.dataVersion &&
      found.sameData
    );
  });
}

export function planPush(commits: readonly CommitToAppend[], facts: PushFacts): PushPlan {
  let head = facts.head;
  const versions = new Map(facts.versions);
  const claims = new Claims(facts.claims);
  const refusedStreams = new Set<string>();
  const refusedCommits = new Set<number>();
  const rows: RowToInsert[] = [];
  const accepted: AcceptedEvent[] = [];
  const rejected: RejectedCommit[] = [];

  commits.forEach((commit, index) => {
    const { stream, expectedVersion, events } = commit;
    const currentVersion = versions.get(stream) ?? 0;
    const refuse = (reason: RejectionReason, message: string) => {
      rejected.push({ commit: index, stream, reason, message, currentVersion });
      refusedStreams.add(stream);
      refusedCommits.add(index);
    };

    const stored = events.map((event) => facts.stored.get(event.id));
    if (storedAsSent(commit, stored)) {
      stored.forEach((found, at) => {
        const id = events[at]?.id ?? '';
        accepted.push({
          commit: index,
          id,
          position: found.position,
          streamVersion: found.streamVersion,
          duplicate: true,
        });
      });
      return;
    }
    if (refusedStreams.has(stream)) {
      refuse(
        'earlier_commit_rejected',
        `An earlier commit of this push on ${stream} was refused, so this one, which follows it, is refused too.`,
      );
      return;
    }
    const refusedDependency = commit.dependsOn.find((earlier) => refusedCommits.has(earlier));
    if (refusedDependency !== undefined) {
      refuse(
        'dependency_rejected',
        `Commit ${refusedDependency} of this push, which this one depends on, was refused, so this one is refused too.`,
      );
      return;
    }
    const clash = events.find((_, at) => stored[at] !== undefined);
    if (clash) {
      refuse(
        'id_conflict',
        `The event id ${clash.id} is already stored with other content: every event needs an id of its own.`,
      );
      return;
    }
    if (expectedVersion !== currentVersion) {
      refuse(
        'wrong_expected_version',
        `${stream} is at version ${currentVersion}, but this commit was decided at version ${expectedVersion}: decide it again against the events after that.`,
      );
      return;
    }
    const conflict = claims.conflict(events);
    if (conflict) {
      const { slot, value } = conflict.claim;
      refuse(
        `${slot}_taken`,
        `The ${slot} ${value} is already used by ${conflict.holder} on this desk.`,
      );
      return;
    }
    claims.take(events);
    let streamVersion = currentVersion;
    for (const event of events) {
      head += 1;
      streamVersion += 1;
      rows.push({ position: head, streamVersion, event });
      accepted.push({
        commit: index,
        id: event.id,
        position: head,
        streamVersion,
        duplicate: false,
      });
    }
    versions.set(stream, streamVersion);
  });

  return {
    head,
    rows,
    releasedOwners: claims.releasedOwners,
    heldClaims: claims.heldByChangedOwners,
    accepted,
    rejected,
  };
}
