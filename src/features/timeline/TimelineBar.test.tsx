import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { createTestDesk, renderApp } from '../../test/renderApp';

async function deskWithTwoCustomers() {
  const desk = await createTestDesk();
  for (const [customerId, name] of [
    ['ada', 'Ada Lovelace'],
    ['bob', 'Bob Marley'],
  ] as const)
    await desk.execute({
      type: 'RegisterCustomer',
      data: { customerId, name, email: `${customerId}@example.com` },
    });
  return desk;
}

describe('the present', () => {
  it('shows the slider at the newest position and no past status', async () => {
    const { desk } = await renderApp('/customers', await deskWithTwoCustomers());
    const slider = await screen.findByRole('slider', { name: 'Timeline' });
    await waitFor(() => {
      expect(slider).toHaveValue(String(desk.store.head));
    });
    expect(screen.getByTestId('timeline-position')).toHaveTextContent('#2 of 2');
    expect(screen.queryByText(/Viewing the past/)).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Step forward' })).toBeDisabled();
  });
});

describe('a past moment', () => {
  it('shows every screen as it was, steps through the log and goes back to the present', async () => {
    const user = userEvent.setup();
    const { router } = await renderApp('/customers?at=1', await deskWithTwoCustomers());
    expect(await screen.findByText(/Viewing the past: after event #1/)).toBeInTheDocument();
    const table = await screen.findByRole('table');
    await waitFor(() => {
      expect(within(table).queryByText('Bob Marley')).not.toBeInTheDocument();
    });
    expect(within(table).getByText('Ada Lovelace')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Register customer' })).toBeDisabled();

    await user.click(screen.getByRole('button', { name: 'Step forward' }));
    expect(router.state.location.search).toBe('?at=2');
    expect(await within(table).findByText('Bob Marley')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Step back' }));
    await user.click(screen.getByRole('button', { name: 'Step back' }));
    expect(router.state.location.search).toBe('?at=0');

    await user.click(screen.getByRole('button', { name: 'Back to present' }));
    expect(router.state.location.search).toBe('');
    expect(screen.queryByText(/Viewing the past/)).not.toBeInTheDocument();
  });
});

describe('a seek still on its way', () => {
  it('does not pull the screen back after Back to present', async () => {
    const user = userEvent.setup();
    const { desk, router } = await renderApp('/customers?at=1', await deskWithTwoCustomers());
    expect(await screen.findByText(/Viewing the past: after event #1/)).toBeInTheDocument();
    // A slow seek, as while the timeline is still being prepared on a long log.
    let finishSeek: (value: unknown) => void = () => undefined;
    const slow = new Promise((resolve) => {
      finishSeek = resolve;
    });
    const stateAt = desk.history.stateAt.bind(desk.history);
    desk.history.stateAt = async (position) => {
      await slow;
      return stateAt(position);
    };

    await user.click(screen.getByRole('button', { name: 'Step back' }));
    expect(router.state.location.search).toBe('?at=1');
    await user.click(screen.getByRole('button', { name: 'Back to present' }));
    expect(router.state.location.search).toBe('');
    finishSeek(null);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(router.state.location.search).toBe('');
    expect(screen.queryByText(/Viewing the past/)).not.toBeInTheDocument();
  });
});
