/**
 * Leaving the desk found commands that no longer fit the desk's log (decided again against the
 * server's events, they broke a rule): they are on Needs attention, and the device stays on the
 * desk so that the person sees them before leaving forgets the list.
 */
export class AttentionBeforeLeavingError extends Error {
  override readonly name = 'AttentionBeforeLeavingError';
  constructor(count: number) {
    super(
      `${count === 1 ? 'A change' : `${count} changes`} made here no longer ${count === 1 ? 'fits' : 'fit'} the desk: see Needs attention, then leave again.`,
    );
  }
}

/** Leaving from a tab while another tab of this browser syncs the desk (and holds its lock). */
export class SyncingInAnotherTabError extends Error {
  override readonly name = 'SyncingInAnotherTabError';
  constructor() {
    super(
      'Another tab of this browser syncs this desk: leave it from there, or close that tab first.',
    );
  }
}

/** Joining from a tab that had not seen another tab of this browser join a desk. */
export class JoinedInAnotherTabError extends Error {
  override readonly name = 'JoinedInAnotherTabError';
  constructor() {
    super('This browser joined a desk in another tab: it is shown here now.');
  }
}
