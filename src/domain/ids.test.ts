import { describe, expect, it } from 'vitest';
import { isValidId, isValidTime } from './ids';

describe('isValidId', () => {
  it.each(['a', 'Z', '0', '-', '_', 'c-1', 'Order_2024-01', 'x'.repeat(64)])('accepts %j', (id) => {
    expect(isValidId(id)).toBe(true);
  });

  it.each(['', ' ', ' c-1', 'c-1 ', 'c 1', 'c.1', 'c/1', 'c:1', 'émile', 'c-1\n', 'x'.repeat(65)])(
    'rejects %j',
    (id) => {
      expect(isValidId(id)).toBe(false);
    },
  );
});

describe('isValidTime', () => {
  it.each(['2024-01-01T00:00:00.000Z', '2024-02-29T23:59:59.999Z', '1999-12-31T12:30:45.123Z'])(
    'accepts %j',
    (time) => {
      expect(isValidTime(time)).toBe(true);
    },
  );

  it('accepts what Date.prototype.toISOString produces', () => {
    expect(isValidTime(new Date(1_700_000_000_123).toISOString())).toBe(true);
  });

  it.each([
    '',
    'yesterday',
    '2024-01-01',
    '2024-01-01T00:00:00Z',
    '2024-01-01T00:00:00.0Z',
    '2024-01-01T00:00:00.000000Z',
    '2024-01-01T00:00:00.000+01:00',
    '2024-01-01T00:00:00.000',
    '2024-01-01 00:00:00.000Z',
    ' 2024-01-01T00:00:00.000Z',
    '2024-13-01T00:00:00.000Z',
    '2024-00-10T00:00:00.000Z',
    '2024-01-32T00:00:00.000Z',
    '2024-02-30T00:00:00.000Z',
    '2023-02-29T00:00:00.000Z',
    '2024-04-31T00:00:00.000Z',
    '2024-01-01T24:00:00.000Z',
    '2024-01-01T12:60:00.000Z',
    '2024-01-01T12:00:60.000Z',
  ])('rejects %j', (time) => {
    expect(isValidTime(time)).toBe(false);
  });
});
