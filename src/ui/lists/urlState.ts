import { useCallback, useContext, useEffect, useRef, useState } from 'react';
import {
  NavigationType,
  UNSAFE_DataRouterContext,
  useLocation,
  useNavigate,
  useNavigationType,
  useSearchParams,
} from 'react-router';
import type { SortDirection } from '../../projections';

/**
 * A list's filters live in the URL (status, search, sort, dates): a reload, Back and Forward and
 * a shared link keep them. Parameters at their default are left out, so a plain link to a list
 * (`/orders`) is the list as it opens. Other parameters (the timeline's `?at=N`) stay as they are.
 */

/** New values for some parameters; null removes one. */
export type ParamChanges = Readonly<Record<string, string | null>>;

export interface ParamOptions {
  /**
   * Add a history entry, so that Back returns to the list as it was (a status or sort chosen);
   * by default the current entry is replaced (typing, which would flood the history).
   */
  readonly push?: boolean;
  /** Render the new URL at once (flushSync), not as a transition that may wait a frame or more. */
  readonly flushSync?: boolean;
}

/**
 * The URL as the router has it now. The router renders a new URL as a transition, a render or
 * more after it took it: a change made to the query of the last render (which is what
 * `setSearchParams(previous => …)` gets as `previous`) would undo another change made in between,
 * such as a status chosen while a search waits for typing to pause. A data router (the app's,
 * the tests') is asked through its context; under any other router, what was rendered is all
 * there is.
 */
function useCurrentLocation(): () => { readonly pathname: string; readonly search: string } {
  const router = useContext(UNSAFE_DataRouterContext)?.router;
  const rendered = useLocation();
  return useCallback(() => router?.state.location ?? rendered, [router, rendered]);
}

/** The URL's query, and a way to change some of its parameters. */
export function useQueryParams(): [
  URLSearchParams,
  (changes: ParamChanges, options?: ParamOptions) => void,
] {
  const [params] = useSearchParams();
  const { pathname } = useLocation();
  const currentLocation = useCurrentLocation();
  const navigate = useNavigate();
  const change = useCallback(
    (changes: ParamChanges, options: ParamOptions = {}) => {
      const current = currentLocation();
      // The page is being left (a link followed, not rendered yet): its filters stay behind.
      if (current.pathname !== pathname) return;
      const next = new URLSearchParams(current.search);
      for (const [name, value] of Object.entries(changes)) {
        if (value === null || value === '') next.delete(name);
        else next.set(name, value);
      }
      void navigate(`?${next.toString()}`, {
        replace: options.push !== true,
        // The same page with other filters: the window stays where it is (see AppLayout).
        preventScrollReset: true,
        flushSync: options.flushSync === true,
      });
    },
    [currentLocation, navigate, pathname],
  );
  return [params, change];
}

/** How long typing pauses before the URL follows what is typed. */
const TYPING_PAUSE_MS = 300;

/**
 * A text filter (a search) kept in the URL parameter `name`: what is typed shows and filters at
 * once, and goes to the URL when typing pauses. The URL is the truth: when it changes otherwise
 * (Back, Forward, a link, a cleared filter), the text follows it. The router applies a URL change
 * a render or more later, so an input bound to the URL directly would lose keystrokes.
 */
export function useUrlText(name: string): [string, (text: string) => void] {
  const [params, change] = useQueryParams();
  const inUrl = params.get(name) ?? '';
  const { key } = useLocation();
  const navigationType = useNavigationType();
  const [state, setState] = useState({
    text: inUrl,
    /** The URL's value at the last render. */
    seen: inUrl,
    /** The history entry at the last render. */
    seenKey: key,
    /** Values this hook put in the URL that the router has not applied yet. */
    sent: [] as readonly string[],
  });
  let { text } = state;
  if (state.seen !== inUrl || state.seenKey !== key) {
    // Back or Forward: the entry's own text, even when the router renders it together with a
    // value this hook sent to the entry left (the value seen may then be the same as before).
    const popped = navigationType === NavigationType.Pop;
    const sent = popped ? -1 : state.sent.indexOf(inUrl);
    if (state.seen === inUrl && !popped) setState({ ...state, seenKey: key });
    else if (sent === -1) {
      // From elsewhere: the text becomes the URL's.
      text = inUrl;
      setState({ text, seen: inUrl, seenKey: key, sent: [] });
    } else setState({ text, seen: inUrl, seenKey: key, sent: state.sent.slice(sent + 1) });
  }

  // The latest `change`: under a router that is not a data router, it has the latest URL.
  const changeRef = useRef(change);
  useEffect(() => {
    changeRef.current = change;
  }, [change]);
  useEffect(() => {
    if (text === inUrl) return;
    const timer = setTimeout(() => {
      setState((current) => ({ ...current, sent: [...current.sent, text] }));
      changeRef.current({ [name]: text });
    }, TYPING_PAUSE_MS);
    return () => {
      clearTimeout(timer);
    };
  }, [name, text, inUrl]);

  const setText = useCallback(
    (next: string) => {
      setState((current) => ({ ...current, text: next }));
    },
    [setState],
  );
  return [text, setText];
}

/** A sort as the URL gives it: `?sort=key&dir=asc|desc`. */
export interface Sort<Key extends string> {
  readonly key: Key;
  readonly direction: SortDirection;
}

/**
 * The sorts a list offers, by their name in the URL: each key's first direction (text A→Z,
 * numbers and times largest first), and the list's default sort.
 */
export interface SortCodec<Key extends string> {
  /** The key's name in the URL (`placed` for `placedAt`, …). */
  readonly names: Readonly<Record<Key, string>>;
  readonly firstDirection: Readonly<Record<Key, SortDirection>>;
  readonly initial: Sort<Key>;
}

const directionNames: Readonly<Record<SortDirection, string>> = {
  ascending: 'asc',
  descending: 'desc',
};

/** The sort in the URL; the list's default for a missing or unknown one. */
export function sortIn<Key extends string>(
  params: URLSearchParams,
  codec: SortCodec<Key>,
): Sort<Key> {
  const named = params.get('sort');
  const key = (Object.keys(codec.names) as Key[]).find((k) => codec.names[k] === named);
  if (key === undefined) return codec.initial;
  const dir = params.get('dir');
  const direction =
    dir === directionNames.ascending
      ? 'ascending'
      : dir === directionNames.descending
        ? 'descending'
        : codec.firstDirection[key];
  return { key, direction };
}

/** The URL parameters of a sort (none for the list's default). */
export function sortParams<Key extends string>(
  sort: Sort<Key>,
  codec: SortCodec<Key>,
): ParamChanges {
  const initial = sort.key === codec.initial.key && sort.direction === codec.initial.direction;
  return initial
    ? { sort: null, dir: null }
    : { sort: codec.names[sort.key], dir: directionNames[sort.direction] };
}

/** Sorting by `key`: a new key starts in its first direction; the same key turns around. */
export function nextSort<Key extends string>(
  current: Sort<Key>,
  key: Key,
  codec: SortCodec<Key>,
): Sort<Key> {
  if (current.key !== key) return { key, direction: codec.firstDirection[key] };
  return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
}
