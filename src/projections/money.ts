/**
 * Money display. Amounts are integers in minor units (CONTRACT.md §1); the number of minor digits
 * comes from Intl (2 for EUR, 0 for JPY, 3 for BHD).
 */

/**
 * The locale of texts that projections store (activity summaries). Fixed, so a state does not
 * depend on where it was computed; screens may pass the user's locale to `formatMoney`.
 */
export const DEFAULT_LOCALE = 'en-GB';

interface CachedFormat {
  format: Intl.NumberFormat;
  scale: number;
}

// Creating a NumberFormat costs tens of microseconds; formatting with one costs about one.
// `null` remembers a currency or locale that Intl rejects.
const cache = new Map<string, CachedFormat | null>();

function formatFor(currency: string, locale: string): CachedFormat | null {
  const key = `${locale}\u0000${currency}`;
  let cached = cache.get(key);
  if (cached === undefined) {
    try {
      const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
      const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
      cached = { format, scale: 10 ** digits };
    } catch {
      cached = null;
    }
    cache.set(key, cached);
  }
  return cached;
}

/** How many minor units make one major unit of `currency` (100 for EUR, 1 for JPY). */
export function minorUnitsPerMajor(currency: string): number {
  return formatFor(currency, DEFAULT_LOCALE)?.scale ?? 100;
}

/**
 * Formats an amount in minor units, e.g. `formatMoney(4200, 'EUR')` → "€42.00". Never throws: a
 * code that Intl rejects is shown as "42.00 XYZ".
 */
export function formatMoney(
  minor: number,
  currency: string,
  locale: string = DEFAULT_LOCALE,
): string {
  const cached = formatFor(currency, locale) ?? formatFor(currency, DEFAULT_LOCALE);
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
