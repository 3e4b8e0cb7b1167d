import { useTouchedStream } from '../timeline/useTouchedStream';
import {
  memo,
  useDeferredValue,
  useEffect,
  useMemo,
  useRef,
  useState,
  type RefObject,
} from 'react';
import { usePastMoment, useView } from '../../ui/desk-context';
import { useDocumentTitle } from '../../ui/useDocumentTitle';
import { formatCount } from '../../lib/format';
import { DownloadCsv } from '../../ui/lists/DownloadCsv';
import { SearchField } from '../../ui/lists/SearchField';
import { SpacerRow } from '../../ui/lists/SpacerRow';
import { useNarrowScreen } from '../../ui/lists/useNarrowScreen';
import { useUrlText } from '../../ui/lists/urlState';
import { MomentLink } from '../timeline/MomentLink';
import type { CustomerSortKey, CustomerView } from '../../projections';
import { CUSTOMER_SEARCH_PARAM, useCustomerSort } from './customerFilters';
import { customerCsv } from './customersCsv';
import { Email, LifetimeValue, ShowMore, Time, usePaged } from './display';
import { RegisterCustomerForm } from './RegisterCustomerForm';
import './customers.css';

/**
 * Rows rendered at first and added per `Show more`: about three screens. Every moment on the
 * timeline renders them again; with 100, a slider move over 38,000 customers took ~45 ms (p95).
 */
export const CUSTOMER_PAGE_SIZE = 50;

const columns: readonly {
  key: CustomerSortKey;
  label: string;
  numeric?: boolean;
  /** Folded into the name cell on a phone. */
  foldable?: boolean;
}[] = [
  { key: 'name', label: 'Name' },
  { key: 'email', label: 'Email', foldable: true },
  { key: 'orders', label: 'Orders', numeric: true },
  { key: 'lifetimeValue', label: 'Lifetime value', numeric: true },
  { key: 'lastOrder', label: 'Last order', foldable: true },
];

const narrowColumns = columns.filter((column) => column.foldable !== true);

export function CustomersPage() {
  useDocumentTitle('Customers');
  const nameRef = useRef<HTMLInputElement>(null);
  const customers = useView().customers;

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Customers</h1>
          <p className="muted page-subtitle">
            {customers.count === 1 ? '1 customer' : `${formatCount(customers.count)} customers`}
          </p>
        </div>
        <button
          type="button"
          className="button"
          onClick={() => {
            nameRef.current?.focus();
          }}
        >
          New customer
        </button>
      </div>
      <div className="stack">
        <CustomerList />
        <RegisterCustomerForm nameRef={nameRef} />
      </div>
    </>
  );
}

function CustomerList() {
  const touched = useTouchedStream();
  const customers = useView().customers;
  const past = usePastMoment();
  const [search, setSearch] = useUrlText(CUSTOMER_SEARCH_PARAM);
  const [{ key: sortKey, direction: sortDirection }, sortBy] = useCustomerSort();
  const narrow = useNarrowScreen();
  const shownColumns = narrow ? narrowColumns : columns;

  // Typing stays responsive with thousands of customers: the list follows a beat behind.
  const query = useDeferredValue(search);
  const { count, showMore } = usePaged(CUSTOMER_PAGE_SIZE, query);
  const { customers: shown, matching } = useMemo(
    () => customers.first({ key: sortKey, direction: sortDirection, search: query, limit: count }),
    [customers, sortKey, sortDirection, query, count],
  );

  if (customers.count === 0)
    return (
      <div className="empty-state">
        <p>No customers yet — register the first one below.</p>
      </div>
    );

  return (
    <section className="customer-list" aria-label="Customer list">
      <div className="list-toolbar">
        <div role="search" aria-label="Customers" className="list-search">
          <SearchField
            label="Search customers"
            placeholder="Name or email"
            value={search}
            onChange={setSearch}
          />
        </div>
        {matching > 0 && (
          <DownloadCsv
            noun="customers"
            count={matching}
            build={(options) =>
              customerCsv(
                customers.rows({ key: sortKey, direction: sortDirection, search: query }),
                past?.position ?? null,
                options,
              )
            }
          />
        )}
      </div>
      {matching === 0 ? (
        <div className="empty-state">
          <p>No customer matches “{query.trim()}”.</p>
          <button
            type="button"
            className="button"
            onClick={() => {
              setSearch('');
            }}
          >
            Clear search
          </button>
        </div>
      ) : (
        <>
          <div className="table-wrap">
            <table className="data-table customers-table fold-table" aria-label="Customers">
              <thead>
                <tr>
                  {shownColumns.map((column) => (
                    <th
                      key={column.key}
                      scope="col"
                      className={column.numeric ? 'num' : undefined}
                      aria-sort={sortKey === column.key ? sortDirection : undefined}
                    >
                      <button
                        type="button"
                        className="sort-button"
                        onClick={() => {
                          sortBy(column.key);
                        }}
                      >
                        {column.label}
                        <span className="sort-indicator" aria-hidden="true">
                          {sortKey !== column.key ? '↕' : sortDirection === 'ascending' ? '↑' : '↓'}
                        </span>
                      </button>
                    </th>
                  ))}
                </tr>
              </thead>
              <CustomerRows customers={shown} touched={touched} narrow={narrow} />
            </table>
          </div>
          <ShowMore shown={shown.length} total={matching} noun="customers" onShowMore={showMore} />
        </>
      )}
    </section>
  );
}

/** How many rows, from the top of a table's body, reach the bottom of the window, and their height. */
interface RowsToWindowBottom {
  readonly rows: number;
  /** Their average height in whole pixels. */
  readonly rowHeight: number;
}

/**
 * The rows of `body` down to the bottom of the window, measured when its size changes (after
 * layout) and on scrolling, never in a render, where reading layout would force it. Null until
 * measured, and where layout measures nothing (a test's DOM).
 */
function useRowsToWindowBottom(
  body: RefObject<HTMLTableSectionElement | null>,
): RowsToWindowBottom | null {
  const [measured, setMeasured] = useState<RowsToWindowBottom | null>(null);
  useEffect(() => {
    const element = body.current;
    if (!element) return;
    const measure = () => {
      const rows = element.querySelectorAll('tr:not(.spacer-row)');
      const first = rows[0];
      const last = rows[rows.length - 1];
      if (!first || !last) return;
      const top = first.getBoundingClientRect().top;
      const rowHeight = Math.round((last.getBoundingClientRect().bottom - top) / rows.length);
      if (rowHeight <= 0) return;
      const next = Math.max(0, Math.ceil((window.innerHeight - top) / rowHeight));
      setMeasured((current) =>
        current?.rows === next && current.rowHeight === rowHeight
          ? current
          : { rows: next, rowHeight },
      );
    };
    window.addEventListener('scroll', measure, { passive: true });
    window.addEventListener('resize', measure);
    const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(measure) : null;
    if (observer) observer.observe(element);
    else measure();
    return () => {
      window.removeEventListener('scroll', measure);
      window.removeEventListener('resize', measure);
      observer?.disconnect();
    };
  }, [body]);
  return measured;
}

/**
 * The table's rows. New rows (a moment on the timeline, another sort) come in two renders: the
 * rows down to the bottom of the window at once, above a spacer that keeps the table's height;
 * the rest of the page in a deferred render right after. The frame that shows a moment then lays
 * out and paints what is seen, not three screens. Before layout has measured a row (the list's
 * first render, also when a slider move first fills it) every row comes in the deferred render,
 * which yields to the browser between rows.
 */
function CustomerRows({
  customers,
  touched,
  narrow,
}: {
  customers: readonly CustomerView[];
  /** The stream changed by the event at the timeline's cursor. */
  touched: string | null;
  /** A phone's screen: see `CustomerTableRow`. */
  narrow: boolean;
}) {
  const body = useRef<HTMLTableSectionElement>(null);
  const inWindow = useRowsToWindowBottom(body);
  const settled = useDeferredValue<readonly CustomerView[] | null>(customers, null) === customers;
  const rows = settled ? customers : customers.slice(0, inWindow?.rows ?? 0);
  const left = customers.length - rows.length;
  return (
    <tbody ref={body}>
      {rows.map((customer) => (
        <CustomerTableRow
          key={customer.customerId}
          customer={customer}
          touched={touched === `customer-${customer.customerId}`}
          narrow={narrow}
        />
      ))}
      <SpacerRow
        height={inWindow === null ? 0 : left * inWindow.rowHeight}
        span={narrow ? narrowColumns.length : columns.length}
      />
    </tbody>
  );
}

/**
 * One row. Views are replaced when they change, so an unchanged customer skips rendering as the
 * timeline moves: only its link, which carries the moment, renders again. On a phone the email
 * and last order columns fold into the name cell. Only the cells of the screen are rendered, not
 * both sets hidden by the stylesheet: every moment on the timeline mounts rows. The cells follow
 * `columns`, whose `foldable` ones are those folded here.
 */
const CustomerTableRow = memo(function CustomerTableRow({
  customer,
  touched,
  narrow,
}: {
  customer: CustomerView;
  /** Changed by the event at the timeline's cursor. */
  touched: boolean;
  narrow: boolean;
}) {
  return (
    <tr className={touched ? 'is-touched' : undefined} data-touched={touched || undefined}>
      <td>
        <MomentLink to={`/customers/${encodeURIComponent(customer.customerId)}`}>
          {customer.name}
        </MomentLink>
        {narrow && (
          <span className="cell-detail">
            <Email address={customer.email} />
          </span>
        )}
        {narrow && customer.lastOrderAt !== undefined && (
          <span className="cell-detail">
            Last order <Time iso={customer.lastOrderAt} />
          </span>
        )}
      </td>
      {!narrow && (
        <td>
          <Email address={customer.email} />
        </td>
      )}
      <td className="num">{formatCount(customer.orderCount)}</td>
      <td className="num">
        <LifetimeValue value={customer.lifetimeValue} />
      </td>
      {!narrow && (
        <td>
          <Time iso={customer.lastOrderAt} />
        </td>
      )}
    </tr>
  );
});
