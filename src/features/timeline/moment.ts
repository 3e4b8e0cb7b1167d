import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { useDesk, useDeskStatus } from '../../ui/desk-context';
import { useQueryParams } from '../../ui/lists/urlState';
import type { DeskView } from '../../projections';

/** The query parameter that carries the timeline's moment (docs/contract.md §4). */
export const AT_PARAM = 'at';

/** The moment in a query string: a whole number ≥ 0, or null for the present. */
export function parseAt(search: URLSearchParams): number | null {
  const raw = search.get(AT_PARAM);
  if (raw === null || !/^\d{1,15}$/.test(raw)) return null;
  return Number(raw);
}

/** `path` with the given moment in its query (or without one for the present). */
export function withMoment(path: string, position: number | null): string {
  if (position === null) return path;
  const [pathname, query = ''] = path.split('?', 2);
  const search = new URLSearchParams(query);
  search.set(AT_PARAM, String(position));
  return `${pathname ?? ''}?${search.toString()}`;
}

export interface MoveOptions {
  /** Add a history entry (default: replace the current one, so dragging does not flood Back). */
  readonly push?: boolean;
  /**
   * Render the new moment at once (flushSync) rather than as a transition that may wait a frame
   * or more: for a moment whose views are ready, so the screen follows the slider.
   */
  readonly immediate?: boolean;
}

/** The moment in the URL and a way to move it (see `MoveOptions`). */
export function useMomentParam(): [
  number | null,
  (position: number | null, options?: MoveOptions) => void,
] {
  const [search, change] = useQueryParams();
  const at = parseAt(search);
  const setAt = useCallback(
    (position: number | null, options: MoveOptions = {}) => {
      change(
        { [AT_PARAM]: position === null ? null : String(position) },
        { push: options.push === true, flushSync: options.immediate === true },
      );
    },
    [change],
  );
  return [at, setAt];
}

/** Links that keep the moment on screen: in the past, a link leads to the same moment. */
export function useMomentLink(): (path: string) => string {
  const [search] = useSearchParams();
  const at = parseAt(search);
  return useCallback((path: string) => withMoment(path, at), [at]);
}

/** What the timeline puts on screen for the URL's moment. */
export type Moment =
  | { readonly kind: 'present' }
  /** The views after event `position`: exactly that moment. */
  | { readonly kind: 'shown'; readonly position: number; readonly view: DeskView }
  /** The log is still being read and has not reached `position` yet: `folded` of `total`. */
  | {
      readonly kind: 'reading';
      readonly position: number;
      readonly folded: number;
      readonly total: number;
    }
  /** Beyond this browser's log, which holds `logHead` events. */
  | { readonly kind: 'absent'; readonly position: number; readonly logHead: number };

/**
 * The moment of the URL as the screens may show it: the views of exactly that moment, or why
 * they cannot yet (the log is still being read) or at all (it is not in this browser's log).
 * Never another moment's views under its number.
 */
export function useMoment(): Moment {
  const desk = useDesk();
  const { loading, logHead, folded } = useDeskStatus();
  const [at] = useMomentParam();
  // Looked up again as the views reach further (while the log is read at start-up).
  const view = useMemo(
    () => (at === null || at > folded ? undefined : desk.viewAt(at)),
    [desk, at, folded],
  );
  return useMemo((): Moment => {
    if (at === null) return { kind: 'present' };
    if (view !== undefined) return { kind: 'shown', position: at, view };
    if (loading !== null || at <= logHead)
      return {
        kind: 'reading',
        position: at,
        folded,
        total: Math.max(logHead, folded),
      };
    return { kind: 'absent', position: at, logHead };
  }, [at, view, loading, logHead, folded]);
}
