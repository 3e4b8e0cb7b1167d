import { useDeferredValue, useId, useMemo, useState } from 'react';
import { useDeskStatus, usePastMoment, usePresent, useView } from '../../app/desk-context';
import { hasFormDraft } from '../../app/form-drafts';
import { useDocumentTitle } from '../../app/useDocumentTitle';
import { orderStatuses } from '../../domain/order';
import { formatCount } from '../../lib/format';
import { SearchField } from '../lists/SearchField';
import { useLiveUnlessPlaying } from '../timeline/timelineUi';
import { NewOrderForm, PLACE_ORDER_FORM } from './NewOrderForm';
import {
  useOrderSearch,
  useOrdersUi,
  useSetOrderSearch,
  useSetStatusFilter,
  useSortDirection,
  useSortKey,
  useStatusFilter,
  type StatusFilter,
} from './ordersUi';
import { OrdersTable } from './OrdersTable';
import './orders.css';

function OrderFilters() {
  const status = useStatusFilter();
  const search = useOrderSearch();
  const setStatus = useSetStatusFilter();
  const setSearch = useSetOrderSearch();
  const id = useId();
  return (
    <div className="orders-filters" role="search" aria-label="Orders">
      <div className="field">
        <label htmlFor={`${id}-status`}>Status</label>
        <select
          id={`${id}-status`}
          value={status}
          onChange={(event) => {
            setStatus(event.target.value as StatusFilter);
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
        placeholder="Order id or customer name"
        value={search}
        onChange={setSearch}
        className="orders-search"
      />
    </div>
  );
}

function OrdersList() {
  const orders = useView().orders;
  const status = useStatusFilter();
  // Typing stays responsive over 100k orders: the list catches up with the deferred value.
  const search = useDeferredValue(useOrderSearch());
  const sortKey = useSortKey();
  const sortDirection = useSortDirection();
  const reset = useOrdersUi((state) => state.reset);
  const live = useLiveUnlessPlaying();

  const filtered = status !== 'All' || search.trim() !== '';
  // The default view (all orders by placing) reads rows straight from the model, unsorted.
  const rows = useMemo(
    () => orders.rows({ status, search, key: sortKey, direction: sortDirection }),
    [orders, sortKey, sortDirection, status, search],
  );

  return (
    <section className="orders-list" aria-labelledby="orders-list-heading">
      <h2 id="orders-list-heading" className="visually-hidden">
        All orders
      </h2>
      <OrderFilters />
      <p
        className="orders-count muted"
        aria-live={live}
        data-testid="orders-count"
        data-count={rows.count}
      >
        {filtered
          ? `${formatCount(rows.count)} of ${formatCount(orders.count)} orders match`
          : `${formatCount(orders.count)} ${orders.count === 1 ? 'order' : 'orders'}`}
      </p>
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
          <p>Try another status or search, or</p>
          <button type="button" className="button" onClick={reset}>
            Clear filters
          </button>
        </div>
      ) : (
        <OrdersTable rows={rows} resetKey={`${status}|${search}|${sortKey}|${sortDirection}`} />
      )}
    </section>
  );
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
  const past = usePastMoment() !== null;

  return (
    <>
      <div className="page-header">
        <h1>Orders</h1>
        <button
          type="button"
          className={open || past ? 'button' : 'button button-primary'}
          // In the past no order can be placed: the button is off, as the form is.
          disabled={past}
          aria-expanded={open}
          aria-controls="new-order"
          onClick={() => {
            setFormOpen(!open);
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
        <h2 id="new-order-heading">New order</h2>
        {open && <NewOrderForm />}
      </section>
      <OrdersList />
    </>
  );
}
