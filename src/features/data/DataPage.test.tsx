import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestDesk, renderApp } from '../../test/renderApp';

function mockStorage(storage: Partial<StorageManager> | undefined) {
  Object.defineProperty(navigator, 'storage', { configurable: true, value: storage });
}

/** A browser's storage manager that makes storage persistent when asked, if it `grants`. */
function browserStorage({ grants }: { grants: boolean }) {
  let persisted = false;
  const storage = {
    estimate: vi.fn(() => Promise.resolve({ usage: 12_345_678, quota: 1_200_000_000 })),
    persisted: vi.fn(() => Promise.resolve(persisted)),
    persist: vi.fn(() => {
      persisted = grants;
      return Promise.resolve(grants);
    }),
  };
  mockStorage(storage);
  return storage;
}

async function deskWithCustomers(count: number) {
  const desk = await createTestDesk();
  for (let i = 1; i <= count; i++) {
    const result = await desk.execute({
      type: 'RegisterCustomer',
      data: { customerId: `c-${i}`, name: `Customer ${i}`, email: `c${i}@example.com` },
    });
    expect(result.ok).toBe(true);
  }
  return desk;
}

async function storagePanel() {
  await screen.findByRole('heading', { level: 1, name: 'Data' });
  return screen.getByRole('region', { name: 'Storage on this device' });
}

const keepButton = { name: 'Keep data on this device' } as const;

describe('Data page: storage', () => {
  afterEach(() => {
    Reflect.deleteProperty(navigator, 'storage');
  });

  // First in the file: the start-up request is made once per page load (module state).
  it('asks for persistence once the desk is ready, and shows use, quota and the log size', async () => {
    const storage = browserStorage({ grants: true });
    await renderApp('/data', await deskWithCustomers(3));
    const panel = await storagePanel();

    await waitFor(() => {
      expect(storage.persist).toHaveBeenCalledOnce();
    });
    expect(within(panel).getByText('Events in the log').nextElementSibling).toHaveTextContent(
      /^3$/,
    );
    expect(await within(panel).findByText('12.3 MB of 1.2 GB (1%)')).toBeVisible();
    const meter = within(panel).getByRole('meter', { name: 'Space used' });
    expect(meter).toHaveAttribute('value', '12345678');
    expect(meter).toHaveAttribute('max', '1200000000');

    expect(
      await within(panel).findByText(/^Yes — the browser will not clear the event log/),
    ).toBeVisible();
    expect(within(panel).queryByRole('button', keepButton)).not.toBeInTheDocument();
    expect(within(panel).queryByText(/Export the event log regularly/)).not.toBeInTheDocument();
  });

  it('while not persistent: says so, suggests exports, and asks again with the button', async () => {
    const user = userEvent.setup();
    const storage = browserStorage({ grants: false });
    await renderApp('/data', await deskWithCustomers(1));
    const panel = await storagePanel();

    expect(
      await within(panel).findByText(/^No — the browser may clear the event log/),
    ).toBeVisible();
    expect(within(panel).getByText('Export the event log regularly')).toBeVisible();

    const asked = storage.persist.mock.calls.length;
    await user.click(within(panel).getByRole('button', keepButton));
    expect(storage.persist).toHaveBeenCalledTimes(asked + 1);
    expect(await within(panel).findByText(/did not make storage persistent/)).toBeVisible();
    expect(within(panel).getByRole('button', keepButton)).toBeEnabled();
  });

  it('becomes persistent with the button when the browser grants it', async () => {
    const user = userEvent.setup();
    const storage = browserStorage({ grants: false });
    await renderApp('/data', await deskWithCustomers(0));
    const panel = await storagePanel();
    await within(panel).findByText(/^No — /);
    expect(within(panel).getByText('Events in the log').nextElementSibling).toHaveTextContent(
      /^0$/,
    );

    storage.persist.mockImplementation(() => {
      storage.persisted.mockResolvedValue(true);
      return Promise.resolve(true);
    });
    await user.click(within(panel).getByRole('button', keepButton));

    expect(await within(panel).findByText(/^Yes — /)).toBeVisible();
    expect(within(panel).queryByRole('button', keepButton)).not.toBeInTheDocument();
    expect(within(panel).queryByText(/Export the event log regularly/)).not.toBeInTheDocument();
    expect(within(panel).queryByText(/did not make storage persistent/)).not.toBeInTheDocument();
  });

  it('copes with a browser without navigator.storage', async () => {
    mockStorage(undefined);
    await renderApp('/data', await deskWithCustomers(2));
    const panel = await storagePanel();

    expect(await within(panel).findByText(/does not report its storage use/)).toBeVisible();
    expect(within(panel).getByText('Unknown — this browser does not say.')).toBeVisible();
    expect(within(panel).queryByRole('meter')).not.toBeInTheDocument();
    expect(within(panel).queryByRole('button', keepButton)).not.toBeInTheDocument();
    expect(within(panel).getByText('Export the event log regularly')).toBeVisible();
    expect(within(panel).getByText('Events in the log').nextElementSibling).toHaveTextContent(
      /^2$/,
    );
  });
});
