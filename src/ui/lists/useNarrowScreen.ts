import { useSyncExternalStore } from 'react';

/** Phone widths: the same breakpoint as the stylesheet's small-screen rules. */
const NARROW = '(max-width: 40rem)';

let narrowList: MediaQueryList | null | undefined;

/** One list, made once: `getSnapshot` runs at every render of a list. */
const query = (): MediaQueryList | null =>
  (narrowList ??= typeof window.matchMedia === 'function' ? window.matchMedia(NARROW) : null);

function subscribe(onChange: () => void): () => void {
  const list = query();
  list?.addEventListener('change', onChange);
  return () => list?.removeEventListener('change', onChange);
}

/** Whether the screen is phone-narrow; false where media queries are unknown (tests' DOM). */
export function useNarrowScreen(): boolean {
  return useSyncExternalStore(subscribe, () => query()?.matches ?? false);
}
