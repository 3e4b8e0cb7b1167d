import { useDeferredValue, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useDeskStatus, usePastMoment, usePresent, useView } from '../../ui/desk-context';
import { hasFormDraft } from '../../ui/form-drafts';
import { useDocumentTitle } from '../../ui/useDocumentTitle';
import { orderStatuses } from '../../domain/order';
import type { OrderSortKey, SortDirection, StatusFilter } from '../../projections';
import { formatCount } from '../../lib/format';
import { DownloadCsv } from '../../ui/lists/DownloadCsv';
import { SearchField } from '../../ui/lists/SearchField';
import { useNarrowScreen } from '../../ui/lists/useNarrowScreen';
import { useQueryParams, useUrlText } from '../../ui/lists/urlState';
import { useLiveUnlessPlaying } from '../timeline/timelineUi';
import { NewOrderForm, PLACE_ORDER_FORM } from './NewOrderForm';
import { placedRange, SEARCH_PARAM, useOrderFilters, type OrderFilters } from './orderFilters';
import { orderCsv } from './ordersCsv';
import { OrdersTable } from './OrdersTable';
import './orders.css';

/** The sorts a phone offers in a list (its table has no column headers to click). */
const sortChoices: readonly { key: OrderSortKey; direction: SortDirection; label: string }[] = [
  { key: 'placedAt', direction: 'descending', label: 'Newest first' },
  { key: 'placedAt', direction: 'ascending', label: 'Oldest first' },
  { key: 'total', direction: 'descending', label: 'Total, highest first' },
  { key: 'total', direction: 'ascending', label: 'Total, lowest first' },
  { key: 'customer', direction: 'ascending', label: 'Customer, A to Z' },
  { key: 'customer', direction: 'descending', label: 'Customer, Z to A' },
  { key: 'status', direction: 'ascending', label: 'Status, Placed first' },
  { key: 'status', direction: 'descending', label: 'Status, Refunded first' },
];

function OrderFiltersBar({
  filters,
  search,
  onSearch,
  onClear,
  filtering,
}: {
  filters: OrderFilters;
  search: string;
  onSearch: (text: string) => void;
  onClear: () => void;
  filtering: boolean;
}) {
  const id = useId();
  const narrow = useNarrowScreen();
  const { status, sort, from, to } = filters;
  const backwards = from !== '' && to !== '' && from > to;
  return (
    <div className="orders-filters" role="search" aria-label="Orders">
      <div className="field">
        <label htmlFor={`${id}-status`}>Status</label>
        <select
          id={`${id}-status`}
          value={status}
          onChange={(event) => {
            filters.setStatus(event.target.value as StatusFilter);
          }}
        >
          <option value="All">All</option>
          {orderStatuses.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </div>
      <SearchField
        label="Search orders"
        placeholder="Order, customer, product, amount"
        hint="Id or number (#1001), customer name or email, product, tracking number, total (39.80)"
        value={search}
        onChange={onSearch}
        className="orders-search"
      />
      <div className="field orders-date">
        <label htmlFor={`${id}-from`}>Placed from</label>
        <input
          id={`${id}-from`}
          type="date"
          value={from}
          max={to || undefined}
          onChange={(event) => {
            filters.setDates({ from: event.target.value });
          }}
        />
      </div>
      <div className="field orders-date">
        <label htmlFor={`${id}-to`}>Placed to</label>
        <input
          id={`${id}-to`}
          type="date"
          value={to}
          min={from || undefined}
          aria-describedby={backwards ? `${id}-backwards` : undefined}
          onChange={(event) => {
            filters.setDates({ to: event.target.value });
          }}
        />
      </div>
      {narrow && (
        <div className="field">
          <label htmlFor={`${id}-sort`}>Sort by</label>
          <select
            id={`${id}-sort`}
            value={`${sort.key} ${sort.direction}`}
            onChange={(event) => {
              const chosen = sortChoices.find(
                (choice) => `${choice.key} ${choice.direction}` === event.target.value,
              );
              if (chosen) filters.setSort(chosen);
            }}
          >
            {sortChoices.map((choice) => (
              <option key={choice.label} value={`${choice.key} ${choice.direction}`}>
                {choice.label}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="orders-filters-actions">
        <button type="button" className="button" disabled={!filtering} onClick={onClear}>
          Clear filters
        </button>
      </div>
      {backwards && (
        <p id={`${id}-backwards`} className="field-hint orders-filters-note">
          “Placed from” is after “Placed to”: no order was placed in between.
        </p>
      )}
    </div>
  );
}

function OrdersList() {
  const view = useView();
  const past = usePastMoment();
  const orders = view.orders;
  const filters = useOrderFilters();
  const [searchText, setSearchText] = useUrlText(SEARCH_PARAM);
  // Typing stays responsive over 100k orders: the list catches up with the deferred value.
  const search = useDeferredValue(searchText);
  const { status, sort, from, to } = filters;
  const live = useLiveUnlessPlaying();

  const filtering = status !== 'All' || searchText.trim() !== '' || from !== '' || to !== '';
  // The default view (all orders by placing) reads rows straight from the model, unsorted.
  const rows = useMemo(
    () =>
      orders.rows({
        status,
        search,
        key: sort.key,
        direction: sort.direction,
        ...placedRange(from, to),
      }),
    [orders, sort, status, search, from, to],
  );

  return (
    <section className="orders-list" aria-labelledby="orders-list-heading">
      <h2 id="orders-list-heading" className="visually-hidden">
        All orders
      </h2>
      <OrderFiltersBar
        filters={filters}
        search={searchText}
        onSearch={setSearchText}
        onClear={() => {
          // Also what is typed and not in the URL yet.
          setSearchText('');
          filters.clear();
        }}
        filtering={filtering}
      />
      <div className="orders-list-bar">
        <p
          className="orders-count muted"
          aria-live={live}
          data-testid="orders-count"
          data-count={rows.count}
        >
          {filtering
            ? `${formatCount(rows.count)} of ${formatCount(orders.count)} orders match`
            : `${formatCount(orders.count)} ${orders.count === 1 ? 'order' : 'orders'}`}
        </p>
        {rows.count > 0 && (
          <DownloadCsv
            noun="orders"
            count={rows.count}
            build={(options) => orderCsv(view, rows, past?.position ?? null, options)}
          />
        )}
      </div>
      {orders.count === 0 ? (
        <div className="empty-state">
          <p>
            <strong>No orders yet — place the first one</strong>
          </p>
          <p>Choose a customer and products in the New order form.</p>
        </div>
      ) : rows.count === 0 ? (
        <div className="empty-state">
          <p>
            <strong>No order matches</strong>
          </p>
          <p>Try another status, search or dates, or clear the filters.</p>
        </div>
      ) : (
        <OrdersTable
          rows={rows}
          sort={sort}
          onSort={filters.sortBy}
          resetKey={`${status}|${search}|${sort.key}|${sort.direction}|${from}|${to}`}
        />
      )}
    </section>
  );
}

/**
 * `?new=1` opens the new order form, `&customer=c-…` with that customer chosen (the customer
 * page's `New order for this customer`). Taken out of the URL once read: a reload then keeps
 * the form's draft, not a request that would choose the customer again.
 */
function useNewOrderRequest(): { key: string; customerId: string | undefined } | null {
  const [params, change] = useQueryParams();
  const customerId = params.get('customer') ?? undefined;
  const key = params.get('new') === '1' ? `new ${customerId ?? ''}` : null;
  useEffect(() => {
    if (key !== null) change({ new: null, customer: null });
  }, [key, change]);
  return useMemo(() => (key === null ? null : { key, customerId }), [key, customerId]);
}

export function OrdersPage() {
  useDocumentTitle('Orders');
  const { loading } = useDeskStatus();
  // Open by default on an empty desk (the present, whatever moment is on screen) or with a draft
  // kept from before a reload, decided once the log has been read; then the user decides.
  const orderCount = usePresent().orders.count;
  const [formOpen, setFormOpen] = useState<boolean | null>(null);
  if (formOpen === null && loading === null)
    setFormOpen(orderCount === 0 || hasFormDraft(PLACE_ORDER_FORM));
  const open = formOpen === true;
  /** Counts the requests to open the form: each one moves the focus into it. */
  const [focusRequests, setFocusRequests] = useState(0);
  const [preset, setPreset] = useState<string | undefined>(undefined);
  const request = useNewOrderRequest();
  const [handled, setHandled] = useState<string | null>(null);
  if (request !== null && request.key !== handled) {
    setHandled(request.key);
    setFormOpen(true);
    setPreset(request.customerId);
    setFocusRequests((count) => count + 1);
  }
  const newOrderButton = useRef<HTMLButtonElement>(null);
  const past = usePastMoment() !== null;

  return (
    <>
      <div className="page-header">
        <h1>Orders</h1>
        <button
          type="button"
          ref={newOrderButton}
          className={past ? 'button' : 'button button-primary'}
          // In the past no order can be placed: the button is off, as the form is.
          disabled={past}
          aria-expanded={open}
          aria-controls="new-order"
          onClick={() => {
            setFormOpen(true);
            setFocusRequests((count) => count + 1);
          }}
        >
          New order
        </button>
      </div>
      <section
        id="new-order"
        className="panel new-order"
        aria-labelledby="new-order-heading"
        hidden={!open}
      >
        <div className="new-order-header">
          <h2 id="new-order-heading">New order</h2>
          <button
            type="button"
            className="button"
            onClick={() => {
              setFormOpen(false);
              newOrderButton.current?.focus();
            }}
          >
            Close
          </button>
        </div>
        {open && <NewOrderForm customerId={preset} focusRequests={focusRequests} />}
      </section>
      <OrdersList />
    </>
  );
}
