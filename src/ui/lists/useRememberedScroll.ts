import { useEffect, useLayoutEffect, useRef, type RefObject } from 'react';
import { NavigationType, useLocation, useNavigationType } from 'react-router';

/** Scroll positions of list boxes, by the history entry they were left at. */
const positions = new Map<string, number>();

/**
 * Back (or Forward) to a page brings a list that scrolls in a box of its own back to where it
 * was, as the router's scroll restoration does for the window (see AppLayout). The position is
 * kept when the page is left, under its history entry.
 */
export function useRememberedScroll(ref: RefObject<HTMLElement | null>): void {
  const { key } = useLocation();
  const navigationType = useNavigationType();
  // The entry on screen when the page is left: the cleanup below runs after the last render.
  const entry = useRef(key);
  useEffect(() => {
    entry.current = key;
  }, [key]);
  useLayoutEffect(() => {
    const element = ref.current;
    if (element === null) return;
    if (navigationType === NavigationType.Pop) {
      const saved = positions.get(entry.current);
      if (saved !== undefined) element.scrollTop = saved;
    }
    return () => {
      positions.set(entry.current, element.scrollTop);
    };
  }, [ref, navigationType]);
}
