import { normalizeEmail } from './customer';
import type { DomainEvent } from './events';

/**
 * A value that only one owner may hold at a time within a slot (for example an email among
 * customers). An owner holds at most one value per slot: a new claim releases its previous one.
 */
export interface UniqueClaim {
  slot: string;
  value: string;
  owner: string;
}

export const EMAIL_SLOT = 'email';

/** The claims an event makes: registering or changing an email claims it for that customer. */
export function uniqueClaimsOf(event: DomainEvent): UniqueClaim[] {
  switch (event.type) {
    case 'CustomerRegistered':
    case 'CustomerDetailsChanged':
      return event.data.email === undefined
        ? []
        : [
            {
              slot: EMAIL_SLOT,
              value: normalizeEmail(event.data.email),
              owner: event.data.customer_id,
            },
          ];
    case 'OrderPlaced':
    case 'PaymentProcessed':
    case 'OrderShipped':
    case 'OrderDelivered':
    case 'OrderCancelled':
    case 'PaymentRefunded':
      return [];
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}
