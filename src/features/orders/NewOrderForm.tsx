import {
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  type RefObject,
  type SubmitEvent,
} from 'react';
import { Link, useNavigate } from 'react-router';
import { usePresent } from '../../ui/desk-context';
import { hasStringFields, useFormDraft } from '../../ui/form-drafts';
import { CATALOG_CURRENCY, catalog, findProduct, orderLineOf } from '../../domain/products';
import type { OrderLine } from '../../domain/events';
import { MAX_LINES, MAX_QUANTITY } from '../../domain/order';
import type { DirectoryEntry } from '../../projections';
import { money } from '../../lib/format';
import { CommandAlert, CommandsOffNotice } from './CommandAlert';
import type { PlacedState } from './doneMessage';
import { newOrderId } from '../../application/ids';
import { useCommand } from './useCommand';

interface DraftLine {
  readonly key: number;
  readonly productId: string;
  /** As typed: the domain judges it when the order is placed. */
  readonly quantity: string;
}

interface OrderDraft {
  readonly customerId: string;
  readonly lines: readonly DraftLine[];
}

const emptyOrder: OrderDraft = {
  customerId: '',
  lines: [{ key: 1, productId: '', quantity: '1' }],
};

const isOrderDraft = (value: unknown): value is OrderDraft =>
  hasStringFields(value, ['customerId']) &&
  Array.isArray(value.lines) &&
  value.lines.every(
    (line: unknown) =>
      hasStringFields(line, ['productId', 'quantity']) && typeof line.key === 'number',
  );

/** The form's name for its draft, kept across a reload (`useFormDraft`). */
export const PLACE_ORDER_FORM = 'place-order';

interface CustomerOption {
  readonly customerId: string;
  readonly label: string;
}

/** Customers by name; a name that several customers share gets their email too. */
function customerOptions(customers: readonly DirectoryEntry[]): CustomerOption[] {
  const seen = new Map<string, number>();
  for (const customer of customers) seen.set(customer.name, (seen.get(customer.name) ?? 0) + 1);
  return customers.map((customer) => ({
    customerId: customer.customerId,
    label:
      (seen.get(customer.name) ?? 0) > 1 ? `${customer.name} (${customer.email})` : customer.name,
  }));
}

/** The quantity as a number, NaN when it is not one (the domain rejects it with a message). */
const quantityOf = (typed: string): number => (typed.trim() === '' ? Number.NaN : Number(typed));

/** The line as the PlaceOrder command carries it; an unchosen product stays empty. */
function orderLine(line: DraftLine): OrderLine {
  const product = findProduct(line.productId);
  const quantity = quantityOf(line.quantity);
  if (product) return orderLineOf(product, quantity);
  return { product_id: '', name: '', quantity, unit_price: 0 };
}

/** What a line adds to the live total: 0 until it has a product and a valid quantity. */
function lineTotal(line: DraftLine): number {
  const product = findProduct(line.productId);
  const quantity = quantityOf(line.quantity);
  if (!product || !Number.isInteger(quantity) || quantity < 1 || quantity > MAX_QUANTITY) return 0;
  return product.unitPrice * quantity;
}

/**
 * The `Customer` choice. Orders are placed in the present only (the form is off in the past), so
 * it lists the present's customers: scrubbing the timeline never rebuilds the options.
 */
function CustomerField({
  id,
  customerId,
  invalid,
  onChange,
  selectRef,
}: {
  id: string;
  customerId: string;
  invalid: boolean;
  onChange: (customerId: string) => void;
  selectRef: RefObject<HTMLSelectElement | null>;
}) {
  const customers = usePresent().customers.directory();
  const options = useMemo(() => customerOptions(customers), [customers]);
  return (
    <div className="field">
      {options.length === 0 ? (
        <>
          <span className="field-label">Customer</span>
          <p className="notice">
            No customers yet: <Link to="/customers">register a customer</Link> first, then come back
            to place their order.
          </p>
        </>
      ) : (
        <>
          <label htmlFor={id}>Customer</label>
          <select
            id={id}
            ref={selectRef}
            value={customerId}
            onChange={(event) => {
              onChange(event.target.value);
            }}
            aria-invalid={invalid ? true : undefined}
          >
            <option value="">Choose a customer</option>
            {options.map((option) => (
              <option key={option.customerId} value={option.customerId}>
                {option.label}
              </option>
            ))}
          </select>
        </>
      )}
    </div>
  );
}

/**
 * The place-order form (docs/contract.md §5): `Customer`, per line `Product` and `Quantity`,
 * `Add line`, `Remove line N`, a live total and `Place order`. On success it opens the new
 * order's page; a rejection keeps everything typed and shows the domain's message. What is typed,
 * and an order sent but not yet acknowledged, outlive a reload of the tab: sent again, it is the
 * same order.
 */
export function NewOrderForm({
  customerId: chosenCustomer,
  focusRequests = 0,
}: {
  /** A customer chosen for the form from outside (`?new=1&customer=…`), when it opens. */
  customerId?: string | undefined;
  /** Counts the requests to open the form: each one moves the focus into it. */
  focusRequests?: number;
}) {
  const navigate = useNavigate();
  const customers = usePresent().customers;
  const { run, rejection, pending, enabled } = useCommand();
  const formId = useId();

  const { draft, setDraft, commandFor, settle } = useFormDraft(
    PLACE_ORDER_FORM,
    emptyOrder,
    isOrderDraft,
  );
  const { customerId, lines } = draft;
  const setCustomerId = (chosen: string) => {
    setDraft((current) => ({ ...current, customerId: chosen }));
  };
  // The customer chosen from outside, once per choice: the user may change it afterwards.
  const [applied, setApplied] = useState<string | undefined>(undefined);
  const known = usePresent().customers.numberOf(chosenCustomer ?? '') !== undefined;
  if (chosenCustomer !== undefined && chosenCustomer !== applied && known) {
    setApplied(chosenCustomer);
    setCustomerId(chosenCustomer);
  }
  const setLines = (change: (current: readonly DraftLine[]) => readonly DraftLine[]) => {
    setDraft((current) => ({ ...current, lines: change(current.lines) }));
  };
  const nextKey = useRef(Math.max(0, ...lines.map((line) => line.key)) + 1);
  const [invalid, setInvalid] = useState<string | null>(null);
  const productRefs = useRef(new Map<number, HTMLSelectElement>());
  const addButton = useRef<HTMLButtonElement>(null);
  const focusKey = useRef<number | null>(null);
  const customerRef = useRef<HTMLSelectElement>(null);
  // Opened (again): the first field to fill gets the focus; the product when the customer is
  // chosen already.
  useEffect(() => {
    if (focusRequests === 0) return;
    const firstLine = productRefs.current.values().next().value;
    const target = chosenCustomer !== undefined ? firstLine : customerRef.current;
    target?.focus();
  }, [focusRequests, chosenCustomer]);

  if (!enabled.enabled) return <CommandsOffNotice enabled={enabled} />;

  const total = lines.reduce((sum, line) => sum + lineTotal(line), 0);

  const update = (key: number, change: Partial<Omit<DraftLine, 'key'>>) => {
    setLines((current) =>
      current.map((line) => (line.key === key ? { ...line, ...change } : line)),
    );
  };

  const addLine = () => {
    const key = nextKey.current++;
    focusKey.current = key;
    setLines((current) => [...current, { key, productId: '', quantity: '1' }]);
  };

  const removeLine = (key: number) => {
    setLines((current) => current.filter((line) => line.key !== key));
    addButton.current?.focus();
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (customerId === '') {
      setInvalid('Choose a customer.');
      return;
    }
    setInvalid(null);
    const { commandId, command } = commandFor(() => ({
      type: 'PlaceOrder',
      data: {
        orderId: newOrderId(),
        customerId,
        currency: CATALOG_CURRENCY,
        items: lines.map(orderLine),
      },
    }));
    const events = await run('place-order', command, commandId);
    const placed = events?.[0];
    if (events === null || placed?.type !== 'OrderPlaced') return;
    settle();
    const customerName = customers.get(placed.data.customer_id)?.name;
    const state: PlacedState = {
      placed: events,
      ...(customerName === undefined ? {} : { customerName }),
    };
    await navigate(`/orders/${placed.data.order_id}`, { state });
  };

  const message = invalid ?? rejection?.message;
  const totalId = `${formId}-total`;

  return (
    <form className="new-order-form" noValidate onSubmit={(event) => void submit(event)}>
      <CustomerField
        id={`${formId}-customer`}
        customerId={customerId}
        invalid={invalid !== null}
        onChange={setCustomerId}
        selectRef={customerRef}
      />

      <ol className="order-lines">
        {lines.map((line, index) => {
          const number = index + 1;
          const productId = `${formId}-product-${line.key}`;
          const quantityId = `${formId}-quantity-${line.key}`;
          const subtotal = lineTotal(line);
          return (
            <li key={line.key}>
              <fieldset className="order-line">
                <legend>Line {number}</legend>
                <div className="field order-line-product">
                  <label htmlFor={productId}>Product</label>
                  <select
                    id={productId}
                    ref={(element) => {
                      if (element) {
                        productRefs.current.set(line.key, element);
                        if (focusKey.current === line.key) {
                          focusKey.current = null;
                          element.focus();
                        }
                      } else productRefs.current.delete(line.key);
                    }}
                    value={line.productId}
                    onChange={(event) => {
                      update(line.key, { productId: event.target.value });
                    }}
                  >
                    <option value="">Choose a product</option>
                    {catalog.map((product) => (
                      <option key={product.productId} value={product.productId}>
                        {product.name} — {money(product.unitPrice, CATALOG_CURRENCY)}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field order-line-quantity">
                  <label htmlFor={quantityId}>Quantity</label>
                  <input
                    id={quantityId}
                    type="number"
                    inputMode="numeric"
                    min={1}
                    max={MAX_QUANTITY}
                    step={1}
                    value={line.quantity}
                    onChange={(event) => {
                      update(line.key, { quantity: event.target.value });
                    }}
                  />
                </div>
                <p className="order-line-total num">
                  <span className="visually-hidden">Line {number} total: </span>
                  {subtotal > 0 ? money(subtotal, CATALOG_CURRENCY) : '—'}
                </p>
                {lines.length > 1 && (
                  <button
                    type="button"
                    className="button order-line-remove"
                    aria-label={`Remove line ${number}`}
                    onClick={() => {
                      removeLine(line.key);
                    }}
                  >
                    Remove
                  </button>
                )}
              </fieldset>
            </li>
          );
        })}
      </ol>

      <div className="new-order-footer">
        <button
          type="button"
          className="button"
          ref={addButton}
          onClick={addLine}
          disabled={lines.length >= MAX_LINES}
        >
          Add line
        </button>
        <p className="new-order-total">
          <label htmlFor={totalId}>Total</label>{' '}
          <output id={totalId} aria-live="polite">
            {money(total, CATALOG_CURRENCY)}
          </output>
        </p>
      </div>

      <CommandAlert message={message} />

      <div className="form-actions">
        <button
          type="submit"
          className="button button-primary"
          aria-disabled={pending || undefined}
        >
          Place order
        </button>
      </div>
    </form>
  );
}
