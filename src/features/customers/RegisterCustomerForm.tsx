import { useId, useState, type SubmitEvent, type RefObject } from 'react';
import { Link } from 'react-router';
import { useCommandGate } from '../../ui/command-gate';
import { hasStringFields, useFormDraft } from '../../ui/form-drafts';
import { newCustomerId } from '../../application/ids';
import { useSendCommand } from './commands';
import {
  CustomerFields,
  emptyDetails,
  type CustomerDetailsInput,
  SubmitActions,
} from './CustomerFields';

const isDetailsInput = (value: unknown): value is CustomerDetailsInput =>
  hasStringFields(value, Object.keys(emptyDetails));

/**
 * Registers a customer; on success clears itself and says so, with a link to the customer. What
 * is typed, and a registration sent but not yet acknowledged, outlive a reload of the tab.
 */
export function RegisterCustomerForm({
  nameRef,
}: {
  /** The Name field, so the page can take the user to the form. */
  nameRef: RefObject<HTMLInputElement | null>;
}) {
  const headingId = useId();
  const errorId = useId();
  const {
    draft: values,
    setDraft: setValues,
    commandFor,
    settle,
  } = useFormDraft('register-customer', emptyDetails, isDetailsInput);
  const [registered, setRegistered] = useState<{ id: string; name: string } | null>(null);
  const { send, pending, failure } = useSendCommand();
  const gate = useCommandGate();

  async function register() {
    setRegistered(null);
    const { commandId, command } = commandFor(() => ({
      type: 'RegisterCustomer',
      data: {
        customerId: newCustomerId(),
        name: values.name,
        email: values.email,
        shippingAddress: values.shippingAddress,
      },
    }));
    const events = await send(command, commandId);
    const event = events?.[0];
    if (event?.type !== 'CustomerRegistered') return;
    settle();
    setRegistered({ id: event.data.customer_id, name: event.data.name });
    // Ready for the next one.
    nameRef.current?.focus();
  }

  function onSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending || gate.disabled) return;
    void register();
  }

  return (
    <section className="panel register-customer" aria-labelledby={headingId}>
      <h2 id={headingId}>Register a customer</h2>
      <form onSubmit={onSubmit}>
        <CustomerFields
          values={values}
          onChange={(field, value) => {
            setValues((current) => ({ ...current, [field]: value }));
          }}
          failure={failure}
          errorId={errorId}
          nameRef={nameRef}
        />
        <div id={errorId} role="alert">
          {failure?.message}
        </div>
        <div role="status" className="notice">
          {registered && (
            <>
              Registered{' '}
              <Link to={`/customers/${encodeURIComponent(registered.id)}`}>{registered.name}</Link>.
            </>
          )}
        </div>
        <SubmitActions label="Register customer" gate={gate} />
      </form>
    </section>
  );
}
