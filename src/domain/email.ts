/**
 * Email addresses: what makes one valid, and when two are the same address. One rule for the
 * customer decider, the import's checks and the uniqueness claims.
 *
 * Two addresses are the same when they are equal after Unicode NFKC and case folding (so
 * `ＡＤＡ@example.com`, `Ada@Example.com` and `İda@…`/`ida@…` meet). Addresses that could pass for
 * others without being equal are refused: invisible and control characters anywhere, and a part
 * (between dots) that mixes scripts, such as a Cyrillic `е` among Latin letters.
 */

export const MAX_EMAIL_LENGTH = 254;

/**
 * Printable ASCII: NFKC changes none of it, folding its case is lower-casing it, and it holds no
 * invisible character nor letters of two scripts. Most addresses are; an import checks them fast.
 */
const printableAscii = /^[\x21-\x7e]*$/u;

/** The email as it is recorded: in NFKC (full-width letters become plain ones), trimmed. */
export function recordedEmail(email: string): string {
  const trimmed = email.trim();
  return printableAscii.test(trimmed) ? trimmed : email.normalize('NFKC').trim();
}

/**
 * Full case folding, closer than toLowerCase: upper-casing first folds ß to ss and ᾳ to αι (twice:
 * capital ẞ lower-cases to ß first); a final ς becomes σ; the dot that upper-case İ keeps on its
 * lower-case i is dropped, as is a combining dot on a j (both are dotted already).
 */
const foldCase = (text: string): string =>
  text
    .toUpperCase()
    .toLowerCase()
    .toUpperCase()
    .toLowerCase()
    .replace(/ς/gu, 'σ')
    .replace(/([ij])\u0307/gu, '$1');

/** The key under which an email is unique: NFKC and case folding of the recorded form. */
export function normalizeEmail(email: string): string {
  const recorded = recordedEmail(email);
  return printableAscii.test(recorded)
    ? recorded.toLowerCase()
    : foldCase(recorded).normalize('NFKC').trim();
}

/**
 * Control characters, format characters (zero-width spaces and joiners, direction marks, the
 * soft hyphen), other characters that are invisible by default, line separators, and halves of
 * surrogate pairs.
 */
const invisibleCharacter = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]|\p{Cs}/u;
const addressPattern = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/u;

/** The scripts told apart; a letter of any other counts as one more script. */
const scriptNames = [
  'Latin',
  'Greek',
  'Cyrillic',
  'Armenian',
  'Georgian',
  'Hebrew',
  'Arabic',
  'Syriac',
  'Thaana',
  'Devanagari',
  'Bengali',
  'Gurmukhi',
  'Gujarati',
  'Oriya',
  'Tamil',
  'Telugu',
  'Kannada',
  'Malayalam',
  'Sinhala',
  'Thai',
  'Lao',
  'Tibetan',
  'Myanmar',
  'Khmer',
  'Mongolian',
  'Ethiopic',
  'Cherokee',
  'Hangul',
  'Hiragana',
  'Katakana',
  'Bopomofo',
  'Han',
] as const;
const scripts = scriptNames.map((name) => ({
  name,
  pattern: new RegExp(`\\p{Script=${name}}`, 'u'),
}));
/** Digits, punctuation and combining marks belong to no script of their own. */
const anyScript = /[\p{Script=Common}\p{Script=Inherited}]/u;

/**
 * Scripts written together (UTS #39, highly restrictive): Japanese, Chinese with Bopomofo and
 * Korean, each with Latin.
 */
const writtenTogether: readonly ReadonlySet<string>[] = [
  new Set(['Latin', 'Han', 'Hiragana', 'Katakana']),
  new Set(['Latin', 'Han', 'Bopomofo']),
  new Set(['Latin', 'Han', 'Hangul']),
];

const scriptOf = (character: string): string | null =>
  anyScript.test(character)
    ? null
    : (scripts.find(({ pattern }) => pattern.test(character))?.name ?? 'another script');

/** The scripts of a part of an address when they may not be written together, else null. */
function mixedScripts(part: string): string[] | null {
  if (printableAscii.test(part)) return null;
  const found = new Set<string>();
  for (const character of part) {
    const script = scriptOf(character);
    if (script !== null) found.add(script);
  }
  if (found.size < 2 || writtenTogether.some((set) => [...found].every((s) => set.has(s))))
    return null;
  return [...found];
}

const codePoint = (character: string): string =>
  `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

const listed = (names: readonly string[]): string =>
  names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;

/**
 * Why `email` is not a valid address, as the end of a sentence about it (“The email … is too
 * long: …”), or null when it is valid. Checked on the recorded form.
 */
export function emailProblem(email: string): string | null {
  const recorded = recordedEmail(email);
  const ascii = printableAscii.test(recorded);
  const invisible = ascii ? null : invisibleCharacter.exec(recorded);
  if (invisible)
    return `holds an invisible or control character (${codePoint(invisible[0])}), which would make it look like another address`;
  if (recorded.length > MAX_EMAIL_LENGTH)
    return `is too long: at most ${MAX_EMAIL_LENGTH} characters`;
  if (!addressPattern.test(recorded)) return 'is not an email address such as name@example.com';
  if (ascii) return null;
  for (const part of recorded.split(/[.@]/u)) {
    const mixed = mixedScripts(part);
    if (mixed)
      return `mixes ${listed(mixed)} letters in “${part}”, which would make it look like another address`;
  }
  return null;
}
