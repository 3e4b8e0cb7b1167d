import type { CustomerView, RowSource } from '../../projections';
import { majorUnits } from '../../lib/format';
import { buildCsv, type CsvField } from '../../lib/csv';
import type { CsvBuildOptions, CsvFile } from '../../ui/lists/DownloadCsv';
import { csvFilename } from '../../ui/lists/csvFilename';

export const customerCsvHeader = [
  'Customer id',
  'Name',
  'Email',
  'Shipping address',
  'Registered at',
  'Orders',
  'Currency',
  'Paid',
  'Refunded',
  'Lifetime value',
  'Last order at',
] as const;

/**
 * One customer's fields. Amounts in major units of their currency: a plain number for the usual
 * customer of one currency; one amount per currency, in the order of the Currency column
 * ("EUR; USD"), for the rare customer of several.
 */
export function customerCsvFields(customer: CustomerView): CsvField[] {
  const currencies = Object.keys(customer.lifetimeValue).sort();
  const amounts = (amountIn: Readonly<Record<string, number>>) =>
    currencies.map((currency) => majorUnits(amountIn[currency] ?? 0, currency)).join('; ');
  return [
    customer.customerId,
    customer.name,
    customer.email,
    customer.shippingAddress ?? '',
    customer.registeredAt,
    customer.orderCount,
    currencies.join('; '),
    amounts(customer.paid),
    amounts(customer.refunded),
    amounts(customer.lifetimeValue),
    customer.lastOrderAt ?? '',
  ];
}

/**
 * The customers of `rows` (the list as searched and sorted, at a moment) as a CSV file;
 * `pastPosition` is the moment's position in the past, null for the present.
 */
export async function customerCsv(
  rows: RowSource<CustomerView>,
  pastPosition: number | null,
  options: CsvBuildOptions,
): Promise<CsvFile | null> {
  const blob = await buildCsv({
    header: customerCsvHeader,
    count: rows.count,
    row: (index) => {
      const customer = rows.at(index);
      return customer === undefined ? [] : customerCsvFields(customer);
    },
    ...options,
  });
  return blob === null ? null : { blob, filename: csvFilename('customers', pastPosition) };
}
