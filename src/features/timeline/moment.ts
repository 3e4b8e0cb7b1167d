import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

/** The query parameter that carries the timeline's moment (CONTRACT.md §4). */
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
  const [search, setSearch] = useSearchParams();
  const at = parseAt(search);
  const setAt = useCallback(
    (position: number | null, options: MoveOptions = {}) => {
      setSearch(
        (previous) => {
          const next = new URLSearchParams(previous);
          if (position === null) next.delete(AT_PARAM);
          else next.set(AT_PARAM, String(position));
          return next;
        },
        { replace: options.push !== true, flushSync: options.immediate === true },
      );
    },
    [setSearch],
  );
  return [at, setAt];
}

/** Links that keep the moment on screen: in the past, a link leads to the same moment. */
export function useMomentLink(): (path: string) => string {
  const [search] = useSearchParams();
  const at = parseAt(search);
  return useCallback((path: string) => withMoment(path, at), [at]);
}
