import { useId, type Ref } from 'react';
import type { DomainErrorCode } from '../../domain/errors';
import { MAX_EMAIL_LENGTH } from '../../domain/email';
import { MAX_ADDRESS_LENGTH, MAX_NAME_LENGTH } from '../../domain/limits';
import type { CommandGate } from '../../ui/command-gate';
import { usePastMoment } from '../../ui/desk-context';
import type { CommandFailure } from './commands';

/** What the register and edit forms let the user type. */
export interface CustomerDetailsInput {
  readonly name: string;
  readonly email: string;
  readonly shippingAddress: string;
}

export type CustomerField = keyof CustomerDetailsInput;

export const emptyDetails: CustomerDetailsInput = { name: '', email: '', shippingAddress: '' };

/** The field a rejected command's rule is about, to mark it invalid (the message says why). */
const fieldOfCode: Partial<Record<DomainErrorCode, CustomerField>> = {
  invalid_name: 'name',
  invalid_email: 'email',
  email_taken: 'email',
  invalid_address: 'shippingAddress',
};

interface CustomerFieldsProps {
  readonly values: CustomerDetailsInput;
  readonly onChange: (field: CustomerField, value: string) => void;
  readonly failure: CommandFailure | null;
  /** The id of the element with the rejection's message. */
  readonly errorId: string;
  readonly nameRef?: Ref<HTMLInputElement>;
}

/** The fields `Name`, `Email` and `Shipping address` (docs/contract.md §5), shared by both forms. */
export function CustomerFields({
  values,
  onChange,
  failure,
  errorId,
  nameRef,
}: CustomerFieldsProps) {
  const id = useId();
  // In the past the fields are off too, not only the button: what is typed could not be sent.
  const past = usePastMoment() !== null;
  const invalid = failure?.code === undefined ? undefined : fieldOfCode[failure.code];
  const invalidProps = (field: CustomerField) =>
    invalid === field ? { 'aria-invalid': true, 'aria-describedby': errorId } : {};

  return (
    <fieldset className="customer-fields" disabled={past}>
      <div className="field">
        <label htmlFor={`${id}-name`}>Name</label>
        <input
          id={`${id}-name`}
          ref={nameRef}
          name="name"
          autoComplete="off"
          required
          maxLength={MAX_NAME_LENGTH}
          value={values.name}
          onChange={(event) => {
            onChange('name', event.target.value);
          }}
          {...invalidProps('name')}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-email`}>Email</label>
        <input
          id={`${id}-email`}
          name="email"
          // Not type="email": the browser would check the address itself, and the domain's message
          // is the one users should see.
          type="text"
          inputMode="email"
          autoComplete="off"
          spellCheck={false}
          required
          maxLength={MAX_EMAIL_LENGTH}
          value={values.email}
          onChange={(event) => {
            onChange('email', event.target.value);
          }}
          {...invalidProps('email')}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-address`}>Shipping address</label>
        <textarea
          id={`${id}-address`}
          name="shippingAddress"
          autoComplete="off"
          rows={3}
          maxLength={MAX_ADDRESS_LENGTH}
          value={values.shippingAddress}
          onChange={(event) => {
            onChange('shippingAddress', event.target.value);
          }}
          {...invalidProps('shippingAddress')}
        />
      </div>
    </fieldset>
  );
}

/**
 * The submit button of a customer form, off (with the reason shown) while the command gate is
 * closed. Not disabled while a command runs: a disabled button would drop keyboard focus.
 */
export function SubmitActions({ label, gate }: { label: string; gate: CommandGate }) {
  return (
    <div className="form-actions">
      <button type="submit" className="button button-primary" disabled={gate.disabled}>
        {label}
      </button>
      {gate.reason !== null && <p className="field-hint gate-reason">{gate.reason}</p>}
    </div>
  );
}
