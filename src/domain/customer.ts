import type { Decider } from './decider';
import { DomainError } from './errors';
import type { CustomerDetailsChanged, CustomerEvent } from './events';
import { isValidId } from './ids';

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

/** Who holds an email now (compared case-insensitively), looked up across all customers. */
export interface CustomerContext {
  emailOwner: string | undefined;
}

export const MAX_NAME_LENGTH = 100;
export const MAX_ADDRESS_LENGTH = 500;
const emailPattern = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

function checkName(name: string): DomainError | undefined {
  const trimmed = name.trim();
  if (trimmed.length === 0) return new DomainError('invalid_name', 'Enter the customer’s name.');
  if (trimmed.length > MAX_NAME_LENGTH)
    return new DomainError(
      'invalid_name',
      `The name is too long: at most ${MAX_NAME_LENGTH} characters.`,
    );
  return undefined;
}

function checkEmail(
  email: string,
  customerId: string,
  context: CustomerContext,
): DomainError | undefined {
  const trimmed = email.trim();
  if (trimmed.length > 254 || !emailPattern.test(trimmed))
    return new DomainError('invalid_email', `“${trimmed}” is not a valid email address.`);
  if (context.emailOwner !== undefined && context.emailOwner !== customerId)
    return new DomainError('email_taken', `Another customer already uses the email ${trimmed}.`);
  return undefined;
}

function checkAddress(address: string): DomainError | undefined {
  return address.trim().length > MAX_ADDRESS_LENGTH
    ? new DomainError(
        'invalid_address',
        `The shipping address is too long: at most ${MAX_ADDRESS_LENGTH} characters.`,
      )
    : undefined;
}

function decide(
  command: CustomerCommand,
  state: CustomerState,
  context: CustomerContext,
): CustomerEvent[] | DomainError {
  const { customerId } = command.data;
  if (!isValidId(customerId))
    return new DomainError('invalid_id', `“${customerId}” is not a valid customer id.`);
  switch (command.type) {
    case 'RegisterCustomer': {
      if (state.status !== 'none')
        return new DomainError(
          'customer_already_registered',
          `Customer ${customerId} is already registered.`,
        );
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
            email: email.trim(),
            ...(address ? { shipping_address: address } : {}),
          },
        },
      ];
    }
    case 'ChangeCustomerDetails': {
      if (state.status === 'none')
        return new DomainError('customer_not_found', `There is no customer ${customerId}.`);
      const changed: CustomerDetailsChanged['data'] = { customer_id: customerId };
      const { name, email, shippingAddress } = command.data;
      if (name !== undefined && name.trim() !== state.name) {
        const error = checkName(name);
        if (error) return error;
        changed.name = name.trim();
      }
      if (email !== undefined && email.trim() !== state.email) {
        const error = checkEmail(email, customerId, context);
        if (error) return error;
        changed.email = email.trim();
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
