import { useEffect, useMemo, useState, type ReactNode } from 'react';
import {
  PastMomentContext,
  useDesk,
  usePresent,
  useTimelineFailed,
  type PastMoment,
} from '../../app/desk-context';
import { deskProjection } from '../../projections';
import { formatCount } from '../history/format';
import { useMomentParam } from './moment';
import { messageOf } from '../../domain/errors';

/**
 * Puts the moment of the URL's `?at=N` on every screen: the views after event N, found by a seek
 * on the desk's history. A seek that a newer one overtakes is dropped; until the first seek
 * lands, the screens show the empty desk rather than the present.
 */
export function MomentProvider({ children }: { children: ReactNode }) {
  const desk = useDesk();
  const head = usePresent().position;
  const [at] = useMomentParam();
  const target = at === null ? null : Math.min(at, head);
  const [moment, setMoment] = useState<PastMoment | null>(null);
  // Most moments while scrubbing are ready without reading the log: shown in this very render.
  const ready = useMemo(
    () => (target === null ? undefined : desk.history.stateAtNow(target)),
    [desk, target],
  );

  // The moment last on screen, also when it was ready at once: shown while a moment that is not
  // ready is read, rather than an older one or an empty desk. (Set during render: React renders
  // this component again at once, before its children.)
  if (ready !== undefined && target !== null && moment?.view !== ready)
    setMoment({ position: target, view: ready });

  // A moment that could not be read, and why: the screens keep the last one shown meanwhile.
  const [failure, setFailure] = useState<{ position: number; reason: string } | null>(null);
  // When the timeline's checkpoints fail to build and then come back (Try again), the moment is
  // sought again.
  const timelineFailed = useTimelineFailed();
  useEffect(() => {
    if (target === null || ready !== undefined) return;
    let current = true;
    desk.history.stateAt(target).then(
      (view) => {
        if (current) setMoment({ position: target, view });
      },
      (error: unknown) => {
        if (current)
          setFailure({
            position: target,
            reason: messageOf(error),
          });
      },
    );
    return () => {
      current = false;
    };
  }, [desk, target, ready, timelineFailed]);

  // One object per moment: every screen reads it from context and re-renders when it changes.
  // A ready moment is already in `moment` (set above); until the first one is read, the empty desk.
  const shown = useMemo(
    (): PastMoment | null =>
      target === null ? null : (moment ?? { position: target, view: deskProjection.initialState }),
    [target, moment],
  );
  // data-view-position tells tests and benchmarks which moment is on screen.
  return (
    <PastMomentContext.Provider value={shown}>
      <div className="moment" data-view-position={shown?.view.position ?? head}>
        {failure !== null && failure.position === target && moment?.position !== target && (
          <p role="alert">
            The moment after event #{formatCount(failure.position)} could not be read:{' '}
            {failure.reason}{' '}
            {moment === null
              ? 'The screens show an empty desk.'
              : `The screens still show the moment after event #${formatCount(moment.position)}.`}
          </p>
        )}
        {children}
      </div>
    </PastMomentContext.Provider>
  );
}
