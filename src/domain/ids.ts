/** Ids: 1–64 characters from A-Z a-z 0-9 - _ (docs/contract.md §1). */
const idPattern = /^[A-Za-z0-9_-]{1,64}$/;

export const isValidId = (value: string): boolean => idPattern.test(value);

/**
 * RFC 3339 UTC with milliseconds, as produced by Date.prototype.toISOString. The round trip
 * rejects dates and times that do not exist (Feb 30, 24:00), which Date.parse silently rolls over.
 */
const timePattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export const isValidTime = (value: string): boolean =>
  timePattern.test(value) &&
  !Number.isNaN(Date.parse(value)) &&
  new Date(value).toISOString() === value;
