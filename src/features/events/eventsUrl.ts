import { useCallback, useEffect, useState } from 'react';
import { eventTypes, type EventType } from '../../domain/events';
import { useQueryParams, useUrlText } from '../../ui/lists/urlState';
import { useEventsUi } from './eventsUi';

/**
 * The events page's state in the URL: the filters (`?type=OrderPlaced&stream=order-&q=…`) and
 * the open event (`?position=N`). A reload, Back and Forward and a shared link keep them; the
 * audit trails link to `?position=N`.
 */

/** The event type in the URL; all types for a missing or unknown one. */
const typeIn = (params: URLSearchParams): EventType | '' =>
  eventTypes.find((known) => known === params.get('type')) ?? '';

const parsePosition = (value: string | null): number | null =>
  value !== null && /^[1-9]\d{0,15}$/.test(value) ? Number(value) : null;

/** The filters of the event list, and ways to change them. */
export function useEventFilters() {
  const [query, changeQuery] = useQueryParams();
  const type = typeIn(query);
  const [stream, setStream] = useUrlText('stream');
  const [search, setSearch] = useUrlText('q');
  return {
    type,
    stream,
    search,
    setStream,
    setSearch,
    setType: (next: EventType | '') => {
      changeQuery({ type: next }, { push: true });
    },
    clear: () => {
      // Also what is typed and not in the URL yet.
      setStream('');
      setSearch('');
      changeQuery({ type: null, stream: null, q: null }, { push: true });
    },
    /** Only the events of `streamId`. */
    showStream: (streamId: string) => {
      setSearch('');
      setStream(streamId);
      changeQuery({ type: null, q: null, stream: streamId }, { push: true });
    },
  };
}

/**
 * The open event, which follows `?position=N` (and the URL follows it), and the position to
 * bring into view: one the URL asked for, not one opened from the list, whose row is in view.
 */
export function useOpenEvent() {
  const [params, changeQuery] = useQueryParams();
  const urlPosition = parsePosition(params.get('position'));
  const selected = useEventsUi((state) => state.selected);
  const select = useEventsUi((state) => state.select);
  const [reveal, setReveal] = useState<number | null>(null);
  const [handledUrl, setHandledUrl] = useState<number | null | undefined>(undefined);
  if (handledUrl !== urlPosition) {
    setHandledUrl(urlPosition);
    setReveal(urlPosition);
  }
  useEffect(() => {
    select(urlPosition);
  }, [urlPosition, select]);
  const onRevealed = useCallback(() => {
    setReveal(null);
  }, []);
  const show = (position: number | null) => {
    // Opened from the list: its row is in view already, so the URL change reveals nothing.
    setHandledUrl(position);
    select(position);
    changeQuery({ position: position === null ? null : String(position) });
  };
  return {
    selected,
    reveal,
    onRevealed,
    open: show,
    close: () => {
      show(null);
    },
  };
}
