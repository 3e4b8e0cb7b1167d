import type { Decider } from './decider';
import { DomainError } from './errors';
import type { CustomerDetailsChanged, CustomerEvent } from './events';
import { emailProblem, recordedEmail } from './email';
import { isValidId } from './ids';
import { MAX_ADDRESS_LENGTH, MAX_NAME_LENGTH, isTooLong, tooLongMessage } from './limits';
import { unstorableTextMessage, unstorableTextProblem } from './text';

export type CustomerState =
  | { status: 'none' }
  | {
      status: 'registered';
      customerId: string;
      name: string;
      email: string;
      shippingAddress?: string;
    };

export interface RegisterCustomer {
  type: 'RegisterCustomer';
  data: { customerId: string; name: string; email: string; shippingAddress?: string };
}
export interface ChangeCustomerDetails {
  type: 'ChangeCustomerDetails';
  data: { customerId: string; name?: string; email?: string; shippingAddress?: string };
}
export type CustomerCommand = RegisterCustomer | ChangeCustomerDetails;

/** Who holds an email now (by `normalizeEmail`), looked up across all customers. */
export interface CustomerContext {
  emailOwner: string | undefined;
}

export { normalizeEmail } from './email';

function checkName(name: string): DomainError | undefined {
  if (name.trim() === '') return new DomainError('invalid_name', 'Enter the customer’s name.');
  const unstorable = unstorableTextProblem(name);
  if (unstorable !== null)
    return new DomainError('invalid_name', unstorableTextMessage('The name', unstorable));
  if (isTooLong(name, MAX_NAME_LENGTH))
    return new DomainError('invalid_name', tooLongMessage('The name', MAX_NAME_LENGTH));
  return undefined;
}

function checkEmail(
  email: string,
  customerId: string,
  context: CustomerContext,
): DomainError | undefined {
  const recorded = recordedEmail(email);
  const problem = emailProblem(email);
  if (problem !== null)
    return new DomainError('invalid_email', `The email “${recorded}” ${problem}.`);
  if (context.emailOwner !== undefined && context.emailOwner !== customerId)
    return new DomainError('email_taken', `Another customer already uses the email ${recorded}.`);
  return undefined;
}

function checkAddress(address: string): DomainError | undefined {
  const unstorable = unstorableTextProblem(address);
  if (unstorable !== null)
    return new DomainError(
      'invalid_address',
      unstorableTextMessage('The shipping address', unstorable),
    );
  return isTooLong(address, MAX_ADDRESS_LENGTH)
    ? new DomainError('invalid_address', tooLongMessage('The shipping address', MAX_ADDRESS_LENGTH))
    : undefined;
}

const noCustomer = (customerId: string) =>
  new DomainError('customer_not_found', `There is no customer ${customerId}.`);

/**
 * The rule a customer's event would break on the customer's stream, or undefined: a customer is
 * registered once, and only a registered customer's details change. The decider checks it, and
 * an import checks every customer event of a file with it (domain/historyCheck.ts).
 */
export function customerEventProblem(
  registered: boolean,
  event: { type: CustomerEvent['type']; data: { customer_id: string } },
): DomainError | undefined {
  const customerId = event.data.customer_id;
  switch (event.type) {
    case 'CustomerRegistered':
      return registered
        ? new DomainError(
            'customer_already_registered',
            `Customer ${customerId} is already registered.`,
          )
        : undefined;
    case 'CustomerDetailsChanged':
      return registered ? undefined : noCustomer(customerId);
    default: {
      const unknown: never = event.type;
      return unknown;
    }
  }
}

function decide(
  command: CustomerCommand,
  state: CustomerState,
  context: CustomerContext,
): CustomerEvent[] | DomainError {
  const { customerId } = command.data;
  if (!isValidId(customerId))
    return new DomainError('invalid_id', `“${customerId}” is not a valid customer id.`);
  const stepError = customerEventProblem(state.status !== 'none', {
    type: command.type === 'RegisterCustomer' ? 'CustomerRegistered' : 'CustomerDetailsChanged',
    data: { customer_id: customerId },
  });
  if (stepError) return stepError;
  switch (command.type) {
    case 'RegisterCustomer': {
      const { name, email, shippingAddress } = command.data;
      const error =
        checkName(name) ??
        checkEmail(email, customerId, context) ??
        (shippingAddress === undefined ? undefined : checkAddress(shippingAddress));
      if (error) return error;
      const address = shippingAddress?.trim();
      return [
        {
          type: 'CustomerRegistered',
          data: {
            customer_id: customerId,
            name: name.trim(),
            email: recordedEmail(email),
            ...(address ? { shipping_address: address } : {}),
          },
        },
      ];
    }
    case 'ChangeCustomerDetails': {
      // Refused above; this tells the type checker.
      if (state.status === 'none') return noCustomer(customerId);
      const changed: CustomerDetailsChanged['data'] = { customer_id: customerId };
      const { name, email, shippingAddress } = command.data;
      if (name !== undefined && name.trim() !== state.name) {
        const error = checkName(name);
        if (error) return error;
        changed.name = name.trim();
      }
      if (email !== undefined && recordedEmail(email) !== state.email) {
        const error = checkEmail(email, customerId, context);
        if (error) return error;
        changed.email = recordedEmail(email);
      }
      if (
        shippingAddress !== undefined &&
        shippingAddress.trim() !== (state.shippingAddress ?? '')
      ) {
        const error = checkAddress(shippingAddress);
        if (error) return error;
        changed.shipping_address = shippingAddress.trim();
      }
      if (Object.keys(changed).length === 1)
        return new DomainError('nothing_changed', 'Nothing changed: edit a field before saving.');
      return [{ type: 'CustomerDetailsChanged', data: changed }];
    }
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}

function evolve(state: CustomerState, event: CustomerEvent): CustomerState {
  switch (event.type) {
    case 'CustomerRegistered': {
      const { customer_id, name, email, shipping_address } = event.data;
      return {
        status: 'registered',
        customerId: customer_id,
        name,
        email,
        ...(shipping_address ? { shippingAddress: shipping_address } : {}),
      };
    }
    case 'CustomerDetailsChanged': {
      if (state.status === 'none') return state;
      const { name, email, shipping_address } = event.data;
      const next = { ...state };
      if (name !== undefined) next.name = name;
      if (email !== undefined) next.email = email;
      if (shipping_address !== undefined) {
        if (shipping_address === '') delete next.shippingAddress;
        else next.shippingAddress = shipping_address;
      }
      return next;
    }
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

export const customerDecider: Decider<
  CustomerCommand,
  CustomerState,
  CustomerEvent,
  CustomerContext
> = { initialState: () => ({ status: 'none' }), decide, evolve };
