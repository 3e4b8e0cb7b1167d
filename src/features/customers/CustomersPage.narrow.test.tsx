import { act, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderApp } from '../../test/renderApp';
import { deskWithCustomers, placeOrder } from '../orders/testHelpers';

// In a file of its own: the screen's media query list is made once per module.

afterEach(() => {
  vi.unstubAllGlobals();
});

/** A phone's screen as `matchMedia` reports it, and a way to make it wide. */
function phoneScreen() {
  const listeners = new Set<() => void>();
  const list = {
    matches: true,
    addEventListener: (_type: 'change', listener: () => void) => listeners.add(listener),
    removeEventListener: (_type: 'change', listener: () => void) => listeners.delete(listener),
  };
  vi.stubGlobal('matchMedia', () => list);
  return {
    widen: () => {
      list.matches = false;
      for (const listener of listeners) listener();
    },
  };
}

const headers = () =>
  within(screen.getByRole('table', { name: 'Customers' }))
    .getAllByRole('columnheader')
    .map((header) => header.textContent.replace(/[↕↑↓]/g, '').trim());

const adaRow = () =>
  within(screen.getByRole('table', { name: 'Customers' }))
    .getByRole('link', { name: 'Ada Lovelace' })
    .closest('tr') as HTMLTableRowElement;

describe('the customers table on a phone', () => {
  it('folds the email and last order into the name cell, and unfolds on a wide screen', async () => {
    const display = phoneScreen();
    const desk = await deskWithCustomers();
    await placeOrder(desk, 'o-1');
    await renderApp('/customers', desk);
    await screen.findByRole('link', { name: 'Ada Lovelace' });

    expect(headers()).toEqual(['Name', 'Orders', 'Lifetime value']);
    const [nameCell, ...otherCells] = within(adaRow()).getAllByRole('cell');
    expect(otherCells).toHaveLength(2);
    expect(nameCell).toHaveTextContent('ada@example.com');
    expect(nameCell).toHaveTextContent(/Last order/);

    act(() => {
      display.widen();
    });
    expect(headers()).toEqual(['Name', 'Email', 'Orders', 'Lifetime value', 'Last order']);
    const cells = within(adaRow()).getAllByRole('cell');
    expect(cells).toHaveLength(5);
    expect(cells[0]).toHaveTextContent(/^Ada Lovelace$/);
    expect(cells[1]).toHaveTextContent('ada@example.com');
  });
});
