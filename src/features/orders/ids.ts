/** A new id: the prefix and 8 characters of a random UUID (CONTRACT.md §1 id alphabet). */
const newId = (prefix: string): string =>
  `${prefix}${crypto.randomUUID().replaceAll('-', '').slice(0, 8)}`;

export const newOrderId = (): string => newId('o-');
export const newPaymentId = (): string => newId('p-');
