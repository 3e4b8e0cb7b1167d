/**
 * Checks that a payload has the shape the catalog (docs/contract.md §1) gives its type and data
 * version: the fields, their types and formats, and the limits the commands set on each (text
 * lengths and characters, valid emails). Rules against other events (whether the customer exists, whether the
 * order may be shipped) are replayed on top of the log by domain/historyCheck.ts.
 *
 * Unknown fields are refused: the desk would drop them silently on the way in, so a file that
 * carries them is not the catalog's and importing it would lose data.
 */
import { emailProblem } from './email';
import { CURRENT_DATA_VERSION, eventTypes, paymentMethods, type EventType } from './events';
import { isValidId } from './ids';
import {
  MAX_ADDRESS_LENGTH,
  MAX_CARRIER_LENGTH,
  MAX_NAME_LENGTH,
  MAX_PRODUCT_NAME_LENGTH,
  MAX_REASON_LENGTH,
  MAX_TRACKING_NUMBER_LENGTH,
  isTooLong,
} from './limits';
import { MAX_LINES, MAX_QUANTITY } from './order';
import { unstorableTextProblem } from './text';

const eventTypeSet: ReadonlySet<unknown> = new Set(eventTypes);
export const isEventType = (value: unknown): value is EventType => eventTypeSet.has(value);

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const currencyPattern = /^[A-Z]{3}$/;

type Check = (value: unknown) => string | null;

const idCheck: Check = (value) =>
  typeof value === 'string' && isValidId(value)
    ? null
    : 'must be an id: 1 to 64 letters, digits, "-" or "_"';
/** A character no log keeps, or more than `limit` characters after trimming. */
const textProblem = (text: string, limit: number): string | null =>
  unstorableTextProblem(text) ??
  (isTooLong(text, limit)
    ? `must be at most ${limit} characters long (it has ${text.trim().length})`
    : null);
/** Text of at most `limit` characters after trimming (the commands' limit), maybe empty. */
const textCheck =
  (limit: number): Check =>
  (value) =>
    typeof value === 'string' ? textProblem(value, limit) : 'must be text';
/** Text of 1 to `limit` characters after trimming. */
const nonEmptyTextCheck =
  (limit: number): Check =>
  (value) =>
    typeof value === 'string' && value.trim() !== ''
      ? textProblem(value, limit)
      : 'must be text that is not empty';
const emailCheck: Check = (value) =>
  typeof value === 'string' ? emailProblem(value) : 'must be an email address';
const amountCheck: Check = (value) =>
  Number.isSafeInteger(value) && (value as number) >= 0
    ? null
    : 'must be a whole number of minor units (cents), 0 or more';
const currencyCheck: Check = (value) =>
  typeof value === 'string' && currencyPattern.test(value)
    ? null
    : 'must be a three-letter ISO 4217 currency code such as EUR';
const methodCheck: Check = (value) =>
  typeof value === 'string' && (paymentMethods as readonly string[]).includes(value)
    ? null
    : `must be one of ${paymentMethods.join(', ')}`;
const quantityCheck: Check = (value) =>
  Number.isInteger(value) && (value as number) >= 1 && (value as number) <= MAX_QUANTITY
    ? null
    : `must be a whole number from 1 to ${MAX_QUANTITY}`;

interface Field {
  readonly check: Check;
  readonly optional?: boolean;
}

const required = (check: Check): Field => ({ check });
const optional = (check: Check): Field => ({ check, optional: true });

const lineFields: Readonly<Record<string, Field>> = {
  product_id: required(idCheck),
  name: required(nonEmptyTextCheck(MAX_PRODUCT_NAME_LENGTH)),
  quantity: required(quantityCheck),
  unit_price: required(amountCheck),
};

/** The order's lines: 1–50 of them, each exactly the four line fields. */
const itemsCheck = (value: unknown, reasons: string[]): void => {
  if (!Array.isArray(value)) {
    reasons.push('"items" must be a list of order lines');
    return;
  }
  if (value.length < 1 || value.length > MAX_LINES) {
    reasons.push(`"items" must have 1 to ${MAX_LINES} lines (it has ${value.length})`);
    return;
  }
  for (let index = 0; index < value.length; index++)
    checkFields(
      value[index],
      lineFields,
      'an order line',
      reasons,
      `line ${index + 1} of "items": `,
    );
};

/** The fields of each type at data version 1; `items` is checked on its own. */
const schemas: Readonly<Record<EventType, Readonly<Record<string, Field>>>> = {
  CustomerRegistered: {
    customer_id: required(idCheck),
    name: required(nonEmptyTextCheck(MAX_NAME_LENGTH)),
    email: required(emailCheck),
    shipping_address: optional(textCheck(MAX_ADDRESS_LENGTH)),
  },
  CustomerDetailsChanged: {
    customer_id: required(idCheck),
    name: optional(nonEmptyTextCheck(MAX_NAME_LENGTH)),
    email: optional(emailCheck),
    // An empty address clears it.
    shipping_address: optional(textCheck(MAX_ADDRESS_LENGTH)),
  },
  OrderPlaced: {
    order_id: required(idCheck),
    customer_id: required(idCheck),
    currency: required(currencyCheck),
    items: required(() => null),
    total: required(amountCheck),
  },
  PaymentProcessed: {
    order_id: required(idCheck),
    payment_id: required(idCheck),
    amount: required(amountCheck),
    method: required(methodCheck),
  },
  OrderShipped: {
    order_id: required(idCheck),
    carrier: required(nonEmptyTextCheck(MAX_CARRIER_LENGTH)),
    tracking_number: required(nonEmptyTextCheck(MAX_TRACKING_NUMBER_LENGTH)),
  },
  OrderDelivered: { order_id: required(idCheck) },
  OrderCancelled: {
    order_id: required(idCheck),
    reason: required(nonEmptyTextCheck(MAX_REASON_LENGTH)),
  },
  PaymentRefunded: {
    order_id: required(idCheck),
    payment_id: required(idCheck),
    amount: required(amountCheck),
    reason: required(nonEmptyTextCheck(MAX_REASON_LENGTH)),
  },
};

/** The fields of each schema as a list, made once: every imported event is checked against one. */
const fieldLists = new WeakMap<Readonly<Record<string, Field>>, [string, Field][]>();
const fieldListOf = (fields: Readonly<Record<string, Field>>): [string, Field][] => {
  let list = fieldLists.get(fields);
  if (!list) {
    list = Object.entries(fields);
    fieldLists.set(fields, list);
  }
  return list;
};

/** Adds to `reasons` (each after `prefix`) why `value` does not have exactly these fields. */
function checkFields(
  value: unknown,
  fields: Readonly<Record<string, Field>>,
  what: string,
  reasons: string[],
  prefix = '',
): void {
  if (!isPlainObject(value)) {
    reasons.push(`${prefix}${what} must be a JSON object`);
    return;
  }
  let present = 0;
  for (const [name, field] of fieldListOf(fields)) {
    if (!Object.hasOwn(value, name)) {
      if (!field.optional) reasons.push(`${prefix}the required field "${name}" is missing`);
      continue;
    }
    present++;
    const problem = field.check(value[name]);
    if (problem !== null) reasons.push(`${prefix}"${name}" ${problem}`);
  }
  // Only an object with more keys than the known ones it has can hold an unknown one.
  const names = Object.keys(value);
  if (names.length > present)
    for (const name of names)
      if (!Object.hasOwn(fields, name))
        reasons.push(
          `${prefix}the field "${name}" is not part of ${what} (unknown fields are refused)`,
        );
}

/**
 * The reasons, in plain words, why `data` is not a payload of `type` at `dataVersion`; an empty
 * list when it is. Only the current data version has a schema: older ones are upcast first.
 */
export function validatePayload(type: string, dataVersion: number, data: unknown): string[] {
  if (!isEventType(type)) return [`"${type}" is not an event type of the catalog`];
  if (dataVersion !== CURRENT_DATA_VERSION)
    return [
      `data version ${dataVersion} of ${type} cannot be checked: the catalog is at version ${CURRENT_DATA_VERSION}`,
    ];
  const reasons: string[] = [];
  checkFields(data, schemas[type], `the data of ${type}`, reasons);
  if (!isPlainObject(data)) return reasons;
  if (type === 'OrderPlaced' && Object.hasOwn(data, 'items')) {
    const before = reasons.length;
    itemsCheck(data.items, reasons);
    if (reasons.length === before && amountCheck(data.total) === null) {
      const lines = data.items as { quantity: number; unit_price: number }[];
      const sum = lines.reduce((total, line) => total + line.quantity * line.unit_price, 0);
      if (sum !== data.total)
        reasons.push(`"total" is ${String(data.total)} but the lines add up to ${sum}`);
    }
  }
  if (
    type === 'CustomerDetailsChanged' &&
    !Object.hasOwn(data, 'name') &&
    !Object.hasOwn(data, 'email') &&
    !Object.hasOwn(data, 'shipping_address')
  )
    reasons.push('it changes nothing: at least one of name, email or shipping_address is needed');
  return reasons;
}
