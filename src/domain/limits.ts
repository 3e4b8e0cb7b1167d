/**
 * How long the catalog's text fields may be, in characters after trimming. The deciders refuse
 * longer text, an import refuses it too, and the forms' inputs stop there.
 */
export const MAX_NAME_LENGTH = 100;
export const MAX_ADDRESS_LENGTH = 500;
/** Why an order was cancelled or refunded. */
export const MAX_REASON_LENGTH = 500;
export const MAX_CARRIER_LENGTH = 100;
export const MAX_TRACKING_NUMBER_LENGTH = 100;
/** A product's name on an order line. */
export const MAX_PRODUCT_NAME_LENGTH = 200;

/** Whether text is longer than `limit` once trimmed. */
export const isTooLong = (text: string, limit: number): boolean => text.trim().length > limit;

/** The sentence for text over its limit; `what` begins it (“The reason”). */
export const tooLongMessage = (what: string, limit: number): string =>
  `${what} is too long: at most ${limit} characters.`;
