/**
 * How the desk writes numbers, bytes, times, money and payment methods: the one place for all of
 * them, in the user's locale, for the screens and for the messages of every layer (the store's
 * "storage is full" names bytes too). Amounts are integers in minor units (docs/contract.md §1); the
 * number of minor digits comes from Intl (2 for EUR, 0 for JPY, 3 for BHD).
 */
/**
 * The locale of texts that projections keep (activity summaries, the event log's search text).
 * Fixed, so that what a view holds does not depend on where it was computed.
 */
export const DEFAULT_LOCALE = 'en-GB';

/** The user's locale (the browser's language); the fixed one where there is no browser. */
export const userLocale = (): string =>
  (typeof navigator === 'undefined' ? '' : navigator.language) || DEFAULT_LOCALE;

// Making a formatter costs tens of microseconds, formatting with one about one: one per locale
// and options. `null` remembers options that Intl rejects (an unknown currency, say).
const numberFormats = new Map<string, Intl.NumberFormat | null>();
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/** A number formatter for `locale` and `options`, made once; null when Intl rejects them. */
export function numberFormat(
  locale: string,
  options: Intl.NumberFormatOptions = {},
): Intl.NumberFormat | null {
  const key = `${locale}\u0000${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (format === undefined) {
    try {
      format = new Intl.NumberFormat(locale, options);
    } catch {
      format = null;
    }
    numberFormats.set(key, format);
  }
  return format;
}

/** A date and time formatter for `locale` and `options`, made once. */
export function dateTimeFormat(
  locale: string,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  const key = `${locale}\u0000${JSON.stringify(options)}`;
  let format = dateTimeFormats.get(key);
  if (format === undefined) {
    try {
      format = new Intl.DateTimeFormat(locale, options);
    } catch {
      format = new Intl.DateTimeFormat(DEFAULT_LOCALE, options);
    }
    dateTimeFormats.set(key, format);
  }
  return format;
}

/** A plain number with `options`, in `locale`; the fixed locale if Intl rejects that one. */
function formatNumber(value: number, locale: string, options: Intl.NumberFormatOptions): string {
  const format = numberFormat(locale, options) ?? numberFormat(DEFAULT_LOCALE, options);
  return format === null ? String(value) : format.format(value);
}

/** A count or a position, e.g. "10,000" (en) or "10.000" (de). */
export const formatCount = (count: number, locale = userLocale()): string =>
  formatNumber(count, locale, {});

/** A count and its noun: "1 event", "10,000 events" (`many` for nouns not plural with an s). */
export const formatCountOf = (
  count: number,
  one: string,
  many = `${one}s`,
  locale = userLocale(),
): string => `${formatCount(count, locale)} ${count === 1 ? one : many}`;

/** A recorded time (RFC 3339 UTC) in the user's locale and time zone: "12 May 2026, 09:30". */
export const formatTime = (iso: string, locale = userLocale()): string =>
  dateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

/** The hour of a recorded time, in the user's locale and time zone: "09:30", "9:30 AM". */
export const formatClock = (iso: string, locale = userLocale()): string =>
  dateTimeFormat(locale, { timeStyle: 'short' }).format(new Date(iso));

/** The day of a recorded time, in the user's locale and time zone: "12 May 2026". */
export const formatDate = (iso: string, locale = userLocale()): string =>
  dateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(iso));

const byteUnits = [
  { unit: 'gigabyte', size: 1e9 },
  { unit: 'megabyte', size: 1e6 },
  { unit: 'kilobyte', size: 1e3 },
] as const;

/**
 * Bytes in decimal units as browsers and file managers show them, one decimal at most:
 * "840 bytes", "12.3 kB", "296.5 GB".
 */
export function formatBytes(bytes: number, locale = userLocale()): string {
  for (const { unit, size } of byteUnits)
    if (bytes >= size)
      return formatNumber(bytes / size, locale, {
        style: 'unit',
        unit,
        maximumFractionDigits: 1,
      });
  return formatNumber(bytes, locale, { style: 'unit', unit: 'byte', unitDisplay: 'long' });
}

/** The share of the quota in use, e.g. "3%" or "less than 1%". */
export function formatShare(usage: number, quota: number, locale = userLocale()): string {
  if (quota <= 0) return '';
  const share = usage / quota;
  if (share > 0 && share < 0.01) return 'less than 1%';
  return formatNumber(share, locale, { style: 'percent', maximumFractionDigits: 1 });
}

const currencyFormat = (
  currency: string,
  locale: string,
): { format: Intl.NumberFormat; scale: number } | null => {
  const format = numberFormat(locale, { style: 'currency', currency });
  if (format === null) return null;
  return { format, scale: 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2) };
};

/** How many minor units make one major unit of `currency` (100 for EUR, 1 for JPY). */
export function minorUnitsPerMajor(currency: string): number {
  return currencyFormat(currency, DEFAULT_LOCALE)?.scale ?? 100;
}

/**
 * An amount in minor units, e.g. `formatMoney(4200, 'EUR', 'en-GB')` → "€42.00". Never throws: a
 * code that Intl rejects is shown as "42.00 XYZ".
 */
export function formatMoney(minor: number, currency: string, locale: string): string {
  const cached = currencyFormat(currency, locale) ?? currencyFormat(currency, DEFAULT_LOCALE);
  if (cached === null) return `${(minor / 100).toFixed(2)} ${currency}`;
  return cached.format.format(minor / cached.scale);
}

/**
 * An amount in minor units as a plain decimal of major units, as files and spreadsheets read
 * it: `majorUnits(3980, 'EUR')` → "39.80", `majorUnits(-500, 'EUR')` → "-5.00", yen → "3980".
 * Whole numbers only, so no rounding error creeps in.
 */
export function majorUnits(minor: number, currency: string): string {
  const scale = minorUnitsPerMajor(currency);
  const digits = Math.round(Math.log10(scale));
  const size = Math.abs(minor);
  const whole = Math.floor(size / scale);
  const fraction = String(size - whole * scale).padStart(digits, '0');
  const sign = minor < 0 ? '-' : '';
  return digits === 0 ? `${sign}${whole}` : `${sign}${whole}.${fraction}`;
}

/** An amount in minor units with the order's currency, in the user's locale. */
export const money = (minor: number, currency: string): string =>
  formatMoney(minor, currency, userLocale());

/** A short amount for a chart's axis, e.g. "€12K", in `locale`. */
export function compactMoney(minor: number, currency: string, locale: string): string {
  const amount = minor / minorUnitsPerMajor(currency);
  const compact = { notation: 'compact', maximumFractionDigits: 1 } as const;
  const format =
    numberFormat(locale, { ...compact, style: 'currency', currency }) ??
    numberFormat(locale, compact);
  return format === null ? String(amount) : format.format(amount);
}

/** By the catalog's payment methods (domain/events.ts; lib sits below the domain: a test checks). */
const paymentMethodNames: Readonly<Partial<Record<string, string>>> = {
  card: 'Card',
  cash: 'Cash',
  bank_transfer: 'Bank transfer',
};

/**
 * A payment method as the desk names it: "Bank transfer"; in a sentence ("paid by bank
 * transfer"), `inSentence`. An unexpected method still reads as something.
 */
export function paymentMethodName(method: string, { inSentence = false } = {}): string {
  const name = paymentMethodNames[method] ?? method;
  return inSentence ? name.toLowerCase() : name;
}

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
