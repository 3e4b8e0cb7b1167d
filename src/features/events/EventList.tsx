import { usePastMoment } from '../../ui/desk-context';
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { StoredEvent } from '../../domain/events';
import { formatCount, formatTime } from '../../lib/format';
import { useRowWindow } from '../../ui/lists/useRowWindow';
import { useConfirmed } from '../sync/useSync';

/** Above this many pixels of rows the scroll area is compressed (browsers cap element heights). */
const MAX_SCROLL_HEIGHT = 4_000_000;
/**
 * Row layouts by the list's width (the same widths as the container queries in events.css, whose
 * container is the list element): one line of columns, two lines, or three on a phone.
 */
const WIDE_LIST = 900;
const MEDIUM_LIST = 480;
const rowHeightFor = (width: number): number =>
  width === 0 || width >= WIDE_LIST ? 40 : width >= MEDIUM_LIST ? 60 : 82;

export interface EventListProps {
  readonly rowCount: number;
  /** The event shown in a row (row 0 is the newest). */
  readonly eventAt: (row: number) => StoredEvent | undefined;
  readonly summaryOf: (event: StoredEvent) => string;
  /** The position of the open event: its row is highlighted. */
  readonly selected: number | null;
  readonly onOpen: (event: StoredEvent) => void;
  /** Changes when the rows become another list (other filters): the list goes back to the top. */
  readonly listKey: unknown;
  /** A row to scroll into view once; `onRevealed` is called after. */
  readonly revealRow: number | null;
  readonly onRevealed: () => void;
}

/**
 * The log, newest first, virtualized: only the rows in view exist in the DOM. Past a few million
 * pixels of rows the scroll area is compressed: the scrollbar moves `scale` rows' worth of pixels
 * per pixel, and the rows are placed relative to what is in view, so a million rows still scroll.
 */
export function EventList({
  rowCount,
  eventAt,
  summaryOf,
  selected,
  onOpen,
  listKey,
  revealRow,
  onRevealed,
}: EventListProps) {
  // The event at the timeline's cursor is highlighted.
  const cursor = usePastMoment()?.position;
  // While the desk syncs, the events after this one are this device's, not on the server yet.
  const confirmed = useConfirmed();
  const scrollRef = useRef<HTMLDivElement>(null);
  // The list's own width picks the row layout.
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const element = scrollRef.current;
    if (!element || typeof ResizeObserver !== 'function') return;
    const observer = new ResizeObserver(() => {
      setWidth(element.clientWidth);
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
    };
  }, []);
  const wide = width === 0 || width >= WIDE_LIST;
  const rowHeight = rowHeightFor(width);
  const { first, end, height, scale, shift } = useRowWindow({
    count: rowCount,
    rowHeight,
    overscan: 6,
    scrollRef,
    maxHeight: MAX_SCROLL_HEIGHT,
  });

  /** Scrolls so that a row is in view; `center` puts it in the middle. */
  const scrollToRow = (row: number, align: 'nearest' | 'center') => {
    const element = scrollRef.current;
    if (!element) return;
    const seen = element.clientHeight;
    const top = row * rowHeight;
    const current = element.scrollTop * scale;
    let target = current;
    if (align === 'center') target = top - (seen - rowHeight) / 2;
    else if (top < current) target = top;
    else if (top + rowHeight > current + seen) target = top + rowHeight - seen;
    if (target !== current) element.scrollTop = Math.max(0, target / scale);
  };

  // New events arrive at the top: keep the rows being read in place, unless at the very top.
  const previous = useRef({ rowCount, listKey, scale });
  useLayoutEffect(() => {
    const element = scrollRef.current;
    const before = previous.current;
    previous.current = { rowCount, listKey, scale };
    if (!element) return;
    if (before.listKey !== listKey) element.scrollTop = 0;
    else if (rowCount > before.rowCount && element.scrollTop > 0) {
      // In uncompressed pixels: where the rows were, plus the rows added above them.
      const offset = element.scrollTop * before.scale + (rowCount - before.rowCount) * rowHeight;
      element.scrollTop = offset / scale;
    }
  }, [rowCount, listKey, rowHeight, scale]);

  useEffect(() => {
    if (revealRow === null || revealRow < 0 || revealRow >= rowCount) return;
    const element = scrollRef.current;
    if (!element) return;
    const seen = element.clientHeight;
    element.scrollTop = Math.max(0, (revealRow * rowHeight - (seen - rowHeight) / 2) / scale);
    onRevealed();
  }, [revealRow, rowCount, rowHeight, scale, onRevealed]);

  // Arrow keys move between rows; the row to focus may only exist after the scroll renders it.
  const pendingFocus = useRef<number | null>(null);
  useEffect(() => {
    const row = pendingFocus.current;
    if (row === null) return;
    const button = scrollRef.current?.querySelector<HTMLButtonElement>(`[data-row="${row}"]`);
    if (button) {
      pendingFocus.current = null;
      button.focus({ preventScroll: true });
    }
  });

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const from = Number((event.target as HTMLElement).dataset['row'] ?? NaN);
    if (Number.isNaN(from) || rowCount === 0) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 0) / rowHeight) - 1);
    const moves: Partial<Record<string, number>> = {
      ArrowDown: from + 1,
      ArrowUp: from - 1,
      PageDown: from + page,
      PageUp: from - page,
      Home: 0,
      End: rowCount - 1,
    };
    const wanted = moves[event.key];
    if (wanted === undefined) return;
    event.preventDefault();
    const row = Math.min(rowCount - 1, Math.max(0, wanted));
    pendingFocus.current = row;
    scrollToRow(row, 'nearest');
    const button = scrollRef.current?.querySelector<HTMLButtonElement>(`[data-row="${row}"]`);
    if (button) {
      pendingFocus.current = null;
      button.focus({ preventScroll: true });
    }
  };

  const rowsInView: { row: number; event: StoredEvent }[] = [];
  for (let row = first; row < end; row++) {
    const event = eventAt(row);
    if (event !== undefined) rowsInView.push({ row, event });
  }

  return (
    <div className="event-list-frame">
      {wide && (
        <div className="event-columns" aria-hidden="true">
          <span>Position</span>
          <span>Time</span>
          <span>Type</span>
          <span>Stream</span>
          <span>Summary</span>
        </div>
      )}
      <div ref={scrollRef} className="event-list" onKeyDown={onKeyDown}>
        <div
          role="list"
          aria-label="Events, newest first"
          className="event-list-rows"
          style={{ height }}
        >
          {rowsInView.map(({ row, event }) => {
            const current = event.position === selected;
            return (
              <div
                role="listitem"
                // Keyed by position: a focused row keeps its event when newer events push it down.
                key={event.position}
                aria-setsize={rowCount}
                aria-posinset={row + 1}
                className={event.position === cursor ? 'event-item is-touched' : 'event-item'}
                style={{ height: rowHeight, transform: `translateY(${row * rowHeight - shift}px)` }}
              >
                <button
                  type="button"
                  className="event-row"
                  data-row={row}
                  data-position={event.position}
                  aria-current={current ? 'true' : undefined}
                  onClick={() => {
                    onOpen(event);
                  }}
                >
                  {/* The spaces keep the parts apart in the button's accessible name. */}
                  <span className="event-position">#{formatCount(event.position)}</span>{' '}
                  <time className="event-time" dateTime={event.time}>
                    {formatTime(event.time)}
                  </time>{' '}
                  <span className="event-type">{event.type}</span>{' '}
                  <span className="event-stream">{event.streamId}</span>{' '}
                  <span className="event-summary">
                    {confirmed !== null && event.position > confirmed && (
                      <>
                        <span className="badge badge-pending event-pending">
                          not yet synced
                        </span>{' '}
                      </>
                    )}
                    {summaryOf(event)}
                  </span>
                </button>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
