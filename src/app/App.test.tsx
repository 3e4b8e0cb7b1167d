import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../test/renderApp';

async function renderAt(path: string) {
  return (await renderApp(path)).router;
}

const navNames = ['Dashboard', 'Orders', 'Customers', 'Events'] as const;

describe('app shell', () => {
  it('renders the header, the main navigation and the main landmark', async () => {
    await renderAt('/');

    expect(await screen.findByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
    expect(screen.getByRole('banner')).toHaveTextContent('Order desk');
    expect(screen.getByRole('main')).toBeInTheDocument();

    const nav = screen.getByRole('navigation', { name: 'Main' });
    for (const name of navNames) {
      expect(within(nav).getByRole('link', { name })).toBeInTheDocument();
    }
  });

  it('marks the current page in the navigation with aria-current', async () => {
    await renderAt('/orders/o-42');

    expect(await screen.findByRole('heading', { level: 1, name: 'Order o-42' })).toBeVisible();
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: 'Orders' })).toHaveAttribute(
      'aria-current',
      'page',
    );
    expect(within(nav).getByRole('link', { name: 'Dashboard' })).not.toHaveAttribute(
      'aria-current',
    );
    expect(document.title).toBe('Order o-42 · Order desk');
  });

  it.each([
    ['/', 'Dashboard'],
    ['/orders', 'Orders'],
    ['/orders/A-1', 'Order A-1'],
    ['/customers', 'Customers'],
    ['/customers/c_7', 'Customer c_7'],
    ['/events', 'Events'],
  ])('renders the page at %s', async (path, heading) => {
    await renderAt(path);
    expect(await screen.findByRole('heading', { level: 1, name: heading })).toBeVisible();
    expect(document.title).toBe(`${heading} · Order desk`);
  });

  it('navigates with the nav links', async () => {
    const user = userEvent.setup();
    const router = await renderAt('/');
    const nav = screen.getByRole('navigation', { name: 'Main' });

    await user.click(within(nav).getByRole('link', { name: 'Customers' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Customers' })).toBeVisible();
    expect(router.state.location.pathname).toBe('/customers');

    await user.click(within(nav).getByRole('link', { name: 'Events' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Events' })).toBeVisible();
  });

  it('shows a not-found page with a link back to the dashboard for an unknown path', async () => {
    const user = userEvent.setup();
    await renderAt('/no/such/page');

    expect(await screen.findByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
    expect(document.title).toBe('Page not found · Order desk');
    // The shell stays around the not-found page.
    expect(screen.getByRole('navigation', { name: 'Main' })).toBeInTheDocument();

    await user.click(screen.getByRole('link', { name: 'Back to the dashboard' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
  });
});
