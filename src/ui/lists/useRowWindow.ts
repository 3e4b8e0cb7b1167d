import { useLayoutEffect, useRef, useState, type RefObject } from 'react';

/** Where layout reports no height (a test's DOM, a box not laid out yet): a screenful. */
const FALLBACK_HEIGHT = 600;

export interface RowWindow {
  /** The first row to render. */
  readonly first: number;
  /** One past the last row to render. */
  readonly end: number;
  /** The height of the rows' box in pixels (compressed past `maxHeight`). */
  readonly height: number;
  /** Rows' pixels per pixel of scrolling: 1 unless the rows are taller than `maxHeight`. */
  readonly scale: number;
  /** Where row `index` goes in the box: `index × rowHeight − shift`. */
  readonly shift: number;
}

/**
 * The rows of a long list of equal-height rows that are in its scroll box's view, plus
 * `overscan` rows on each side. Constant work per render whatever the count: a general
 * virtualizer measures every row when the count changes, and on the timeline it changes at every
 * moment (a quarter of a million orders, a million events). Re-renders only when scrolling
 * brings a row in or out of view, or the box changes height.
 *
 * Past `maxHeight` pixels of rows (browsers cap element heights) the box is compressed: the
 * scrollbar moves `scale` rows' pixels per pixel, and rows sit at their place minus `shift`.
 */
export function useRowWindow({
  count,
  rowHeight,
  overscan,
  scrollRef,
  maxHeight = Number.POSITIVE_INFINITY,
}: {
  count: number;
  rowHeight: number;
  overscan: number;
  scrollRef: RefObject<HTMLElement | null>;
  maxHeight?: number;
}): RowWindow {
  const [view, setView] = useState({ top: 0, height: 0 });
  const viewport = view.height > 0 ? view.height : FALLBACK_HEIGHT;
  const rowsHeight = count * rowHeight;
  const height = Math.min(rowsHeight, maxHeight);
  const scale = rowsHeight > height ? (rowsHeight - viewport) / (height - viewport) : 1;
  // The scroll listener reads the scale of the latest render.
  const scaleRef = useRef(scale);
  useLayoutEffect(() => {
    scaleRef.current = scale;
  }, [scale]);

  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    // The rows at the top and bottom edges: scrolling within them changes nothing to render.
    const edges = (top: number, seen: number) => {
      const offset = top * scaleRef.current;
      return `${Math.floor(offset / rowHeight)}:${Math.ceil((offset + seen) / rowHeight)}:${seen}`;
    };
    const update = () => {
      const top = element.scrollTop;
      const seen = element.clientHeight;
      setView((current) =>
        edges(current.top, current.height) === edges(top, seen) ? current : { top, height: seen },
      );
    };
    element.addEventListener('scroll', update, { passive: true });
    // The observer's first report, made once layout has run anyway, gives the box's height. Read
    // here, it would force a layout in the task that mounts the list: on the timeline, a slider
    // move that first fills a list.
    const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(update) : null;
    if (observer) observer.observe(element);
    else update();
    return () => {
      element.removeEventListener('scroll', update);
      observer?.disconnect();
    };
  }, [scrollRef, rowHeight]);

  const offset = view.top * scale;
  const first = Math.min(count, Math.max(0, Math.floor(offset / rowHeight) - overscan));
  const end = Math.min(count, Math.ceil((offset + viewport) / rowHeight) + overscan);
  return { first, end: Math.max(first, end), height, scale, shift: offset - view.top };
}
