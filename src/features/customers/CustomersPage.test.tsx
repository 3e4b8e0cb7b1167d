import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Profiler } from 'react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Desk } from '../../application/desk';
import { DeskProvider } from '../../ui/desk-context';
import { MomentLinksProvider } from '../timeline/MomentLink';
import { newEvent } from '../../store/testing';
import { captureDownloads, csvLines } from '../../test/downloads';
import { createTestDesk, renderApp } from '../../test/renderApp';
import { CUSTOMER_PAGE_SIZE, CustomersPage } from './CustomersPage';
afterEach(() => {
  vi.restoreAllMocks();
});

async function register(desk: Desk, customerId: string, name: string, email: string) {
  const result = await desk.execute({
    type: 'RegisterCustomer',
    data: { customerId, name, email },
  });
  if (!result.ok) throw result.error;
}

/**
 * A page and a few more customers, `Customer 001`…, stored in one append: one command each
 * took seconds on a loaded machine.
 */
async function givenManyCustomers(desk: Desk, name = 'Customer'): Promise<number> {
  const total = CUSTOMER_PAGE_SIZE + 5;
  const tag = name.toLowerCase();
  await desk.store.appendPlaced(
    Array.from({ length: total }, (_, index) => {
      const i = index + 1;
      return {
        ...newEvent(`e-${tag}-${i}`, {
          type: 'CustomerRegistered',
          data: {
            customer_id: `${tag}-${i}`,
            name: `${name} ${String(i).padStart(3, '0')}`,
            email: `${tag}${i}@shop.test`,
          },
        }),
        streamId: `customer-${tag}-${i}`,
        streamVersion: 1,
      };
    }),
  );
  return total;
}

/** Places an order of `cents` (one line) for the customer and records its payment. */
async function paidOrder(desk: Desk, orderId: string, customerId: string, cents: number) {
  const placed = await desk.execute({
    type: 'PlaceOrder',
    data: {
      orderId,
      customerId,
      currency: 'EUR',
      items: [{ product_id: 'mug', name: 'Mug', quantity: 1, unit_price: cents }],
    },
  });
  if (!placed.ok) throw placed.error;
  const paid = await desk.execute({
    type: 'RecordPayment',
    data: { orderId, paymentId: `p-${orderId}`, amount: cents, method: 'card' },
  });
  if (!paid.ok) throw paid.error;
}

/** The register form's region: its alert and status are looked up inside it. */
const registerForm = () => within(screen.getByRole('region', { name: 'Register a customer' }));

/** The customer names in the list, top to bottom. */
function listedNames(): string[] {
  const table = screen.getByRole('table', { name: 'Customers' });
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map((row) => within(row).getAllByRole('link')[0]?.textContent ?? '');
}

describe('the customers page', () => {
  it('says what to do on an empty desk', async () => {
    await renderApp('/customers');
    expect(await screen.findByRole('heading', { level: 1, name: 'Customers' })).toBeVisible();
    expect(
      screen.getByText('No customers yet — register the first one below.'),
    ).toBeInTheDocument();
  });

  it('registers a customer from the form and lists them', async () => {
    const user = userEvent.setup();
    const { desk, router } = await renderApp('/customers');

    await user.type(screen.getByLabelText('Name'), '  Ada Lovelace ');
    await user.type(screen.getByLabelText('Email'), 'ada@example.com');
    await user.type(screen.getByLabelText('Shipping address'), '12 St James’s Square{enter}London');
    await user.click(screen.getByRole('button', { name: 'Register customer' }));

    const status = registerForm().getByRole('status');
    await waitFor(() => {
      expect(status).toHaveTextContent('Registered Ada Lovelace.');
    });
    expect(desk.store.head).toBe(1);
    // The form is cleared, ready for the next one.
    expect(screen.getByLabelText('Name')).toHaveValue('');
    expect(screen.getByLabelText('Email')).toHaveValue('');
    expect(screen.getByLabelText('Shipping address')).toHaveValue('');
    expect(registerForm().getByRole('alert')).toBeEmptyDOMElement();

    const table = await screen.findByRole('table', { name: 'Customers' });
    // The row may come a render after the table (rows in view first).
    const link = await within(table).findByRole('link', { name: 'Ada Lovelace' });
    expect(within(table).getByRole('cell', { name: 'ada@example.com' })).toBeInTheDocument();

    const [event] = await desk.store.readRange(1, 1);
    expect(event?.type).toBe('CustomerRegistered');
    const customerId = event?.type === 'CustomerRegistered' ? event.data.customer_id : '';
    expect(customerId).toMatch(/^c-[0-9a-f]{8}$/);
    expect(link).toHaveAttribute('href', `/customers/${customerId}`);

    await user.click(within(status).getByRole('link', { name: 'Ada Lovelace' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Ada Lovelace' })).toBeVisible();
    expect(router.state.location.pathname).toBe(`/customers/${customerId}`);
  });

  it('shows the domain’s message for a taken email, keeps the input and appends nothing', async () => {
    const user = userEvent.setup();
    const { desk } = await renderApp('/customers');

    await user.type(screen.getByLabelText('Name'), 'Ada Lovelace');
    await user.type(screen.getByLabelText('Email'), 'ada@example.com');
    await user.click(screen.getByRole('button', { name: 'Register customer' }));
    await waitFor(() => {
      expect(registerForm().getByRole('status')).toHaveTextContent('Registered Ada Lovelace.');
    });
    expect(desk.store.head).toBe(1);

    await user.type(screen.getByLabelText('Name'), 'Augusta King');
    await user.type(screen.getByLabelText('Shipping address'), 'Ockham Park');
    // Enter in a field submits the form.
    await user.type(screen.getByLabelText('Email'), 'ADA@Example.com{enter}');

    await waitFor(() => {
      expect(registerForm().getByRole('alert')).toHaveTextContent(
        'Another customer already uses the email ADA@Example.com.',
      );
    });
    expect(screen.getByLabelText('Name')).toHaveValue('Augusta King');
    expect(screen.getByLabelText('Email')).toHaveValue('ADA@Example.com');
    expect(screen.getByLabelText('Email')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Shipping address')).toHaveValue('Ockham Park');
    expect(desk.store.head).toBe(1);
    expect(listedNames()).toEqual(['Ada Lovelace']);
    expect(registerForm().getByRole('status')).toBeEmptyDOMElement();
  });

  it('shows the domain’s message for an invalid email, not the browser’s', async () => {
    const user = userEvent.setup();
    const { desk } = await renderApp('/customers');

    await user.type(screen.getByLabelText('Name'), 'Ada');
    await user.type(screen.getByLabelText('Email'), 'not-an-email{enter}');

    await waitFor(() => {
      expect(registerForm().getByRole('alert')).toHaveTextContent(
        'The email “not-an-email” is not an email address such as name@example.com.',
      );
    });
    expect(desk.store.head).toBe(0);
  });

  it('filters by name or email, ignoring case', async () => {
    const user = userEvent.setup();
    const desk = await createTestDesk();
    await register(desk, 'c-1', 'Alice Martin', 'alice@shop.test');
    await register(desk, 'c-2', 'Bob Stone', 'bob@ALICE-corp.test');
    await register(desk, 'c-3', 'Carla Diaz', 'carla@shop.test');
    await renderApp('/customers', desk);

    const search = await screen.findByRole('searchbox', { name: 'Search customers' });
    expect(listedNames()).toEqual(['Alice Martin', 'Bob Stone', 'Carla Diaz']);

    await user.type(search, 'ALICE');
    expect(listedNames()).toEqual(['Alice Martin', 'Bob Stone']);

    await user.clear(search);
    await user.type(search, 'carla@');
    expect(listedNames()).toEqual(['Carla Diaz']);

    await user.clear(search);
    await user.type(search, 'zoe');
    expect(await screen.findByText('No customer matches “zoe”.')).toBeInTheDocument();
    expect(screen.queryByRole('table', { name: 'Customers' })).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Clear search' }));
    expect(search).toHaveValue('');
    expect(listedNames()).toHaveLength(3);
  });

  it('sorts by a column header, toggling the direction, with aria-sort on the header', async () => {
    const user = userEvent.setup();
    const desk = await createTestDesk();
    await register(desk, 'c-1', 'Alice', 'alice@shop.test');
    await register(desk, 'c-2', 'Bob', 'bob@shop.test');
    await register(desk, 'c-3', 'Carla', 'carla@shop.test');
    await register(desk, 'c-4', 'Dan', 'dan@shop.test');
    await paidOrder(desk, 'o-1', 'c-1', 1500);
    await paidOrder(desk, 'o-2', 'c-2', 9900);
    await paidOrder(desk, 'o-3', 'c-3', 120);
    await paidOrder(desk, 'o-4', 'c-3', 4000);
    await renderApp('/customers', desk);

    const table = await screen.findByRole('table', { name: 'Customers' });
    const header = (name: string) => within(table).getByRole('columnheader', { name });
    expect(header('Name')).toHaveAttribute('aria-sort', 'ascending');
    expect(header('Lifetime value')).not.toHaveAttribute('aria-sort');

    await user.click(within(table).getByRole('button', { name: 'Lifetime value' }));
    expect(listedNames()).toEqual(['Bob', 'Carla', 'Alice', 'Dan']);
    expect(header('Lifetime value')).toHaveAttribute('aria-sort', 'descending');
    expect(header('Name')).not.toHaveAttribute('aria-sort');
    const bob = within(table).getAllByRole('row')[1];
    expect(bob).toHaveTextContent('€99.00');

    await user.click(within(table).getByRole('button', { name: 'Lifetime value' }));
    expect(listedNames()).toEqual(['Dan', 'Alice', 'Carla', 'Bob']);
    expect(header('Lifetime value')).toHaveAttribute('aria-sort', 'ascending');

    await user.click(within(table).getByRole('button', { name: 'Orders' }));
    expect(listedNames()).toEqual(['Carla', 'Alice', 'Bob', 'Dan']);
  });

  it('keeps the search and sort in the URL: a shared link opens the list as it was', async () => {
    const user = userEvent.setup();
    const desk = await createTestDesk();
    await register(desk, 'c-1', 'Alice', 'alice@shop.test');
    await register(desk, 'c-2', 'Bob', 'bob@alice.test');
    await register(desk, 'c-3', 'Carla', 'carla@shop.test');
    await paidOrder(desk, 'o-1', 'c-1', 1500);
    await paidOrder(desk, 'o-2', 'c-2', 9900);
    const { router } = await renderApp('/customers?q=alice&sort=value&dir=desc', desk);

    const table = await screen.findByRole('table', { name: 'Customers' });
    expect(screen.getByRole('searchbox', { name: 'Search customers' })).toHaveValue('alice');
    expect(within(table).getByRole('columnheader', { name: 'Lifetime value' })).toHaveAttribute(
      'aria-sort',
      'descending',
    );
    expect(listedNames()).toEqual(['Bob', 'Alice']);

    await user.click(within(table).getByRole('button', { name: 'Name' }));
    expect(new URLSearchParams(router.state.location.search).get('sort')).toBeNull();
    expect(listedNames()).toEqual(['Alice', 'Bob']);
    await router.navigate(-1);
    await waitFor(() => {
      expect(listedNames()).toEqual(['Bob', 'Alice']);
    });
  });

  it('downloads the customers as searched and sorted, quoting and guarding their fields', async () => {
    const downloads = captureDownloads();
    const user = userEvent.setup();
    const desk = await createTestDesk();
    await register(desk, 'c-1', 'Alice, "Al"', 'alice@shop.test');
    await register(desk, 'c-2', '=HYPERLINK("x")', 'eve@shop.test');
    await register(desk, 'c-3', 'Carla', 'carla@else.test');
    await paidOrder(desk, 'o-1', 'c-1', 1500);
    await renderApp('/customers?q=shop', desk);

    await user.click(await screen.findByRole('button', { name: 'Download CSV' }));
    await waitFor(() => {
      expect(downloads).toHaveLength(1);
    });
    expect(downloads[0]?.filename).toMatch(/^customers-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = await csvLines(downloads[0]?.blob ?? new Blob());
    expect(lines[0]).toBe(
      'Customer id,Name,Email,Shipping address,Registered at,Orders,Currency,Paid,Refunded,Lifetime value,Last order at',
    );
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^c-2,"'=HYPERLINK\(""x""\)",eve@shop\.test,,/);
    expect(lines[2]).toMatch(
      /^c-1,"Alice, ""Al""",alice@shop\.test,,.*,1,EUR,15\.00,0\.00,15\.00,/,
    );
    expect(screen.getByText(/^Downloaded customers-.*\.csv: 2 customers\.$/)).toBeInTheDocument();
  });

  it('renders one page of rows at a time', async () => {
    const user = userEvent.setup();
    const desk = await createTestDesk();
    const total = await givenManyCustomers(desk);
    await renderApp('/customers', desk);

    await screen.findByRole('table', { name: 'Customers' });
    // The first render shows a screenful; the rest of the page follows at once.
    await waitFor(() => {
      expect(listedNames()).toHaveLength(CUSTOMER_PAGE_SIZE);
    });
    expect(
      screen.getByText(`Showing ${CUSTOMER_PAGE_SIZE} of ${total} customers.`),
    ).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Show more' }));
    expect(listedNames()).toHaveLength(total);
    expect(screen.queryByRole('button', { name: 'Show more' })).not.toBeInTheDocument();
  });

  it('shows new rows down to the window’s bottom first, and the rest of the page a render later', async () => {
    const desk = await createTestDesk();
    await givenManyCustomers(desk);
    // Layout as a browser's: the body's rows 40 px high from 100 px down, in a 768 px window.
    const rowTop = 100;
    const rowHeight = 40;
    vi.spyOn(Element.prototype, 'getBoundingClientRect').mockImplementation(function (
      this: Element,
    ) {
      if (!(this instanceof HTMLTableRowElement) || this.parentElement?.tagName !== 'TBODY')
        return new DOMRect();
      const top = rowTop + this.sectionRowIndex * rowHeight;
      return DOMRect.fromRect({ x: 0, y: top, width: 800, height: rowHeight });
    });
    const inWindow = Math.ceil((window.innerHeight - rowTop) / rowHeight);
    expect(inWindow).toBeLessThan(CUSTOMER_PAGE_SIZE);

    // The customer rows and the spacer's height at each commit of the page.
    const commits: { rows: number; spacer: string | undefined }[] = [];
    render(
      <DeskProvider desk={desk}>
        <MemoryRouter initialEntries={['/customers']}>
          <MomentLinksProvider>
            <Profiler
              id="customers"
              onRender={() => {
                const body = document.querySelector('table[aria-label="Customers"] tbody');
                commits.push({
                  rows: body?.querySelectorAll('tr:not(.spacer-row)').length ?? 0,
                  spacer: body?.querySelector<HTMLElement>('.spacer-row td')?.style.height,
                });
              }}
            >
              <CustomersPage />
            </Profiler>
          </MomentLinksProvider>
        </MemoryRouter>
      </DeskProvider>,
    );
    await waitFor(() => {
      expect(listedNames()).toHaveLength(CUSTOMER_PAGE_SIZE);
    });
    // Before layout has measured a row, they all come in the deferred render.
    expect(commits[0]).toEqual({ rows: 0, spacer: undefined });
    // A browser measures them when the body resizes; here, where there is no ResizeObserver, on
    // scrolling.
    fireEvent.scroll(window);

    // All new rows at the top, as at another moment: a page of customers named before the
    // others comes in. (A sort, a navigation, renders in a transition, where nothing is deferred.)
    commits.length = 0;
    await givenManyCustomers(desk, 'Aaron');
    await waitFor(() => {
      expect(listedNames()[0]).toBe('Aaron 001');
    });
    const first = commits.findIndex((commit) => commit.rows !== CUSTOMER_PAGE_SIZE);
    expect(commits[first]).toEqual({
      rows: inWindow,
      spacer: `${String((CUSTOMER_PAGE_SIZE - inWindow) * rowHeight)}px`,
    });
    await waitFor(() => {
      expect(commits.at(-1)).toEqual({ rows: CUSTOMER_PAGE_SIZE, spacer: undefined });
    });
  });
});
