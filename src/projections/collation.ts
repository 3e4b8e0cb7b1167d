/**
 * How names and emails are ordered on screen: in the reader's language, case and accents aside,
 * numbers by value ("item 9" before "item 10"). One collator, so that every list and the customers'
 * name index agree.
 */
export const textCollator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
