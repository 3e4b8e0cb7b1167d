/**
 * The one way a command is decided, wherever it runs (the command runner over the store, the demo
 * generator, the projections' test driver): the facts from outside its stream become the
 * decider's context, the decider decides on the stream's state, and the state is carried past
 * the events decided. Each caller only says where the state and the facts come from, and how the
 * events are wrapped to be stored.
 */
import {
  customerDecider,
  normalizeEmail,
  type CustomerCommand,
  type CustomerState,
} from './customer';
import type { Decider } from './decider';
import { isDomainError, type DomainError } from './errors';
import { customerStreamId, orderStreamId, type CustomerEvent, type OrderEvent } from './events';
import { orderDecider, type OrderCommand, type OrderState } from './order';

export type Command = CustomerCommand | OrderCommand;

/** What a decision may need to know beyond its stream. */
export interface CommandFacts {
  /** The customer holding an email (normalized), if any. */
  emailOwner(email: string): string | undefined;
  customerExists(customerId: string): boolean;
}

/** A command's decision: its events and the stream's state after them, or the rule it breaks. */
export type Handled<State, Event> = { events: Event[]; state: State } | DomainError;

export const isCustomerCommand = (command: Command): command is CustomerCommand =>
  command.type === 'RegisterCustomer' || command.type === 'ChangeCustomerDetails';

/** The stream a command decides on. */
export const streamIdOfCommand = (command: Command): string =>
  isCustomerCommand(command)
    ? customerStreamId(command.data.customerId)
    : orderStreamId(command.data.orderId);

/** Decides a customer command on the customer's state. */
export function handleCustomerCommand(
  command: CustomerCommand,
  state: CustomerState,
  facts: Pick<CommandFacts, 'emailOwner'>,
): Handled<CustomerState, CustomerEvent> {
  const { email } = command.data;
  const emailOwner = email === undefined ? undefined : facts.emailOwner(normalizeEmail(email));
  return decideWith(customerDecider, command, state, { emailOwner });
}

/** Decides an order command on the order's state. */
export function handleOrderCommand(
  command: OrderCommand,
  state: OrderState,
  facts: Pick<CommandFacts, 'customerExists'>,
): Handled<OrderState, OrderEvent> {
  // Only placing an order asks whether its customer exists.
  const customerExists =
    command.type !== 'PlaceOrder' || facts.customerExists(command.data.customerId);
  return decideWith(orderDecider, command, state, { customerExists });
}

/** Decides, and folds what was decided into the state. */
function decideWith<C, S, E, X>(
  decider: Decider<C, S, E, X>,
  command: C,
  state: S,
  context: X,
): Handled<S, E> {
  const decided = decider.decide(command, state, context);
  if (isDomainError(decided)) return decided;
  let next = state;
  for (const event of decided) next = decider.evolve(next, event);
  return { events: decided, state: next };
}
