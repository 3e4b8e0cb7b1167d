import { useEffect, useRef, useState, type SyntheticEvent } from 'react';
import { Link } from 'react-router';
import { useDesk, useDeskStatus, usePresent } from '../../ui/desk-context';
import type { DeskView, EventSummary } from '../../projections';
import { formatCount, formatTime } from '../../lib/format';
import { CompareMoments } from './CompareMoments';
import { endOfSecond, localInputToIso } from './localTime';
import { useMoment, useMomentParam, withMoment, type Moment } from './moment';
import { playSpeeds, useTimelineUi, type PlaySpeed } from './timelineUi';
import './timeline.css';
import { entityOfStream } from '../../ui/entityOfStream';

const PLAY_TICK_MS = 100;

/** How a step or a stop is said to screen readers: the event there, or the empty desk. */
function describePosition(view: DeskView, position: number): string {
  const event = view.eventAt(position);
  const of = `of ${formatCount(view.position)}`;
  return event === undefined
    ? `Event #0 ${of}: before the first event.`
    : `Event #${formatCount(position)} ${of}: ${event.summary}.`;
}

/** The event at the cursor, and a link to its order or customer as they were after it. */
function EventAtCursor({ event, head }: { event: EventSummary | undefined; head: number }) {
  if (event === undefined) return null;
  // Null for an event the views leave out.
  const path = event.streamId === undefined ? null : (entityOfStream(event.streamId)?.path ?? null);
  const label = `#${formatCount(event.position)}`;
  return (
    <p className="timeline-event" data-testid="timeline-event">
      <span className="timeline-event-position">{label}</span> ·{' '}
      {path === null ? (
        event.summary
      ) : (
        <Link to={withMoment(path, event.position >= head ? null : event.position)}>
          {event.summary}
        </Link>
      )}
    </p>
  );
}

/**
 * The timeline on every screen: a slider over the log's positions, stepping, playback and a
 * jump to a time. Slider input is coalesced to one URL change per animation frame. The head of
 * the log is the present: every move that reaches it shows the present, not `?at=head`.
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
  const announce = useTimelineUi((s) => s.announce);

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
  const [jumpError, setJumpError] = useState<string | null>(null);
  /** What a jump found (before the first event, after the last), while its moment is shown. */
  const [jumpNote, setJumpNote] = useState<{ text: string; at: number | null } | null>(null);
  const [comparing, setComparing] = useState(false);

  /** The URL's moment for a position: the present for the head of the log. */
  const momentOf = (next: number): number | null => (next >= head ? null : next);

  /** Moves the URL, in one immediate render: every moment the views hold is ready at once. */
  const goTo = (next: number) => {
    requested.current = next;
    setAt(momentOf(next), { immediate: true });
  };

  /** A single step, said to screen readers (the position on screen is not a live region). */
  const step = (next: number) => {
    goTo(next);
    announce(
      next >= head
        ? `The present: ${describePosition(present, head)}`
        : describePosition(present, next),
    );
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

  // Playback: move forward `speed` events per second until the present, where it stops.
  useEffect(() => {
    if (!playing) return;
    const stride = Math.max(1, Math.round((speed * PLAY_TICK_MS) / 1000));
    const timer = setInterval(() => {
      const next = Math.min(head, position + stride);
      setAt(next >= head ? null : next);
      if (next >= head) {
        setPlaying(false);
        announce(`Playback reached the present: ${describePosition(present, head)}`);
      }
    }, PLAY_TICK_MS);
    return () => {
      clearInterval(timer);
    };
  }, [playing, speed, head, position, setAt, setPlaying, announce, present]);

  // `?at=` of the head (typed, or a link to the newest event) is the present, as everywhere; but
  // not a link to a moment this browser did not hold yet, which the log reached since (a
  // catch-up's page may end just there): it asked for that moment, and more is on its way.
  const awaited = useRef<number | null>(null);
  useEffect(() => {
    if (moment.kind === 'absent') awaited.current = moment.position;
    else if (
      moment.kind === 'shown' &&
      moment.position !== awaited.current &&
      loading === null &&
      !playing &&
      moment.position >= head
    )
      setAt(null);
  }, [moment, loading, playing, head, setAt]);

  const play = () => {
    if (at === null || position >= head) setAt(0);
    setPlaying(true);
  };

  const pause = () => {
    setPlaying(false);
    announce(`Paused. ${describePosition(present, position)}`);
  };

  const jump = (submitted: SyntheticEvent<HTMLFormElement>) => {
    submitted.preventDefault();
    const iso = localInputToIso(jumpTime);
    if (iso === null) {
      setJumpError('Enter a date and time to jump to.');
      return;
    }
    setJumpError(null);
    const next = desk.positionAt(endOfSecond(iso));
    const first = present.eventAt(1);
    const note =
      next >= head
        ? `${formatTime(iso)} is after the last event: this is the present.`
        : next === 0 && first !== undefined
          ? `${formatTime(iso)} is before the first event (${formatTime(first.time)}): the desk was empty then.`
          : null;
    setAt(momentOf(next), { push: true });
    setJumpNote(note === null ? null : { text: note, at: momentOf(next) });
    announce(note ?? describePosition(present, next));
  };

  // What the last jump found, while its moment is still the one shown.
  const showNote = jumpNote !== null && jumpNote.at === at;

  return (
    <section className="timeline" aria-label="Timeline controls">
      <div className="timeline-row">
        <button
          type="button"
          className="button"
          onClick={() => {
            step(Math.max(0, stepFrom() - 1));
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
            step(Math.min(head, stepFrom() + 1));
          }}
          disabled={position >= head}
        >
          Step forward
        </button>
        <button
          type="button"
          className="button"
          onClick={() => {
            if (playing) pause();
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
        {/* Not live: while playing it changes ten times a second. Steps, stops and jumps are
            said by the announcer below. */}
        <output className="timeline-position" data-testid="timeline-position" aria-live="off">
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
              aria-describedby={showNote ? 'timeline-jump-note' : undefined}
              value={jumpTime}
              onChange={(change) => {
                setJumpTime(change.target.value);
              }}
            />
          </label>
          <button type="submit" className="button">
            Go
          </button>
          {jumpError && <span role="alert">{jumpError}</span>}
          {showNote && (
            <span id="timeline-jump-note" className="timeline-note">
              {jumpNote.text}
            </span>
          )}
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
        {/* A moment beyond the log has no event here: not the newest one in its place. */}
        <EventAtCursor event={moment.kind === 'absent' ? undefined : event} head={head} />
      </div>
      <Announcer />
    </section>
  );
}

/** Says the timeline's announcements (see `TimelineUi.announcement`) to screen readers. */
function Announcer() {
  const { text, count } = useTimelineUi((s) => s.announcement);
  return (
    <p className="visually-hidden" aria-live="polite" aria-atomic="true">
      {/* A new node per announcement: the same words twice are said twice. */}
      <span key={count}>{text}</span>
    </p>
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
