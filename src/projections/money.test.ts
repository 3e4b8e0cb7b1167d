import { describe, expect, it } from 'vitest';
import { formatMoney, majorUnits, minorUnitsPerMajor } from './money';

describe('formatMoney', () => {
  it('formats minor units in the currency’s own decimals', () => {
    expect(formatMoney(4200, 'EUR')).toBe('€42.00');
    expect(formatMoney(1999, 'EUR')).toBe('€19.99');
    expect(formatMoney(123456789, 'EUR')).toBe('€1,234,567.89');
    expect(formatMoney(4200, 'JPY')).toBe('JP¥4,200');
    expect(formatMoney(1500, 'BHD')).toBe('BHD\u00a01.500');
  });

  it('formats negative amounts and zero', () => {
    expect(formatMoney(-150, 'EUR')).toBe('-€1.50');
    expect(formatMoney(0, 'EUR')).toBe('€0.00');
  });

  it('formats in the given locale', () => {
    expect(formatMoney(4200, 'EUR', 'de-DE')).toBe('42,00\u00a0€');
    expect(formatMoney(4200, 'USD', 'en-US')).toBe('$42.00');
  });

  it('never throws: a code Intl rejects falls back to plain digits', () => {
    expect(formatMoney(4200, 'EURO')).toBe('42.00 EURO');
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
