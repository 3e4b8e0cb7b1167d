/**
 * Times typed in `datetime-local` inputs (local time, to the second): what they name in the log.
 * A typed time covers its whole second: the events were recorded to the millisecond, and a time
 * shown to the second (an event's, given as a default) must take that event in.
 */

/** A `datetime-local` value (local time) as RFC 3339 UTC, or null when incomplete. */
export function localInputToIso(value: string): string | null {
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? null : time.toISOString();
}

/**
 * An RFC 3339 time as a `datetime-local` value to the second, in local time, normalized as the
 * input's value is (no seconds when they are 0).
 */
export function localInputOf(iso: string): string {
  const time = new Date(iso);
  const two = (value: number) => String(value).padStart(2, '0');
  const date = `${String(time.getFullYear()).padStart(4, '0')}-${two(time.getMonth() + 1)}-${two(time.getDate())}`;
  const seconds = time.getSeconds() === 0 ? '' : `:${two(time.getSeconds())}`;
  return `${date}T${two(time.getHours())}:${two(time.getMinutes())}${seconds}`;
}

/** The last millisecond of the second `iso` falls in: the end of what a typed time covers. */
export function endOfSecond(iso: string): string {
  const time = Date.parse(iso);
  return new Date(time - (((time % 1000) + 1000) % 1000) + 999).toISOString();
}
