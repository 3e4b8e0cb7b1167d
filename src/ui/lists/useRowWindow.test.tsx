import { act, render, screen } from '@testing-library/react';
import { useRef } from 'react';
import { describe, expect, it } from 'vitest';
import { useRowWindow } from './useRowWindow';

function List({ count }: { count: number }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const { first, end } = useRowWindow({ count, rowHeight: 40, overscan: 2, scrollRef });
  return (
    <div ref={scrollRef} role="region" aria-label="List">
      <output aria-label="Window">{`${first}-${end}`}</output>
    </div>
  );
}

const scrollTo = (top: number) => {
  const region = screen.getByRole('region', { name: 'List' });
  act(() => {
    region.scrollTop = top;
    region.dispatchEvent(new Event('scroll'));
  });
};

describe('the window of rows in view', () => {
  it('starts at the top with a screenful and the overscan, within the count', () => {
    const { rerender } = render(<List count={1000} />);
    // No layout in this DOM: a 600 px screenful is 15 rows, plus 2 below.
    expect(screen.getByRole('status', { name: 'Window' })).toHaveTextContent('0-17');
    rerender(<List count={5} />);
    expect(screen.getByRole('status', { name: 'Window' })).toHaveTextContent('0-5');
  });

  it('follows the scroll position, row by row', () => {
    const { rerender } = render(<List count={1000} />);
    scrollTo(4000);
    expect(screen.getByRole('status', { name: 'Window' })).toHaveTextContent('98-117');
    scrollTo(4030);
    expect(screen.getByRole('status', { name: 'Window' })).toHaveTextContent('98-118');
    // The list shrinking under the scroll position (a step back on the timeline).
    rerender(<List count={100} />);
    expect(screen.getByRole('status', { name: 'Window' })).toHaveTextContent('98-100');
  });
});
