import { useId, useState, type SubmitEvent } from 'react';
import type { ChangeCustomerDetails } from '../../domain/customer';
import type { CustomerView } from '../../projections';
import { useCommandGate } from '../../ui/command-gate';
import { describeDone } from '../orders/doneMessage';
import { useSendCommand } from './commands';
import {
  CustomerFields,
  type CustomerDetailsInput,
  type CustomerField,
  SubmitActions,
} from './CustomerFields';

const fields: readonly CustomerField[] = ['name', 'email', 'shippingAddress'];

const detailsOf = (customer: CustomerView): CustomerDetailsInput => ({
  name: customer.name,
  email: customer.email,
  shippingAddress: customer.shippingAddress ?? '',
});

/**
 * Edits a customer's details. Only the fields the user edited are kept here; the others show the
 * customer as it is now, so a change from another tab appears in them. Sends only the fields that
 * differ from the customer; with none, the domain explains that nothing changed.
 */
export function EditCustomerForm({ customer }: { customer: CustomerView }) {
  const headingId = useId();
  const errorId = useId();
  const [edited, setEdited] = useState<Partial<Record<CustomerField, string>>>({});
  /** What the last save changed, in words. */
  const [saved, setSaved] = useState<string | null>(null);
  const { send, pending, failure } = useSendCommand();
  const gate = useCommandGate();

  const current = detailsOf(customer);
  const values: CustomerDetailsInput = { ...current, ...edited };

  async function save() {
    setSaved(null);
    const data: ChangeCustomerDetails['data'] = { customerId: customer.customerId };
    for (const field of fields) {
      const value = edited[field];
      if (value !== undefined && value !== current[field]) data[field] = value;
    }
    const events = await send({ type: 'ChangeCustomerDetails', data });
    if (events === null) return;
    setEdited({});
    setSaved(describeDone(events, ''));
  }

  function onSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending || gate.disabled) return;
    void save();
  }

  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Edit details</h2>
      <form onSubmit={onSubmit}>
        <CustomerFields
          values={values}
          onChange={(field, value) => {
            setSaved(null);
            setEdited((current) => ({ ...current, [field]: value }));
          }}
          failure={failure}
          errorId={errorId}
        />
        <div id={errorId} role="alert">
          {failure?.message}
        </div>
        <div role="status" className="notice">
          {saved}
        </div>
        <SubmitActions label="Save changes" gate={gate} />
      </form>
    </section>
  );
}
