/**
 * New entity ids, made where commands are given (the domain never makes ids): a prefix and 8
 * characters of a random UUID, within the catalog's id alphabet (docs/contract.md, Events).
 */
const newId = (prefix: string): string => `${prefix}${randomTag()}`;

/** 8 random lowercase hex digits: what makes a new id, or a demo history's ids, its own. */
export const randomTag = (): string => crypto.randomUUID().replaceAll('-', '').slice(0, 8);

export const newOrderId = (): string => newId('o-');
export const newPaymentId = (): string => newId('p-');
export const newCustomerId = (): string => newId('c-');
