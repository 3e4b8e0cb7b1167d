import { useEffect, useRef, useState, type SyntheticEvent } from 'react';
import { useDesk, useDeskStatus, usePresent } from '../../app/desk-context';
import { formatCount, formatTime } from '../../lib/format';
import { CompareMoments } from './CompareMoments';
import { useMoment, useMomentParam, type Moment } from './moment';
import { playSpeeds, useTimelineUi, type PlaySpeed } from './timelineUi';
import './timeline.css';

const PLAY_TICK_MS = 100;

/** A `datetime-local` value (local time) as RFC 3339 UTC, or null when incomplete. */
function localInputToIso(value: string): string | null {
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? null : time.toISOString();
}

/**
 * The timeline on every screen: a slider over the log's positions, stepping, playback and a
 * jump to a time. Slider input is coalesced to one URL change per animation frame.
 */
export function TimelineBar() {
  const desk = useDesk();
  const { loading } = useDeskStatus();
  const present = usePresent();
  const head = present.position;
  const moment = useMoment();
  const [at, setAt] = useMomentParam();
  const playing = useTimelineUi((s) => s.playing);
  const speed = useTimelineUi((s) => s.speed);
  const setPlaying = useTimelineUi((s) => s.setPlaying);
  const setSpeed = useTimelineUi((s) => s.setSpeed);

  // The moment named (in the URL), whether or not its views are on screen yet.
  const position = moment.kind === 'present' ? head : moment.position;
  // The slider follows the pointer at once. The moment follows at most once per animation
  // frame: the first move of a frame at once, the latest of the others when the next frame
  // comes; moves in between are dropped.
  const [dragged, setDragged] = useState<number | null>(null);
  const frame = useRef<number | null>(null);
  const pending = useRef<number | null>(null);
  const requested = useRef<number | null>(null);
  const shown = Math.min(dragged ?? position, head);
  const event = present.eventAt(shown);
  const [jumpTime, setJumpTime] = useState('');
  const [jumpMessage, setJumpMessage] = useState<string | null>(null);
  const [comparing, setComparing] = useState(false);

  /** Moves the URL, in one immediate render: every moment the views hold is ready at once. */
  const goTo = (next: number) => {
    requested.current = next;
    setAt(next, { immediate: true });
  };

  /** Where a step starts: where a seek still on its way goes, else the moment shown. */
  const stepFrom = () => requested.current ?? position;

  const moveTo = (next: number) => {
    setDragged(next);
    if (frame.current !== null) {
      pending.current = next;
      return;
    }
    goTo(next);
    const endOfFrame = () => {
      const latest = pending.current;
      pending.current = null;
      if (latest === null) {
        frame.current = null;
        return;
      }
      goTo(latest);
      frame.current = requestAnimationFrame(endOfFrame);
    };
    frame.current = requestAnimationFrame(endOfFrame);
  };

  // Once the URL has moved and no drag is waiting for a frame, the slider shows the URL's moment
  // again (also after Back to present, a step or playback). A move from elsewhere (Back to
  // present, Play, a jump, the browser's Back) also drops a slider move still waiting for its
  // frame, which would otherwise pull the screen back to where the slider was.
  useEffect(() => {
    if (requested.current !== position) {
      requested.current = null;
      pending.current = null;
    }
    if (frame.current === null || pending.current === null) setDragged(null);
  }, [position]);

  useEffect(
    () => () => {
      if (frame.current !== null) cancelAnimationFrame(frame.current);
    },
    [],
  );

  // Playback: move forward `speed` events per second until the present.
  useEffect(() => {
    if (!playing) return;
    const step = Math.max(1, Math.round((speed * PLAY_TICK_MS) / 1000));
    const timer = setInterval(() => {
      const next = Math.min(head, position + step);
      setAt(next);
      if (next >= head) setPlaying(false);
    }, PLAY_TICK_MS);
    return () => {
      clearInterval(timer);
    };
  }, [playing, speed, head, position, setAt, setPlaying]);

  const play = () => {
    if (at === null || position >= head) setAt(0);
    setPlaying(true);
  };

  const jump = (submitted: SyntheticEvent<HTMLFormElement>) => {
    submitted.preventDefault();
    const iso = localInputToIso(jumpTime);
    if (iso === null) {
      setJumpMessage('Enter a date and time to jump to.');
      return;
    }
    setJumpMessage(null);
    setAt(desk.positionAt(iso), { push: true });
  };

  return (
    <section className="timeline" aria-label="Timeline controls">
      <div className="timeline-row">
        <button
          type="button"
          className="button"
          onClick={() => {
            goTo(Math.max(0, stepFrom() - 1));
          }}
          disabled={position <= 0}
        >
          Step back
        </button>
        <input
          type="range"
          className="timeline-slider"
          aria-label="Timeline"
          min={0}
          max={head}
          step={1}
          value={shown}
          aria-valuetext={`Event ${shown} of ${head}`}
          onChange={(change) => {
            moveTo(Number(change.target.value));
          }}
        />
        <button
          type="button"
          className="button"
          onClick={() => {
            goTo(Math.min(head, stepFrom() + 1));
          }}
          disabled={position >= head}
        >
          Step forward
        </button>
        <button
          type="button"
          className="button"
          onClick={() => {
            if (playing) setPlaying(false);
            else play();
          }}
          disabled={head === 0}
        >
          {playing ? 'Pause' : 'Play'}
        </button>
        <label className="timeline-speed">
          <span>Speed</span>
          <select
            value={speed}
            onChange={(change) => {
              setSpeed(Number(change.target.value) as PlaySpeed);
            }}
          >
            {playSpeeds.map((value) => (
              <option key={value} value={value}>
                {formatCount(value)} events/s
              </option>
            ))}
          </select>
        </label>
        <output className="timeline-position" data-testid="timeline-position">
          {moment.kind === 'present' && loading !== null
            ? 'Reading the event log…'
            : positionLabel(moment, dragged ?? position, head, event?.time)}
        </output>
      </div>
      <div className="timeline-row">
        <form className="timeline-jump" onSubmit={jump}>
          <label>
            <span>Jump to time</span>
            <input
              type="datetime-local"
              step={1}
              value={jumpTime}
              onChange={(change) => {
                setJumpTime(change.target.value);
              }}
            />
          </label>
          <button type="submit" className="button">
            Go
          </button>
          {jumpMessage && <span role="alert">{jumpMessage}</span>}
        </form>
        <button
          type="button"
          className="button"
          onClick={() => {
            setComparing(true);
          }}
          disabled={head === 0}
        >
          Compare moments
        </button>
        {comparing && (
          <CompareMoments
            from={at === null ? Math.max(0, head - 100) : position}
            onClose={() => {
              setComparing(false);
            }}
          />
        )}
        {at !== null && (
          <div className="timeline-past">
            <p role="status">
              Viewing the past: after event #{formatCount(position)}
              {moment.kind === 'shown' && event ? `, ${formatTime(event.time)}` : ''}. Changes are
              disabled.
            </p>
            <button
              type="button"
              className="button button-primary"
              onClick={() => {
                setPlaying(false);
                setAt(null, { push: true });
              }}
            >
              Back to present
            </button>
          </div>
        )}
      </div>
    </section>
  );
}

/**
 * What the position label says: the moment on screen and its time, or that it is still being
 * read, or not in this log. While the slider is dragged, its thumb's moment (on screen within a
 * frame).
 */
function positionLabel(moment: Moment, position: number, head: number, time: string | undefined) {
  if (moment.kind === 'reading') return `Reading moment #${formatCount(moment.position)}…`;
  if (moment.kind === 'absent')
    return `#${formatCount(moment.position)} is not in this browser’s log (${formatCount(moment.logHead)} events)`;
  const when =
    time !== undefined
      ? ` · ${formatTime(time)}`
      : position === 0
        ? ' · before the first event'
        : '';
  return `#${formatCount(position)} of ${formatCount(head)}${when}`;
}
