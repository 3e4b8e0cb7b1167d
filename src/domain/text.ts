/**
 * Text that no log keeps: a NUL character (U+0000), which PostgreSQL text cannot hold, and half a
 * surrogate pair, which is not Unicode (UTF-8 has no bytes for it). A JavaScript string holds
 * either, so text pasted into a field can. One rule for the deciders (a command's text), an
 * import (a file's events), the sync server (a push's body) and a device whose push the server
 * refused for it (events stored before the rule).
 */

export type UnstorableCharacter = 'nul' | 'lone_surrogate';

/** Half a surrogate pair: a high one not followed by a low one, or a low one after no high one. */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What in `text` no log keeps (a NUL before half a surrogate pair), or null when it may be stored. */
export function unstorableCharacterIn(text: string): UnstorableCharacter | null {
  if (text.includes('\u0000')) return 'nul';
  return loneSurrogate.test(text) ? 'lone_surrogate' : null;
}

/**
 * Why `text` cannot be stored, as the end of a sentence about it (“The name …”), or null when it
 * may be.
 */
export function unstorableTextProblem(text: string): string | null {
  const found = unstorableCharacterIn(text);
  switch (found) {
    case null:
      return null;
    case 'nul':
      return 'holds a NUL character (U+0000), which cannot be stored';
    case 'lone_surrogate':
      return 'holds half of a character (a lone surrogate, not valid Unicode), which cannot be stored';
    default: {
      const unknown: never = found;
      return unknown;
    }
  }
}

/** The sentence for a command's text that cannot be stored; `what` begins it (“The name”). */
export const unstorableTextMessage = (what: string, problem: string): string =>
  `${what} ${problem}: type it again rather than pasting it.`;

/**
 * The first answer of `visit` for the texts of a JSON value, at any depth, in order: each key
 * (`holder` is the path of its object) before its value, and each string. `path` is where the
 * text is: `data.items[0].name`.
 */
export function firstTextIn<T>(
  value: unknown,
  visit: (text: string, path: string, holder?: string) => T | null,
  path = '',
): T | null {
  if (typeof value === 'string') return visit(value, path);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = firstTextIn(value[i], visit, `${path}[${i}]`);
      if (found !== null) return found;
    }
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, field] of Object.entries(value)) {
    const at = path === '' ? key : `${path}.${key}`;
    const found = visit(key, at, path) ?? firstTextIn(field, visit, at);
    if (found !== null) return found;
  }
  return null;
}

/** The first text (a key or a string) of a JSON value that cannot be stored: where, and why. */
export const findUnstorableText = (value: unknown): { path: string; problem: string } | null =>
  firstTextIn(value, (text, path) => {
    const problem = unstorableTextProblem(text);
    return problem === null ? null : { path, problem };
  });
