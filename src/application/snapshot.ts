import { DeskModel, type ModelParts } from '../projections/deskModel';
import {
  numberPart,
  partOf,
  stringParts,
  stringsFromParts,
  unpackStrings,
  type Part,
  type PartSource,
} from '../lib/packedStrings';
import type { SnapshotData } from '../store/snapshots';

/** The model's parts under this prefix in a snapshot (the store keeps its own beside them). */
const VIEWS = 'views.';

type Kind = 'ints' | 'floats' | 'bytes' | 'strings';

/** Every part of the model and its kind: one list for both ways, so they cannot disagree. */
const kinds: Readonly<Record<Exclude<keyof ModelParts, 'otherMethods'>, Kind>> = {
  eventType: 'bytes',
  eventEntity: 'ints',
  eventBefore: 'ints',
  eventTime: 'floats',
  eventDetail: 'ints',
  eventStatus: 'bytes',
  orderIds: 'strings',
  orderTable: 'ints',
  orderPlaced: 'ints',
  orderCustomer: 'ints',
  orderCurrency: 'ints',
  orderTotal: 'floats',
  orderItems: 'ints',
  orderLinesEnd: 'ints',
  orderBeforeOfCustomer: 'ints',
  orderLast: 'ints',
  lineProduct: 'ints',
  lineQuantity: 'ints',
  lineUnitPrice: 'floats',
  productIds: 'strings',
  productNames: 'strings',
  currencies: 'strings',
  carriers: 'strings',
  customerIds: 'strings',
  customerTable: 'ints',
  customerRegistered: 'ints',
  customerLast: 'ints',
  customerNamed: 'ints',
  customerLastOrder: 'ints',
  registrations: 'ints',
  paymentIds: 'strings',
  paymentPosition: 'ints',
  paymentAmount: 'floats',
  paymentMethod: 'bytes',
  shipmentCarrier: 'ints',
  shipmentTracking: 'strings',
  cancellationReasons: 'strings',
  refundPaymentIds: 'strings',
  refundPosition: 'ints',
  refundAmount: 'floats',
  refundReasons: 'strings',
  detailSets: 'bytes',
  detailPosition: 'ints',
  detailNames: 'strings',
  detailEmails: 'strings',
  detailAddresses: 'strings',
};

/** A named numeric part of a kind; throws if it is missing or of another kind. */
const numbersOf = (data: SnapshotData, name: string, kind: Exclude<Kind, 'strings'>): Part =>
  kind === 'ints'
    ? partOf(data, name, Int32Array)
    : kind === 'floats'
      ? partOf(data, name, Float64Array)
      : partOf(data, name, Uint8Array);

/** The model's parts as a snapshot writes them: typed arrays, and strings packed when written. */
export function snapshotSourcesOf(parts: ModelParts): PartSource[] {
  const sources: PartSource[] = [];
  for (const [name, kind] of Object.entries(kinds) as [keyof typeof kinds, Kind][]) {
    const part = parts[name];
    sources.push(
      ...(kind === 'strings'
        ? stringParts(VIEWS + name, part as string[])
        : numberPart(VIEWS + name, part as Part)),
    );
  }
  sources.push(
    ...stringParts(
      `${VIEWS}otherMethods`,
      parts.otherMethods.map(([, method]) => method),
    ),
    ...numberPart(
      `${VIEWS}otherMethodRows`,
      Int32Array.from(parts.otherMethods.map(([row]) => row)),
    ),
  );
  return sources;
}

/** A model from a snapshot's named typed arrays; throws if any part is missing or unsound. */
export function modelOf(data: SnapshotData): DeskModel {
  const parts: Record<string, unknown> = {};
  for (const [name, kind] of Object.entries(kinds) as [keyof typeof kinds, Kind][])
    parts[name] =
      kind === 'strings'
        ? unpackStrings(stringsFromParts(data, VIEWS + name))
        : numbersOf(data, VIEWS + name, kind);
  const methods = unpackStrings(stringsFromParts(data, `${VIEWS}otherMethods`));
  const rows = partOf(data, `${VIEWS}otherMethodRows`, Int32Array);
  if (rows.length !== methods.length)
    throw new Error('The snapshot’s payment methods do not pair up.');
  parts.otherMethods = methods.map((method, index) => [rows[index] ?? 0, method]);
  return new DeskModel(parts as unknown as ModelParts);
}
