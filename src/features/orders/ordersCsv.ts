import type { CustomerContact, DeskView, OrderView, RowSource } from '../../projections';
import { majorUnits } from '../../lib/format';
import { buildCsv, type CsvField } from '../../lib/csv';
import type { CsvBuildOptions, CsvFile } from '../../ui/lists/DownloadCsv';
import { csvFilename } from '../../ui/lists/csvFilename';

/** The columns of the orders file: everything a spreadsheet of orders needs, one order a row. */
export const orderCsvHeader = [
  'Order number',
  'Order id',
  'Status',
  'Placed at',
  'Customer id',
  'Customer name',
  'Customer email',
  'Currency',
  'Total',
  'Items',
  'Lines',
  'Paid at',
  'Payment method',
  'Shipped at',
  'Carrier',
  'Tracking number',
  'Delivered at',
  'Cancelled at',
  'Cancellation reason',
  'Refunded at',
  'Refunded amount',
  'Last change at',
] as const;

/**
 * One order's fields: amounts in major units of its currency (its own column), times as
 * recorded (ISO 8601, UTC), payment methods as the event catalog names them.
 */
export function orderCsvFields(order: OrderView, contact: CustomerContact | undefined): CsvField[] {
  const { payment, shipment, cancellation, refund, currency } = order;
  return [
    order.number,
    order.orderId,
    order.status,
    order.placedAt,
    order.customerId,
    order.customerName,
    contact?.email ?? '',
    currency,
    majorUnits(order.total, currency),
    order.itemCount,
    order.lines.map((line) => `${line.quantity} × ${line.name}`).join('; '),
    payment?.at ?? '',
    payment?.method ?? '',
    shipment?.at ?? '',
    shipment?.carrier ?? '',
    shipment?.trackingNumber ?? '',
    order.deliveredAt ?? '',
    cancellation?.at ?? '',
    cancellation?.reason ?? '',
    refund?.at ?? '',
    refund === undefined ? '' : majorUnits(refund.amount, currency),
    order.lastChangeAt,
  ];
}

/**
 * The orders of `rows` (a list as filtered, at the moment of `view`) as a CSV file;
 * `pastPosition` is the moment's position in the past, null for the present.
 */
export async function orderCsv(
  view: DeskView,
  rows: RowSource<OrderView>,
  pastPosition: number | null,
  options: CsvBuildOptions,
): Promise<CsvFile | null> {
  // A customer's details once per customer, not once per order.
  const contacts = new Map<string, CustomerContact | undefined>();
  const contactOf = (customerId: string) => {
    if (!contacts.has(customerId)) contacts.set(customerId, view.customers.contactOf(customerId));
    return contacts.get(customerId);
  };
  const blob = await buildCsv({
    header: orderCsvHeader,
    count: rows.count,
    row: (index) => {
      const order = rows.at(index);
      return order === undefined ? [] : orderCsvFields(order, contactOf(order.customerId));
    },
    ...options,
  });
  return blob === null ? null : { blob, filename: csvFilename('orders', pastPosition) };
}
