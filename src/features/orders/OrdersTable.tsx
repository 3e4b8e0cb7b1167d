import { SpacerRow } from '../lists/SpacerRow';
import { useRowWindow } from '../lists/useRowWindow';
import { useTouchedStream } from '../timeline/useTouchedStream';
import { memo, useDeferredValue, useEffect, useRef, type ReactNode } from 'react';
import type { OrderView, RowSource } from '../../projections';
import { formatTime, money } from '../../lib/format';
import { MomentLink } from '../timeline/MomentLink';
import type { SortDirection, SortKey } from './ordersUi';
import { useSortDirection, useSortKey, useToggleSort } from './ordersUi';
import { StatusBadge } from './StatusBadge';
import { useNarrowScreen } from '../lists/useNarrowScreen';

/** Every row has this height (CSS keeps it), so rows are never measured. */
export const ROW_HEIGHT = 44;

function SortHeader({
  sortKey,
  label,
  className,
}: {
  sortKey: SortKey;
  label: string;
  className?: string;
}) {
  const activeKey = useSortKey();
  const direction = useSortDirection();
  const toggle = useToggleSort();
  const active = activeKey === sortKey;
  const arrow: Record<SortDirection, string> = { ascending: '↑', descending: '↓' };
  return (
    <th scope="col" className={className} aria-sort={active ? direction : undefined}>
      <button
        type="button"
        className="sort-button"
        onClick={() => {
          toggle(sortKey);
        }}
      >
        {label}
        <span aria-hidden="true" className={active ? 'sort-arrow active' : 'sort-arrow'}>
          {active ? arrow[direction] : '↕'}
        </span>
      </button>
    </th>
  );
}

type ColumnId = 'id' | 'customer' | 'status' | 'items' | 'total' | 'placed' | 'changed';

interface Column {
  readonly id: ColumnId;
  readonly label: string;
  readonly numeric?: boolean;
  readonly sortKey?: SortKey;
  /** Left out on phone-narrow screens (the order page has everything). */
  readonly wide?: boolean;
  readonly cell: (order: OrderView) => ReactNode;
}

const columns: readonly Column[] = [
  {
    id: 'id',
    label: 'Order',
    cell: (order) => <MomentLink to={`/orders/${order.orderId}`}>{order.orderId}</MomentLink>,
  },
  { id: 'customer', label: 'Customer', cell: (order) => order.customerName },
  { id: 'status', label: 'Status', cell: (order) => <StatusBadge status={order.status} /> },
  { id: 'items', label: 'Items', numeric: true, wide: true, cell: (order) => order.itemCount },
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
    cell: (order) => <time dateTime={order.placedAt}>{formatTime(order.placedAt)}</time>,
  },
  {
    id: 'changed',
    label: 'Last change',
    wide: true,
    cell: (order) => <time dateTime={order.lastChangeAt}>{formatTime(order.lastChangeAt)}</time>,
  },
];

const narrowColumns = columns.filter((column) => !column.wide);

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
}: {
  rows: RowSource<OrderView>;
  /** When it changes (another filter or sort), the list starts again from the top. */
  resetKey: string;
}) {
  const touched = useTouchedStream();
  const scrollRef = useRef<HTMLDivElement>(null);
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
  // New rows (a timeline move, a new filter) come in view alone; the rows around them follow in
  // a deferred render, so the frame that shows a moment lays out a screenful, not three. The
  // table's first render (also when a slider move first fills it) has none: they all come in the
  // deferred render, which yields to the browser between rows.
  const deferredRows = useDeferredValue<RowSource<OrderView> | null>(rows, null);
  const rowWindow = useRowWindow({
    count: rows.count,
    rowHeight: ROW_HEIGHT,
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
      <table className="data-table orders-table" aria-label="Orders" aria-rowcount={rows.count + 1}>
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
          <SpacerRow height={first * ROW_HEIGHT} span={shown.length} />
          {inView}
          <SpacerRow height={(rows.count - end) * ROW_HEIGHT} span={shown.length} />
        </tbody>
      </table>
    </div>
  );
}
