import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, Outlet, RouterProvider } from 'react-router';
import { describe, expect, it } from 'vitest';
import { MomentLink, MomentLinksProvider } from './MomentLink';

/** A router at `path` whose pages each hold links to Ada's page and to the customers. */
function renderAt(path: string) {
  const links = (
    <>
      <MomentLink to="/customers/ada">Ada Lovelace</MomentLink>
      <MomentLink to="/customers">All customers</MomentLink>
      <MomentLink to="/customers/ada" target="_blank">
        Ada Lovelace, in a new tab
      </MomentLink>
    </>
  );
  const router = createMemoryRouter(
    [
      {
        element: (
          <MomentLinksProvider>
            <Outlet />
          </MomentLinksProvider>
        ),
        children: [
          { path: '/customers', element: links },
          { path: '/customers/ada', element: <h1>Ada’s page{links}</h1> },
        ],
      },
    ],
    { initialEntries: [path] },
  );
  render(<RouterProvider router={router} />);
  return router;
}

describe('a link at a past moment', () => {
  it('leads to the same moment, in the app', async () => {
    const user = userEvent.setup();
    const router = renderAt('/customers?at=3');
    const ada = screen.getByRole('link', { name: 'Ada Lovelace' });
    expect(ada).toHaveAttribute('href', '/customers/ada?at=3');

    await user.click(ada);
    expect(await screen.findByRole('heading', { name: /Ada’s page/ })).toBeInTheDocument();
    expect(router.state.location).toMatchObject({ pathname: '/customers/ada', search: '?at=3' });
    expect(router.state.historyAction).toBe('PUSH');
  });

  it('leaves a click with a modifier key or another button, and a link to another target, to the browser', () => {
    const router = renderAt('/customers?at=3');
    const ada = screen.getByRole('link', { name: 'Ada Lovelace' });
    for (const modifier of ['ctrlKey', 'metaKey', 'shiftKey', 'altKey'] as const)
      expect(fireEvent.click(ada, { [modifier]: true })).toBe(true);
    expect(fireEvent.click(ada, { button: 1 })).toBe(true);
    expect(fireEvent.click(screen.getByRole('link', { name: /in a new tab/ }))).toBe(true);
    expect(router.state.location.pathname).toBe('/customers');
  });

  it('adds no history entry when it leads to the page on screen', async () => {
    const user = userEvent.setup();
    const router = renderAt('/customers?at=3');
    await user.click(screen.getByRole('link', { name: 'All customers' }));
    expect(router.state.historyAction).toBe('REPLACE');
    expect(router.state.location.search).toBe('?at=3');
  });

  it('adds one when the page on screen has a hash, as another place on it', async () => {
    const user = userEvent.setup();
    const router = renderAt('/customers?at=3#main');
    await user.click(screen.getByRole('link', { name: 'All customers' }));
    expect(router.state.historyAction).toBe('PUSH');
    expect(router.state.location).toMatchObject({ search: '?at=3', hash: '' });
  });
});

describe('a link in the present', () => {
  it('leads to the present', () => {
    renderAt('/customers');
    expect(screen.getByRole('link', { name: 'Ada Lovelace' })).toHaveAttribute(
      'href',
      '/customers/ada',
    );
  });
});
