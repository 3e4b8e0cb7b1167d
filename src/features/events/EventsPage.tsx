import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useDesk, usePastMoment, useView } from '../../ui/desk-context';
import { useDebounced } from '../../ui/useDebounced';
import { useDocumentTitle } from '../../ui/useDocumentTitle';
import { eventTypes, type EventType, type StoredEvent } from '../../domain/events';
import { summarize } from '../../projections';
import { EventList } from './EventList';
import { EventPanel } from './EventPanel';
import { useEventLog } from './eventLog';
import { useEventFilters, useOpenEvent } from './eventsUrl';
import {
  findMatches,
  isFiltering,
  rowOfIndex,
  type EventCriteria,
  type MatcherContext,
  type Matches,
} from './filter';
import { searchTextFor } from './searchText';
import './events.css';
import { formatCount } from '../../lib/format';
import { useLiveUnlessPlaying } from '../timeline/timelineUi';

/** How long typing pauses before the search runs. */
const SEARCH_DELAY_MS = 200;

/** What the list holds, in words: the events page's count line. */
function countLine(list: {
  ready: boolean;
  inPast: boolean;
  filtering: boolean;
  filtered: boolean;
  busy: boolean;
  count: number;
  rowCount: number;
}): string {
  const { count, rowCount } = list;
  const events = `${formatCount(count)} ${count === 1 ? 'event' : 'events'}`;
  if (!list.ready) return `Reading the event log… ${formatCount(count)} events so far`;
  if (list.inPast && !list.filtering) return `${events} at this moment, newest first`;
  if (list.filtering && list.filtered)
    return `${formatCount(rowCount)} of ${formatCount(count)} events match${list.busy ? ' (filtering…)' : ''}`;
  if (list.filtering) return 'Filtering…';
  return `${events}, newest first`;
}

export function EventsPage() {
  useDocumentTitle('Events');
  const desk = useDesk();
  const view = useView();
  const log = useEventLog();
  const past = usePastMoment();
  const { events, ready } = log;
  // In the past (?at=N), the log as it was then: its first N events.
  const count = past === null ? log.count : Math.min(past.position, log.count);

  const filters = useEventFilters();
  const { type, stream, search, setType, setStream, setSearch, clear: clearFilters } = filters;
  const openEvent = useOpenEvent();
  const { selected, reveal, onRevealed } = openEvent;

  // Summaries name customers and format money with the order's currency, as of the moment shown.
  const { summaryContext } = view;
  const summaryOf = useCallback(
    (event: StoredEvent) => summarize(event, summaryContext),
    [summaryContext],
  );
  // Filtering reads the latest names through a ref, so new names alone do not restart it.
  const contextRef = useRef(summaryContext);
  useEffect(() => {
    contextRef.current = summaryContext;
  }, [summaryContext]);

  const debouncedSearch = useDebounced(search, SEARCH_DELAY_MS);
  const criteria = useMemo<EventCriteria>(
    () => ({ type, stream, search: debouncedSearch }),
    [type, stream, debouncedSearch],
  );
  const filtering = isFiltering(criteria);
  const [matches, setMatches] = useState<Matches | null>(null);
  const latestMatches = useRef<Matches | null>(null);
  useEffect(() => {
    if (!filtering) return;
    let cancelled = false;
    const context: MatcherContext = {
      streamExists: (streamId) => desk.streamExists(streamId),
      searchText: searchTextFor(events, contextRef.current),
    };
    void findMatches(events, count, criteria, context, latestMatches.current, () => cancelled).then(
      (found) => {
        if (found === null || cancelled) return;
        latestMatches.current = found;
        setMatches(found);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [desk, events, count, criteria, filtering]);

  const shown = filtering ? matches : null;
  const rowCount = filtering ? (shown?.indexes.length ?? 0) : count;
  const eventAt = useCallback(
    (row: number): StoredEvent | undefined => {
      if (shown === null) return events[count - 1 - row];
      const index = shown.indexes[row];
      return index === undefined ? undefined : events[index];
    },
    [events, count, shown],
  );
  const rowOfPosition = (position: number): number =>
    shown === null
      ? position <= count
        ? count - position
        : -1
      : rowOfIndex(shown.indexes, position - 1);
  const busy =
    !ready ||
    (filtering &&
      (shown === null ||
        shown.criteria !== criteria ||
        shown.scanned !== count ||
        search !== debouncedSearch));

  const open = (event: StoredEvent) => {
    openEvent.open(event.position);
  };

  const close = () => {
    const position = selected;
    openEvent.close();
    // Back to the row the event was opened from, when it is in view.
    requestAnimationFrame(() => {
      const row = document.querySelector<HTMLElement>(`.event-row[data-position="${position}"]`);
      (row ?? document.getElementById('events-title'))?.focus();
    });
  };

  const selectedEvent = selected === null ? undefined : events[selected - 1];
  // Only once the whole log is read: rows still arriving would move the event away again.
  const revealRow = reveal === null || !ready || busy ? null : rowOfPosition(reveal);
  const live = useLiveUnlessPlaying();

  return (
    <div className="events-page">
      <div className="page-header">
        <h1 id="events-title" tabIndex={-1}>
          Events
        </h1>
        <p className="events-count muted" role="status" aria-live={live}>
          {countLine({
            ready,
            inPast: past !== null,
            filtering,
            filtered: shown !== null,
            busy,
            count,
            rowCount,
          })}
        </p>
      </div>

      {log.error !== null && <p role="alert">{log.error}</p>}

      {ready && count === 0 && past !== null ? (
        <div className="empty-state">
          <h2>No events yet at this moment</h2>
          <p>Move the timeline forward, or go back to the present.</p>
        </div>
      ) : ready && count === 0 ? (
        <div className="empty-state">
          <h2>The event log is empty</h2>
          <p>
            Every change made at this desk is recorded here as an event: registering a customer,
            placing an order, a payment, a shipment.
          </p>
          <p>
            <Link to="/customers">Register a customer</Link> to record the first event, or go to the{' '}
            <Link to="/">dashboard</Link> to load demo data.
          </p>
        </div>
      ) : (
        <>
          <form
            className="event-filters"
            role="search"
            aria-label="Filter events"
            onSubmit={(submitEvent) => {
              submitEvent.preventDefault();
            }}
          >
            <div className="field">
              <label htmlFor="event-type">Type</label>
              <select
                id="event-type"
                value={type}
                onChange={(change) => {
                  setType(change.target.value as EventType | '');
                }}
              >
                <option value="">All types</option>
                {eventTypes.map((eventType) => (
                  <option key={eventType} value={eventType}>
                    {eventType}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="event-stream">Stream</label>
              <input
                id="event-stream"
                type="text"
                value={stream}
                placeholder="order-"
                autoComplete="off"
                spellCheck={false}
                aria-describedby="event-stream-hint"
                onChange={(change) => {
                  setStream(change.target.value);
                }}
              />
              <span id="event-stream-hint" className="field-hint">
                A stream id or its start
              </span>
            </div>
            <div className="field">
              <label htmlFor="event-search">Search events</label>
              <input
                id="event-search"
                type="search"
                value={search}
                autoComplete="off"
                aria-describedby="event-search-hint"
                onChange={(change) => {
                  setSearch(change.target.value);
                }}
              />
              <span id="event-search-hint" className="field-hint">
                Words of the summary, or an id
              </span>
            </div>
            <div className="event-filters-actions">
              <button
                type="button"
                className="button"
                disabled={type === '' && stream === '' && search === ''}
                onClick={clearFilters}
              >
                Clear filters
              </button>
            </div>
          </form>

          <div className={selected === null ? 'events-body' : 'events-body events-body-open'}>
            <div className="events-list-column">
              {filtering && shown !== null && rowCount === 0 && !busy ? (
                <div className="empty-state">
                  <h2>No events match</h2>
                  <p>
                    Try another type, a shorter stream prefix or other words, or{' '}
                    <button type="button" className="link-button" onClick={clearFilters}>
                      clear the filters
                    </button>
                    .
                  </p>
                </div>
              ) : (
                <EventList
                  rowCount={rowCount}
                  eventAt={eventAt}
                  summaryOf={summaryOf}
                  selected={selected}
                  onOpen={open}
                  listKey={shown?.criteria ?? null}
                  revealRow={revealRow}
                  onRevealed={onRevealed}
                />
              )}
            </div>
            {selected !== null && (
              <EventPanel
                position={selected}
                event={selectedEvent}
                loading={!ready}
                count={count}
                summaryOf={summaryOf}
                onClose={close}
                onShowStream={filters.showStream}
              />
            )}
          </div>
        </>
      )}
    </div>
  );
}
