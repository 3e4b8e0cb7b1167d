import { useId, useState, type SubmitEvent, type ReactNode } from 'react';
import type { Command } from '../../application/commands';
import { useFormDraft, type FormDraft } from '../../app/form-drafts';
import { paymentMethods, type PaymentMethod } from '../../domain/events';
import type { OrderStatus } from '../../domain/order';
import type { OrderView } from '../../projections';
import { money, paymentMethodName } from '../../lib/format';
import { CommandAlert, CommandsOffNotice } from './CommandAlert';
import { newPaymentId } from './ids';
import { useCommand, type CommandRunner } from './useCommand';

export type OrderAction = 'pay' | 'ship' | 'deliver' | 'cancel' | 'refund';

/** What the rules (CONTRACT.md §1) allow for an order in each status. */
export const allowedActions: Record<OrderStatus, readonly OrderAction[]> = {
  Placed: ['pay', 'cancel'],
  Paid: ['ship', 'cancel'],
  Shipped: ['deliver'],
  Delivered: ['refund'],
  Cancelled: [],
  Refunded: [],
};

interface ActionProps {
  order: OrderView;
  runner: CommandRunner;
}

/**
 * One action's form: its fields, its button and, when it was rejected, the message. With a
 * `draft`, the command is sent under the id it got from that draft, also after a reload.
 */
function ActionForm({
  action,
  title,
  runner,
  command,
  draft,
  button,
  danger = false,
  children,
}: {
  action: OrderAction;
  title: string;
  runner: CommandRunner;
  command: () => Command;
  draft?: Pick<FormDraft<unknown>, 'commandFor' | 'settle'>;
  button: string;
  danger?: boolean;
  children?: ReactNode;
}) {
  const headingId = useId();
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
    void send();
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
    </form>
  );
}

function TextField({
  label,
  value,
  onChange,
  hint,
  autoComplete = 'off',
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
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
      <TextField label="Carrier" value={carrier} onChange={setCarrier} />
      <TextField label="Tracking number" value={trackingNumber} onChange={setTrackingNumber} />
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
    >
      <p className="muted">When the customer has the parcel.</p>
    </ActionForm>
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
    >
      <TextField
        label="Reason"
        value={reason}
        onChange={setReason}
        {...(order.status === 'Paid'
          ? { hint: `The payment of ${money(order.total, order.currency)} is refunded in full.` }
          : {})}
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
    >
      <TextField
        label="Reason"
        value={reason}
        onChange={setReason}
        hint={`Refunds the full ${money(order.total, order.currency)}.`}
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
 * the forms when that form is gone (another tab changed the order meanwhile).
 */
export function OrderActions({ order }: { order: OrderView }) {
  const runner = useCommand();
  const actions = allowedActions[order.status];
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
