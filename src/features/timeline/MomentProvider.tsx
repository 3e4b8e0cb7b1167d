import { useMemo, type ReactNode } from 'react';
import { PastMomentContext, useDeskStatus, type PastMoment } from '../../ui/desk-context';
import { formatCount, formatCountOf } from '../../lib/format';
import { useMoment } from './moment';

/**
 * Puts the moment of the URL's `?at=N` on every screen: the views after event N, exactly. Until
 * the views reach N (the log is still being read) the screens say so instead, and a moment
 * beyond this browser's log says that: never another moment's views under N's number. The
 * present, likewise, shows once the whole log is read.
 */
export function MomentProvider({ children }: { children: ReactNode }) {
  const moment = useMoment();
  const { loading } = useDeskStatus();
  // One object per moment: every screen reads it from context and re-renders when it changes.
  const past = useMemo(
    (): PastMoment | null =>
      moment.kind === 'shown' ? { position: moment.position, view: moment.view } : null,
    [moment],
  );
  if (moment.kind === 'reading')
    return (
      <div className="moment moment-waiting" role="status">
        <label htmlFor="moment-progress">Reading moment #{formatCount(moment.position)}…</label>
        <progress
          id="moment-progress"
          max={Math.max(moment.total, 1)}
          value={Math.min(moment.folded, moment.total)}
        />
      </div>
    );
  // The present is the log's last event: while the log is read, the views have not reached it
  // (the layout shows how far they have come).
  if (moment.kind === 'present' && loading !== null) return null;
  if (moment.kind === 'absent')
    return (
      <div className="moment moment-waiting" role="status">
        <p>
          {moment.logHead === 0
            ? 'This browser’s log holds no events yet'
            : `This browser’s log holds ${formatCountOf(moment.logHead, 'event')}`}
          ; moment #{formatCount(moment.position)} is not here. It may have been recorded on another
          device or in another browser.
        </p>
      </div>
    );
  // data-view-position tells tests and benchmarks which moment is on screen.
  return (
    <PastMomentContext.Provider value={past}>
      <div className="moment" data-view-position={past?.position ?? 'present'}>
        {children}
      </div>
    </PastMomentContext.Provider>
  );
}
