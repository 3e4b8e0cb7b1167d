import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { useRegisterSW } from './pwa';
import { UpdatePrompt } from './UpdatePrompt';

vi.mock('./pwa', () => ({ useRegisterSW: vi.fn() }));

const updateServiceWorker = vi.fn(() => Promise.resolve());

function registerHookSays(needRefresh: boolean) {
  vi.mocked(useRegisterSW).mockReturnValue({
    needRefresh: [needRefresh, vi.fn()],
    offlineReady: [false, vi.fn()],
    updateServiceWorker,
  });
}

describe('UpdatePrompt', () => {
  beforeEach(() => {
    updateServiceWorker.mockClear();
  });

  it('shows nothing while no new version is waiting', () => {
    registerHookSays(false);
    render(<UpdatePrompt />);
    expect(screen.queryByText(/new version/)).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Reload' })).not.toBeInTheDocument();
    expect(useRegisterSW).toHaveBeenCalled();
  });

  it('offers the waiting version and activates it only when asked', async () => {
    const user = userEvent.setup();
    registerHookSays(true);
    render(<UpdatePrompt />);

    const banner = screen.getByRole('region', { name: 'New version' });
    expect(banner).toHaveTextContent(/^A new version is available — Reload$/);
    expect(updateServiceWorker).not.toHaveBeenCalled();

    await user.click(screen.getByRole('button', { name: 'Reload' }));
    expect(updateServiceWorker).toHaveBeenCalledExactlyOnceWith(true);
  });
});
