import { useDeskStatus, usePresent } from '../../ui/desk-context';
import { formatCount, formatTime } from '../../lib/format';
import { useMoment, useMomentParam, type Moment } from './moment';
import { useTimelineUi } from './timelineUi';

/** Which moment is on screen, in a few words; fewer on a phone (`past-strip-detail`). */
function momentText(moment: Exclude<Moment, { kind: 'present' }>, head: number, time?: string) {
  const number = `#${formatCount(moment.position)}`;
  switch (moment.kind) {
    case 'shown':
      return (
        <>
          <span className="past-strip-detail">after event </span>
          {number}
          <span className="past-strip-detail"> of {formatCount(head)}</span>
          {time === undefined ? ', before the first event' : ` · ${formatTime(time)}`}
        </>
      );
    case 'reading':
      return `reading moment ${number}…`;
    case 'absent':
      return `moment ${number} is not in this browser’s log`;
    default: {
      const unknown: never = moment;
      return unknown;
    }
  }
}

/**
 * While the timeline shows the past: a strip pinned at the top of every screen that says so,
 * names the moment and leads back to the present. On a phone the timeline is at the end of the
 * page, and without it a shared `?at=` link would look like live data. Its status never changes
 * while the moment moves (playback would make it talk ten times a second); the timeline says
 * steps and stops itself.
 */
export function PastStrip() {
  const moment = useMoment();
  const present = usePresent();
  const { loading } = useDeskStatus();
  const [, setAt] = useMomentParam();
  const setPlaying = useTimelineUi((s) => s.setPlaying);
  const announce = useTimelineUi((s) => s.announce);
  if (moment.kind === 'present') return null;
  const head = loading === null ? present.position : Math.max(present.position, moment.position);
  const time = moment.kind === 'shown' ? present.eventAt(moment.position)?.time : undefined;

  return (
    <div className="past-strip" role="region" aria-label="Moment shown">
      <p className="past-strip-text">
        <strong role="status">Viewing the past</strong>{' '}
        <span className="past-strip-moment">{momentText(moment, head, time)}</span>
        <span className="past-strip-off">. Changes are off.</span>
      </p>
      <button
        type="button"
        className="button button-primary"
        onClick={() => {
          setPlaying(false);
          setAt(null, { push: true });
          announce('Back to the present.');
          // The strip and this button go: focus goes to the page, not to its body.
          document.getElementById('main')?.focus();
        }}
      >
        Back to present
      </button>
    </div>
  );
}
