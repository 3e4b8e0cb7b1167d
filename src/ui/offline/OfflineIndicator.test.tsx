import { act, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { OfflineIndicator } from './OfflineIndicator';

function setOnline(online: boolean) {
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online });
  act(() => {
    window.dispatchEvent(new Event(online ? 'online' : 'offline'));
  });
}

describe('OfflineIndicator', () => {
  afterEach(() => {
    // Back to jsdom's own navigator.onLine (true).
    Reflect.deleteProperty(navigator, 'onLine');
  });

  it('shows nothing while online', () => {
    render(<OfflineIndicator />);
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
    expect(screen.queryByText(/Offline/)).not.toBeInTheDocument();
  });

  it('shows a status badge when the browser goes offline and hides it when it is back', () => {
    render(<OfflineIndicator />);

    setOnline(false);
    expect(screen.getByRole('status')).toHaveTextContent('Offline — everything keeps working');

    setOnline(true);
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
  });

  it('shows the badge at once when the page opens offline', () => {
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
    render(<OfflineIndicator />);
    expect(screen.getByRole('status')).toHaveTextContent('Offline — everything keeps working');
  });
});
