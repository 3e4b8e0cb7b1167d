import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_EMAIL_LENGTH, emailProblem, normalizeEmail, recordedEmail } from './email';

describe('normalizeEmail: the key under which an email is unique', () => {
  it.each([
    ['ada@example.com', 'ada@example.com'],
    ['  Ada@Example.COM\t', 'ada@example.com'],
    ['ADA.LOVELACE+Desk@EXAMPLE.CO.UK', 'ada.lovelace+desk@example.co.uk'],
    // NFKC: full-width letters and signs are the plain ones.
    ['ＡＤＡ＠ｅｘａｍｐｌｅ．ｃｏｍ', 'ada@example.com'],
    // Case folding, not only lower-casing.
    ['STRASSE@example.de', 'strasse@example.de'],
    ['straße@example.de', 'strasse@example.de'],
    ['STRAẞE@example.de', 'strasse@example.de'],
    ['ΌΣΟΣ@example.gr', 'όσοσ@example.gr'],
    ['όσος@example.gr', 'όσοσ@example.gr'],
    // İ lower-cases to i with a dot above, which an i has already.
    ['İNFO@example.com', 'info@example.com'],
    ['i\u0307nfo@example.com', 'info@example.com'],
    ['ınfo@example.com', 'info@example.com'],
  ])('%j is unique as %j', (email, key) => {
    expect(normalizeEmail(email)).toBe(key);
  });

  it('is the same for an email and its recorded form, and idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (email) => {
        const key = normalizeEmail(email);
        expect(normalizeEmail(recordedEmail(email))).toBe(key);
        expect(normalizeEmail(key)).toBe(key);
      }),
    );
  });
});

describe('recordedEmail: the email as the decider records it', () => {
  it('is trimmed and in NFKC, keeping the case as typed', () => {
    expect(recordedEmail('  Ada@Example.com ')).toBe('Ada@Example.com');
    expect(recordedEmail('ＡＤＡ@example.com')).toBe('ADA@example.com');
  });
});

describe('emailProblem', () => {
  it.each([
    'ada@example.com',
    'Ada.Lovelace+desk@example.co.uk',
    'ＡＤＡ@example.com',
    // One script per part: internationalized addresses.
    'иван@пример.рф',
    'ivan.иванов@example.com',
    'Ελλάδα@παράδειγμα.gr',
    'δοκιμή@example.gr',
    // Scripts written together: Japanese with Latin.
    '山田たなかTaro@例え.jp',
    'info@xn--80ak6aa92e.com',
    'x'.repeat(MAX_EMAIL_LENGTH - '@example.com'.length) + '@example.com',
  ])('accepts %j', (email) => {
    expect(emailProblem(email)).toBeNull();
  });

  it.each([
    ['ada\u200b@example.com', 'U+200B'],
    ['ada@exam\u200dple.com', 'U+200D'],
    ['ada\u00ad@example.com', 'U+00AD'],
    ['ada\u2060@example.com', 'U+2060'],
    ['\u202eada@example.com', 'U+202E'],
    ['ada\u0001@example.com', 'U+0001'],
    ['ada\u007f@example.com', 'U+007F'],
    ['ada@example.com\u2028x', 'U+2028'],
    ['ada\ud800@example.com', 'U+D800'],
  ])('refuses %j: an invisible or control character (%s)', (email, codePoint) => {
    expect(emailProblem(email)).toBe(
      `holds an invisible or control character (${codePoint}), which would make it look like another address`,
    );
  });

  it.each([
    // A Cyrillic е and а among Latin letters.
    ['ada@exаmple.com', 'Latin and Cyrillic', 'exаmple'],
    ['jоhn@example.com', 'Latin and Cyrillic', 'jоhn'],
    // A Greek ο.
    ['ada@gοogle.com', 'Latin and Greek', 'gοogle'],
    ['ada@example.cοm', 'Latin and Greek', 'cοm'],
    ['ada@пример-example.com', 'Cyrillic and Latin', 'пример-example'],
  ])('refuses %j: it mixes %s letters in one part', (email, scripts, part) => {
    expect(emailProblem(email)).toBe(
      `mixes ${scripts} letters in “${part}”, which would make it look like another address`,
    );
  });

  it.each(['', 'ada', '@', 'ada@example', 'ada@exam ple.com', 'ada@example.', 'a@b@example.com'])(
    'refuses %j: not an address',
    (email) => {
      expect(emailProblem(email)).toBe('is not an email address such as name@example.com');
    },
  );

  it(`refuses an address over ${MAX_EMAIL_LENGTH} characters`, () => {
    const email = `${'x'.repeat(MAX_EMAIL_LENGTH)}@example.com`;
    expect(emailProblem(email)).toBe(`is too long: at most ${MAX_EMAIL_LENGTH} characters`);
  });
});
