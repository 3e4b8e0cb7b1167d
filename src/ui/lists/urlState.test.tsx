import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useQueryParams, useUrlText } from './urlState';

/** A list's filters: a search typed (kept with useUrlText) and a status chosen. */
function Filters() {
  const [params, change] = useQueryParams();
  const [search, setSearch] = useUrlText('q');
  return (
    <>
      <label>
        Search
        <input
          value={search}
          onChange={(event) => {
            setSearch(event.target.value);
          }}
        />
      </label>
      <label>
        Status
        <select
          value={params.get('status') ?? ''}
          onChange={(event) => {
            change({ status: event.target.value }, { push: true });
          }}
        >
          <option value="">All</option>
          <option>Paid</option>
        </select>
      </label>
    </>
  );
}

function renderFilters() {
  const router = createMemoryRouter([{ path: '/list', element: <Filters /> }], {
    initialEntries: ['/list'],
  });
  render(<RouterProvider router={router} />);
  return router;
}

type TestRouter = ReturnType<typeof renderFilters>;
const query = (router: TestRouter) => new URLSearchParams(router.state.location.search);

afterEach(() => {
  vi.useRealTimers();
});

/** How long typing pauses before the URL follows it (urlState's TYPING_PAUSE_MS). */
const TYPING_PAUSE_MS = 300;

/**
 * Runs `steps` as a browser does, outside act: the router renders a new URL as a transition,
 * scheduled for later, instead of at once at the end of an act.
 */
function asInBrowser(steps: () => void) {
  const before: unknown = Reflect.get(globalThis, 'IS_REACT_ACT_ENVIRONMENT');
  Reflect.set(globalThis, 'IS_REACT_ACT_ENVIRONMENT', false);
  try {
    steps();
  } finally {
    Reflect.set(globalThis, 'IS_REACT_ACT_ENVIRONMENT', before);
  }
}

/** A status chosen in the browser (a change event outside act). */
function chooseStatus(status: string) {
  const select = screen.getByLabelText<HTMLSelectElement>('Status');
  select.value = status;
  select.dispatchEvent(new Event('change', { bubbles: true }));
}

describe('a search typed and a status chosen within the typing pause', () => {
  it('both reach the URL when the status comes first and the pause ends before it is rendered', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const router = renderFilters();
    fireEvent.change(screen.getByLabelText('Search'), { target: { value: 'grace' } });
    asInBrowser(() => {
      chooseStatus('Paid');
      expect(query(router).get('status')).toBe('Paid');
      vi.advanceTimersByTime(TYPING_PAUSE_MS);
    });
    vi.useRealTimers();
    await waitFor(() => {
      expect(screen.getByLabelText('Status')).toHaveValue('Paid');
    });
    expect(query(router).get('q')).toBe('grace');
    expect(query(router).get('status')).toBe('Paid');
    expect(screen.getByLabelText('Search')).toHaveValue('grace');
  });

  it('both reach the URL when the status is chosen before the search in the URL is rendered', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const router = renderFilters();
    fireEvent.change(screen.getByLabelText('Search'), { target: { value: 'grace' } });
    asInBrowser(() => {
      vi.advanceTimersByTime(TYPING_PAUSE_MS);
      expect(query(router).get('q')).toBe('grace');
      chooseStatus('Paid');
    });
    vi.useRealTimers();
    await waitFor(() => {
      expect(screen.getByLabelText('Status')).toHaveValue('Paid');
    });
    expect(query(router).get('status')).toBe('Paid');
    expect(query(router).get('q')).toBe('grace');
    expect(screen.getByLabelText('Search')).toHaveValue('grace');
  });
});

describe('Back right after a search reached the URL, before it was rendered', () => {
  it('shows the search of the entry gone back to, and does not send the other again', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const router = renderFilters();
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'Paid' } });
    fireEvent.change(screen.getByLabelText('Search'), { target: { value: 'grace' } });
    asInBrowser(() => {
      vi.advanceTimersByTime(TYPING_PAUSE_MS);
      expect(query(router).get('q')).toBe('grace');
      void router.navigate(-1);
    });
    vi.useRealTimers();
    await waitFor(() => {
      expect(screen.getByLabelText('Status')).toHaveValue('');
    });
    expect(screen.getByLabelText('Search')).toHaveValue('');
    await new Promise((pause) => setTimeout(pause, 2 * TYPING_PAUSE_MS));
    expect(query(router).get('q')).toBeNull();
  });
});
