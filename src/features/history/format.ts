import { formatMoney } from '../../projections';

/** The user's locale, for times and money on screen. */
export const userLocale = (): string => navigator.language || 'en-GB';

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/** A recorded time (RFC 3339 UTC) in the user's locale and time zone. */
export function formatTime(iso: string, locale = userLocale()): string {
  let format = dateTimeFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    dateTimeFormats.set(locale, format);
  }
  return format.format(new Date(iso));
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/** A count in the user's locale (one formatter per locale: toLocaleString makes one per call). */
export function formatCount(count: number, locale = userLocale()): string {
  let format = numberFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale);
    numberFormats.set(locale, format);
  }
  return format.format(count);
}

/** An amount in minor units with the order's currency, in the user's locale. */
export const money = (minor: number, currency: string): string =>
  formatMoney(minor, currency, userLocale());

/**
 * Makes the formatters the screens use for the user's locale. Intl loads a locale's data the
 * first time a formatter needs it, ~5 ms each for times and for money: paid at idle time after
 * start, not by the first screen to show a time or an amount (often a slider move on the
 * timeline). Any currency loads the locale's currency data; later ones cost microseconds.
 */
export function prepareFormats(): void {
  formatTime(new Date(0).toISOString());
  formatCount(0);
  money(0, 'EUR');
}
