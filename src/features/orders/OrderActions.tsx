import { useId, useState, type SubmitEvent, type ReactNode } from 'react';
import type { Command } from '../../application/commands';
import { useFormDraft, type FormDraft } from '../../ui/form-drafts';
import { paymentMethods, type PaymentMethod, type StoredEvent } from '../../domain/events';
import type { OrderStatus } from '../../domain/order';
import { commandMayRecord, type OrderEventType } from '../../domain/orderLifecycle';
import {
  MAX_CARRIER_LENGTH,
  MAX_REASON_LENGTH,
  MAX_TRACKING_NUMBER_LENGTH,
} from '../../domain/limits';
import type { OrderView } from '../../projections';
import { money, paymentMethodName } from '../../lib/format';
import { CommandAlert, CommandsOffNotice } from './CommandAlert';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { newPaymentId } from '../../application/ids';
import { useCommand, type CommandRunner } from './useCommand';

export type OrderAction = 'pay' | 'ship' | 'deliver' | 'cancel' | 'refund';

/** The event each action records, in the order the actions are shown. */
const recordedBy: Readonly<Record<OrderAction, OrderEventType>> = {
  pay: 'PaymentProcessed',
  ship: 'OrderShipped',
  deliver: 'OrderDelivered',
  cancel: 'OrderCancelled',
  refund: 'PaymentRefunded',
};
const orderActions = Object.keys(recordedBy) as OrderAction[];

/** What the order lifecycle (domain/orderLifecycle.ts) allows for an order in this status. */
export const allowedActions = (status: OrderStatus): OrderAction[] =>
  orderActions.filter((action) => commandMayRecord(status, recordedBy[action]));

interface ActionProps {
  order: OrderView;
  runner: CommandRunner;
}

/** What an action that cannot be taken back asks before it runs (see `ConfirmDialog`). */
interface Confirmation {
  readonly title: string;
  readonly facts: ReactNode;
  /** The dialog's button that runs the command, e.g. "Confirm cancel". */
  readonly confirm: string;
  /** The dialog's button that closes it and does nothing, e.g. "Keep the order". */
  readonly keep: string;
}

/**
 * One action's form: its fields, its button and, when it was rejected, the message. With a
 * `draft`, the command is sent under the id it got from that draft, also after a reload. With a
 * `confirmation`, the button asks first.
 */
function ActionForm({
  action,
  title,
  runner,
  command,
  draft,
  button,
  confirmation,
  danger = false,
  children,
}: {
  action: OrderAction;
  title: string;
  runner: CommandRunner;
  command: () => Command;
  draft?: Pick<FormDraft<unknown>, 'commandFor' | 'settle'>;
  button: string;
  confirmation?: Confirmation;
  danger?: boolean;
  children?: ReactNode;
}) {
  const headingId = useId();
  const [confirming, setConfirming] = useState(false);
  const send = async () => {
    if (!draft) {
      await runner.run(action, command());
      return;
    }
    const sent = draft.commandFor(command);
    if (await runner.run(action, sent.command, sent.commandId)) draft.settle();
  };
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    if (confirmation) setConfirming(true);
    else void send();
  };
  return (
    <form
      className={`order-action order-action-${action}`}
      aria-labelledby={headingId}
      noValidate
      onSubmit={submit}
    >
      <h3 id={headingId}>{title}</h3>
      {children}
      <CommandAlert
        message={runner.rejection?.source === action ? runner.rejection.message : null}
      />
      <div className="form-actions">
        <button
          type="submit"
          className={danger ? 'button button-danger' : 'button button-primary'}
          aria-disabled={runner.pending || undefined}
        >
          {button}
        </button>
      </div>
      {confirming && confirmation && (
        <ConfirmDialog
          title={confirmation.title}
          confirm={confirmation.confirm}
          keep={confirmation.keep}
          danger={danger}
          onClose={() => {
            setConfirming(false);
          }}
          onConfirm={() => {
            setConfirming(false);
            void send();
          }}
        >
          {confirmation.facts}
        </ConfirmDialog>
      )}
    </form>
  );
}

/** The order, its customer and its amount, as a dialog that asks about it names them. */
function OrderFacts({ order, children }: { order: OrderView; children?: ReactNode }) {
  return (
    <dl className="confirm-facts">
      <div>
        <dt>Order</dt>
        <dd>
          #{order.number} · {order.orderId}
        </dd>
      </div>
      <div>
        <dt>Customer</dt>
        <dd>{order.customerName}</dd>
      </div>
      <div>
        <dt>Amount</dt>
        <dd>{money(order.total, order.currency)}</dd>
      </div>
      {children}
    </dl>
  );
}

const cannotBeUndone = <p>This cannot be undone: the event log keeps every change for good.</p>;

function TextField({
  label,
  value,
  onChange,
  maxLength,
  hint,
  autoComplete = 'off',
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** The domain's limit for the field. */
  maxLength: number;
  hint?: string;
  autoComplete?: string;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <span className="field-hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      <input
        id={id}
        type="text"
        value={value}
        maxLength={maxLength}
        autoComplete={autoComplete}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(event) => {
          onChange(event.target.value);
        }}
      />
    </div>
  );
}

const isPaymentMethod = (value: unknown): value is PaymentMethod =>
  paymentMethods.some((method) => method === value);

const defaultMethod: PaymentMethod = 'card';

/** Records the payment; the method chosen, and a payment sent but unacknowledged, outlive a reload. */
function RecordPayment({ order, runner }: ActionProps) {
  const draft = useFormDraft(`record-payment:${order.orderId}`, defaultMethod, isPaymentMethod);
  const method = draft.draft;
  const id = useId();
  return (
    <ActionForm
      action="pay"
      title="Payment"
      runner={runner}
      button="Record payment"
      draft={draft}
      command={() => ({
        type: 'RecordPayment',
        data: {
          orderId: order.orderId,
          paymentId: newPaymentId(),
          amount: order.total,
          method,
        },
      })}
    >
      <p>
        Amount: <strong>{money(order.total, order.currency)}</strong>{' '}
        <span className="muted">(the full total)</span>
      </p>
      <div className="field">
        <label htmlFor={id}>Method</label>
        <select
          id={id}
          value={method}
          onChange={(event) => {
            const chosen = event.target.value;
            if (isPaymentMethod(chosen)) draft.setDraft(() => chosen);
          }}
        >
          {paymentMethods.map((m) => (
            <option key={m} value={m}>
              {paymentMethodName(m)}
            </option>
          ))}
        </select>
      </div>
    </ActionForm>
  );
}

function ShipOrder({ order, runner }: ActionProps) {
  const [carrier, setCarrier] = useState('');
  const [trackingNumber, setTrackingNumber] = useState('');
  return (
    <ActionForm
      action="ship"
      title="Shipment"
      runner={runner}
      button="Ship order"
      command={() => ({
        type: 'ShipOrder',
        data: { orderId: order.orderId, carrier, trackingNumber },
      })}
    >
      <TextField
        label="Carrier"
        value={carrier}
        onChange={setCarrier}
        maxLength={MAX_CARRIER_LENGTH}
      />
      <TextField
        label="Tracking number"
        value={trackingNumber}
        onChange={setTrackingNumber}
        maxLength={MAX_TRACKING_NUMBER_LENGTH}
      />
    </ActionForm>
  );
}

function MarkDelivered({ order, runner }: ActionProps) {
  return (
    <ActionForm
      action="deliver"
      title="Delivery"
      runner={runner}
      button="Mark delivered"
      command={() => ({ type: 'MarkDelivered', data: { orderId: order.orderId } })}
      confirmation={{
        title: `Mark order ${order.orderId} delivered?`,
        confirm: 'Confirm delivery',
        keep: 'Go back',
        facts: (
          <>
            <OrderFacts order={order} />
            <p>After this, the order can no longer be cancelled, only refunded.</p>
            {cannotBeUndone}
          </>
        ),
      }}
    >
      <p className="muted">When the customer has the parcel.</p>
    </ActionForm>
  );
}

const paymentRefunded = (order: OrderView): string =>
  `The payment of ${money(order.total, order.currency)} is refunded in full.`;

const totalRefunded = (order: OrderView): string =>
  `Refunds the full ${money(order.total, order.currency)}.`;

/** The reason typed, or that none is (the rules then refuse the command, with their message). */
function Reason({ reason }: { reason: string }) {
  return (
    <div>
      <dt>Reason</dt>
      <dd>{reason.trim() === '' ? <span className="muted">none given</span> : reason}</dd>
    </div>
  );
}

function CancelOrder({ order, runner }: ActionProps) {
  const [reason, setReason] = useState('');
  return (
    <ActionForm
      action="cancel"
      title="Cancellation"
      runner={runner}
      button="Cancel order"
      danger
      command={() => ({ type: 'CancelOrder', data: { orderId: order.orderId, reason } })}
      confirmation={{
        title: `Cancel order ${order.orderId}?`,
        confirm: 'Confirm cancel',
        keep: 'Keep the order',
        facts: (
          <>
            <OrderFacts order={order}>
              <Reason reason={reason} />
            </OrderFacts>
            {order.status === 'Paid' && <p>{paymentRefunded(order)}</p>}
            {cannotBeUndone}
          </>
        ),
      }}
    >
      <TextField
        label="Reason"
        value={reason}
        onChange={setReason}
        maxLength={MAX_REASON_LENGTH}
        {...(order.status === 'Paid' ? { hint: paymentRefunded(order) } : {})}
      />
    </ActionForm>
  );
}

function RefundOrder({ order, runner }: ActionProps) {
  const [reason, setReason] = useState('');
  return (
    <ActionForm
      action="refund"
      title="Return and refund"
      runner={runner}
      button="Refund"
      danger
      command={() => ({ type: 'RefundOrder', data: { orderId: order.orderId, reason } })}
      confirmation={{
        title: `Refund order ${order.orderId}?`,
        confirm: 'Confirm refund',
        keep: 'Go back',
        facts: (
          <>
            <OrderFacts order={order}>
              <Reason reason={reason} />
            </OrderFacts>
            <p>{totalRefunded(order)}</p>
            {cannotBeUndone}
          </>
        ),
      }}
    >
      <TextField
        label="Reason"
        value={reason}
        onChange={setReason}
        maxLength={MAX_REASON_LENGTH}
        hint={totalRefunded(order)}
      />
    </ActionForm>
  );
}

const forms: Record<OrderAction, (props: ActionProps) => ReactNode> = {
  pay: RecordPayment,
  ship: ShipOrder,
  deliver: MarkDelivered,
  cancel: CancelOrder,
  refund: RefundOrder,
};

/**
 * The actions the rules allow for the order right now, and only those. Every command goes
 * through one `useCommand` runner; a rejection shows next to the form it came from, or above
 * the forms when that form is gone (another tab changed the order meanwhile). What a command
 * appended goes to `onDone`.
 */
export function OrderActions({
  order,
  onDone,
}: {
  order: OrderView;
  onDone: (events: readonly StoredEvent[]) => void;
}) {
  const commands = useCommand();
  const runner: CommandRunner = {
    ...commands,
    run: async (source, command, commandId) => {
      const events = await commands.run(source, command, commandId);
      if (events !== null) onDone(events);
      return events;
    },
  };
  const actions = allowedActions(order.status);
  const orphan =
    runner.rejection && !actions.includes(runner.rejection.source as OrderAction)
      ? runner.rejection.message
      : null;

  return (
    <section className="panel order-actions" aria-labelledby="order-actions-heading">
      <h2 id="order-actions-heading">Actions</h2>
      <CommandAlert message={orphan} />
      {!runner.enabled.enabled ? (
        <CommandsOffNotice enabled={runner.enabled} />
      ) : actions.length === 0 ? (
        <p className="muted">
          Nothing more can happen to this order: it is {order.status.toLowerCase()}.
        </p>
      ) : (
        <div className="order-action-list">
          {actions.map((action) => {
            const Form = forms[action];
            // Keyed by order and status too: a form starts empty when the order moves on.
            return (
              <Form
                key={`${order.orderId}-${order.status}-${action}`}
                order={order}
                runner={runner}
              />
            );
          })}
        </div>
      )}
    </section>
  );
}
