import { useEffect, useLayoutEffect, useRef } from 'react';
import { NavigationType, useLocation, useNavigationType } from 'react-router';

/** How long a page may take to grow back to where it was left, after Back or Forward. */
const SETTLE_MS = 3000;

/**
 * Back (or Forward) to a long list: the router's ScrollRestoration puts the window back as soon
 * as the page renders, but a list fills in over a render or two more (rows in view first), and
 * the page is still too short then. This keeps each history entry's last position and scrolls
 * there again as the page grows, until it gets there, the user scrolls, or 3 s pass.
 */
export function useBackScrollSettles(): void {
  const { key } = useLocation();
  const navigationType = useNavigationType();
  const positions = useRef(new Map<string, number>());
  const current = useRef(key);
  const settling = useRef(false);

  useEffect(() => {
    const remember = () => {
      if (!settling.current) positions.current.set(current.current, window.scrollY);
    };
    window.addEventListener('scroll', remember, { passive: true });
    return () => {
      window.removeEventListener('scroll', remember);
    };
  }, []);

  useLayoutEffect(() => {
    current.current = key;
    const target = positions.current.get(key);
    if (navigationType !== NavigationType.Pop || target === undefined) return;
    if (Math.abs(window.scrollY - target) < 1 || typeof ResizeObserver !== 'function') return;
    settling.current = true;
    const root = document.documentElement;
    const observer = new ResizeObserver(() => {
      if (root.scrollHeight - window.innerHeight >= target) {
        window.scrollTo(0, target);
        stop();
      }
    });
    const inputs = ['wheel', 'touchstart', 'keydown', 'mousedown'] as const;
    const timer = setTimeout(stop, SETTLE_MS);
    function stop() {
      settling.current = false;
      observer.disconnect();
      clearTimeout(timer);
      for (const input of inputs) window.removeEventListener(input, stop);
    }
    observer.observe(document.body);
    for (const input of inputs) window.addEventListener(input, stop, { passive: true });
    return stop;
  }, [key, navigationType]);
}
