import { memo, useDeferredValue, useEffect, useRef, type ReactNode } from 'react';
import type { OrderSortKey, OrderView, RowSource, SortDirection } from '../../projections';
import { formatClock, formatDate, formatTime, money } from '../../lib/format';
import { SpacerRow } from '../../ui/lists/SpacerRow';
import { useNarrowScreen } from '../../ui/lists/useNarrowScreen';
import { useRememberedScroll } from '../../ui/lists/useRememberedScroll';
import { useRowWindow } from '../../ui/lists/useRowWindow';
import type { Sort } from '../../ui/lists/urlState';
import { MomentLink } from '../timeline/MomentLink';
import { useTouchedStream } from '../timeline/useTouchedStream';
import { StatusBadge } from './StatusBadge';

/** Every row has this height (CSS keeps it), so rows are never measured. */
export const ROW_HEIGHT = 44;
/** On a phone, where a row is one cell of three lines. */
export const NARROW_ROW_HEIGHT = 88;

function SortHeader({
  sortKey,
  label,
  className,
  sort,
  onSort,
}: {
  sortKey: OrderSortKey;
  label: string;
  className?: string;
  sort: Sort<OrderSortKey>;
  onSort: (key: OrderSortKey) => void;
}) {
  const active = sort.key === sortKey;
  const arrow: Record<SortDirection, string> = { ascending: '↑', descending: '↓' };
  return (
    <th scope="col" className={className} aria-sort={active ? sort.direction : undefined}>
      <button
        type="button"
        className="sort-button"
        onClick={() => {
          onSort(sortKey);
        }}
      >
        {label}
        <span aria-hidden="true" className={active ? 'sort-arrow active' : 'sort-arrow'}>
          {active ? arrow[sort.direction] : '↕'}
        </span>
      </button>
    </th>
  );
}

/** The order's link: its human number and its id, e.g. "#1001 o-1a2b3c4d". */
export function OrderLink({ order }: { order: OrderView }) {
  return (
    <MomentLink to={`/orders/${encodeURIComponent(order.orderId)}`} className="order-link">
      <span className="order-number">#{order.number}</span>{' '}
      <span className="order-id">{order.orderId}</span>
    </MomentLink>
  );
}

/**
 * A time as the day over the hour: two narrow lines leave the customer's name the room that one
 * wide line took.
 */
function DayOverHour({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} className="day-over-hour">
      <span>{formatDate(iso)}</span> <span className="muted">{formatClock(iso)}</span>
    </time>
  );
}

type ColumnId = 'id' | 'customer' | 'status' | 'items' | 'total' | 'placed' | 'changed';

interface Column {
  readonly id: ColumnId;
  readonly label: string;
  readonly numeric?: boolean;
  readonly sortKey?: OrderSortKey;
  readonly cell: (order: OrderView) => ReactNode;
}

const columns: readonly Column[] = [
  { id: 'id', label: 'Order', cell: (order) => <OrderLink order={order} /> },
  { id: 'customer', label: 'Customer', sortKey: 'customer', cell: (order) => order.customerName },
  {
    id: 'status',
    label: 'Status',
    sortKey: 'status',
    cell: (order) => <StatusBadge status={order.status} />,
  },
  { id: 'items', label: 'Items', numeric: true, cell: (order) => order.itemCount },
  {
    id: 'total',
    label: 'Total',
    numeric: true,
    sortKey: 'total',
    cell: (order) => money(order.total, order.currency),
  },
  {
    id: 'placed',
    label: 'Placed at',
    sortKey: 'placedAt',
    cell: (order) => <DayOverHour iso={order.placedAt} />,
  },
  {
    id: 'changed',
    label: 'Last change',
    cell: (order) => <DayOverHour iso={order.lastChangeAt} />,
  },
];

/**
 * On a phone, one cell holds what a row shows: number and id, total; customer, status; the time
 * it was placed (the order page has the rest). No sideways scrolling; the list's `Sort by`
 * chooses the order.
 */
const foldedColumn: Column = {
  id: 'id',
  label: 'Order',
  cell: (order) => (
    <div className="order-fold">
      <span className="order-fold-line">
        <OrderLink order={order} />
        <span className="order-fold-total">{money(order.total, order.currency)}</span>
      </span>
      <span className="order-fold-line">
        <span className="order-fold-customer">{order.customerName}</span>
        <StatusBadge status={order.status} />
      </span>
      <span className="order-fold-line muted">
        <span>
          Placed <time dateTime={order.placedAt}>{formatTime(order.placedAt)}</time>
        </span>
      </span>
    </div>
  ),
};

const narrowColumns: readonly Column[] = [foldedColumn];

const columnClass = (column: Column): string =>
  column.numeric ? `col-${column.id} num` : `col-${column.id}`;

const OrderRow = memo(function OrderRow({
  order,
  index,
  shown,
  touched,
}: {
  order: OrderView;
  index: number;
  shown: readonly Column[];
  /** Changed by the event at the timeline's cursor. */
  touched: boolean;
}) {
  return (
    <tr
      className={touched ? 'order-row is-touched' : 'order-row'}
      aria-rowindex={index + 2}
      data-touched={touched || undefined}
    >
      {shown.map((column) => (
        <td
          key={column.id}
          className={columnClass(column)}
          title={column.id === 'customer' ? order.customerName : undefined}
        >
          {column.cell(order)}
        </td>
      ))}
    </tr>
  );
});

/**
 * The orders as a real table whose body renders only the rows in view (plus a few), between
 * two spacer rows; aria-rowcount and aria-rowindex tell assistive technology the full size.
 */
export function OrdersTable({
  rows,
  resetKey,
  sort,
  onSort,
}: {
  rows: RowSource<OrderView>;
  /** When it changes (another filter or sort), the list starts again from the top. */
  resetKey: string;
  sort: Sort<OrderSortKey>;
  onSort: (key: OrderSortKey) => void;
}) {
  const touched = useTouchedStream();
  const scrollRef = useRef<HTMLDivElement>(null);
  useRememberedScroll(scrollRef);
  const shownKey = useRef(resetKey);
  useEffect(() => {
    // Not on mounting, where the list is at the top already: setting scrollTop forces a layout
    // in the task that mounts the table (on the timeline, a slider move that first fills it).
    if (shownKey.current === resetKey) return;
    shownKey.current = resetKey;
    if (scrollRef.current) scrollRef.current.scrollTop = 0;
  }, [resetKey]);
  const narrow = useNarrowScreen();
  const shown = narrow ? narrowColumns : columns;
  const rowHeight = narrow ? NARROW_ROW_HEIGHT : ROW_HEIGHT;
  // New rows (a timeline move, a new filter) come in view alone; the rows around them follow in
  // a deferred render, so the frame that shows a moment lays out a screenful, not three. The
  // table's first render (also when a slider move first fills it) has none: they all come in the
  // deferred render, which yields to the browser between rows.
  const deferredRows = useDeferredValue<RowSource<OrderView> | null>(rows, null);
  const rowWindow = useRowWindow({
    count: rows.count,
    rowHeight,
    overscan: deferredRows === rows ? 12 : 0,
    scrollRef,
  });
  const first = rowWindow.first;
  const end = deferredRows === null ? first : rowWindow.end;
  const inView: ReactNode[] = [];
  for (let index = first; index < end; index++) {
    const order = rows.at(index);
    if (order)
      inView.push(
        <OrderRow
          key={order.orderId}
          order={order}
          index={index}
          shown={shown}
          touched={touched === `order-${order.orderId}`}
        />,
      );
  }

  return (
    <div
      ref={scrollRef}
      className="orders-scroll"
      role="region"
      aria-label="Orders list"
      tabIndex={0}
    >
      <table
        className={
          narrow ? 'data-table orders-table orders-table-folded' : 'data-table orders-table'
        }
        aria-label="Orders"
        aria-rowcount={rows.count + 1}
      >
        <colgroup>
          {shown.map((column) => (
            <col key={column.id} className={`col-${column.id}`} />
          ))}
        </colgroup>
        <thead>
          <tr aria-rowindex={1}>
            {shown.map((column) =>
              column.sortKey ? (
                <SortHeader
                  key={column.id}
                  sortKey={column.sortKey}
                  label={column.label}
                  className={columnClass(column)}
                  sort={sort}
                  onSort={onSort}
                />
              ) : (
                <th key={column.id} scope="col" className={columnClass(column)}>
                  {column.label}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>
          <SpacerRow height={first * rowHeight} span={shown.length} />
          {inView}
          <SpacerRow height={(rows.count - end) * rowHeight} span={shown.length} />
        </tbody>
      </table>
    </div>
  );
}
