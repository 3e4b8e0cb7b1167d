import { describe, expect, it } from 'vitest';
import { paymentMethods } from '../domain/events';
import {
  formatBytes,
  formatCount,
  formatDate,
  formatMoney,
  formatShare,
  formatTime,
  formatClock,
  majorUnits,
  minorUnitsPerMajor,
  money,
  paymentMethodName,
} from './format';

describe('formatMoney', () => {
  it('formats minor units in the currency’s own decimals', () => {
    expect(formatMoney(4200, 'EUR', 'en-GB')).toBe('€42.00');
    expect(formatMoney(1999, 'EUR', 'en-GB')).toBe('€19.99');
    expect(formatMoney(123456789, 'EUR', 'en-GB')).toBe('€1,234,567.89');
    expect(formatMoney(4200, 'JPY', 'en-GB')).toBe('JP¥4,200');
    expect(formatMoney(1500, 'BHD', 'en-GB')).toBe('BHD\u00a01.500');
  });

  it('formats negative amounts and zero', () => {
    expect(formatMoney(-150, 'EUR', 'en-GB')).toBe('-€1.50');
    expect(formatMoney(0, 'EUR', 'en-GB')).toBe('€0.00');
  });

  it('formats in the given locale', () => {
    expect(formatMoney(4200, 'EUR', 'de-DE')).toBe('42,00\u00a0€');
    expect(formatMoney(4200, 'USD', 'en-US')).toBe('$42.00');
  });

  it('never throws: a code Intl rejects falls back to plain digits', () => {
    expect(formatMoney(4200, 'EURO', 'en-GB')).toBe('42.00 EURO');
    expect(formatMoney(4200, 'EUR', 'not a locale!')).toBe('€42.00');
  });
});

describe('minorUnitsPerMajor', () => {
  it('knows the currency’s minor unit', () => {
    expect(minorUnitsPerMajor('EUR')).toBe(100);
    expect(minorUnitsPerMajor('JPY')).toBe(1);
    expect(minorUnitsPerMajor('BHD')).toBe(1000);
    expect(minorUnitsPerMajor('???')).toBe(100);
  });
});

describe('majorUnits', () => {
  it('writes minor units as a plain decimal of the currency’s major unit', () => {
    expect(majorUnits(3980, 'EUR')).toBe('39.80');
    expect(majorUnits(5, 'EUR')).toBe('0.05');
    expect(majorUnits(0, 'EUR')).toBe('0.00');
    expect(majorUnits(-500, 'EUR')).toBe('-5.00');
    expect(majorUnits(123456789, 'EUR')).toBe('1234567.89');
    expect(majorUnits(3980, 'JPY')).toBe('3980');
    expect(majorUnits(1500, 'BHD')).toBe('1.500');
  });
});

describe('bytes', () => {
  it('in decimal units as browsers show them, one decimal at most', () => {
    expect(formatBytes(0, 'en-GB')).toBe('0 bytes');
    expect(formatBytes(840, 'en-GB')).toBe('840 bytes');
    expect(formatBytes(12_345, 'en-GB')).toBe('12.3 kB');
    expect(formatBytes(12_345_678, 'en-GB')).toBe('12.3 MB');
    expect(formatBytes(999_000_000, 'en-GB')).toBe('999 MB');
    expect(formatBytes(1_000_000_000, 'en-GB')).toBe('1 GB');
    expect(formatBytes(296_474_222_592, 'en-GB')).toBe('296.5 GB');
  });

  it('in the locale', () => {
    expect(formatBytes(12_345_678, 'de-DE')).toBe('12,3 MB');
  });

  it('as a share of the quota', () => {
    expect(formatShare(0, 100, 'en-GB')).toBe('0%');
    expect(formatShare(1, 1000, 'en-GB')).toBe('less than 1%');
    expect(formatShare(25, 100, 'en-GB')).toBe('25%');
    expect(formatShare(125, 1000, 'de-DE')).toBe('12,5\u00a0%');
  });
});

describe('counts and times', () => {
  it('groups digits as the locale does', () => {
    expect(formatCount(10_000, 'en-GB')).toBe('10,000');
    expect(formatCount(10_000, 'de-DE')).toBe('10.000');
    expect(formatCount(10_000, 'not a locale!')).toBe('10,000');
  });

  it('writes times and days in the locale', () => {
    const iso = '2026-05-12T09:30:00.000Z';
    expect(formatTime(iso, 'en-GB')).toMatch(/^12 May 2026, \d\d:\d\d$/);
    expect(formatDate(iso, 'en-GB')).toBe('12 May 2026');
    expect(formatDate(iso, 'de-DE')).toBe('12.05.2026');
    expect(formatClock(iso, 'en-GB')).toMatch(/^\d\d:\d\d$/);
    expect(formatClock(iso, 'en-US')).toMatch(/^\d\d?:\d\d\s[AP]M$/u);
  });

  it('uses the browser’s language by default', () => {
    const language = navigator.language;
    Object.defineProperty(navigator, 'language', { configurable: true, value: 'de-DE' });
    try {
      expect(formatCount(10_000)).toBe('10.000');
      expect(money(4200, 'EUR')).toBe('42,00\u00a0€');
    } finally {
      Object.defineProperty(navigator, 'language', { configurable: true, value: language });
    }
  });
});

describe('payment methods', () => {
  it('have one name each, in lower case inside a sentence', () => {
    expect(paymentMethodName('bank_transfer')).toBe('Bank transfer');
    expect(paymentMethodName('card')).toBe('Card');
    expect(paymentMethodName('bank_transfer', { inSentence: true })).toBe('bank transfer');
    expect(paymentMethodName('cheque')).toBe('cheque');
    // Every method of the catalog has its name.
    for (const method of paymentMethods) expect(paymentMethodName(method)).not.toBe(method);
  });
});
