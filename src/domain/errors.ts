/** A broken business rule: a stable code for programs and a plain-words message for people. */
export type DomainErrorCode =
  | 'invalid_id'
  | 'invalid_name'
  | 'invalid_email'
  | 'invalid_address'
  | 'email_taken'
  | 'customer_already_registered'
  | 'customer_not_found'
  | 'nothing_changed'
  | 'order_already_placed'
  | 'order_not_found'
  | 'invalid_lines'
  | 'invalid_quantity'
  | 'invalid_price'
  | 'invalid_currency'
  | 'invalid_status'
  | 'amount_mismatch'
  | 'invalid_method'
  | 'missing_shipping_details'
  | 'missing_reason'
  | 'text_too_long'
  | 'invalid_text'
  | 'nothing_to_refund'
  | 'payment_mismatch'
  | 'refund_missing';

export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: DomainErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const isDomainError = (value: unknown): value is DomainError => value instanceof DomainError;

/** What went wrong, in words, whatever was thrown (an Error's message, or the value itself). */
export const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);
