import { describe, expect, it } from 'vitest';
import { findUnstorableText, unstorableCharacterIn, unstorableTextProblem } from './text';

describe('unstorableCharacterIn', () => {
  it.each([
    '',
    'Ada Lovelace',
    'Zoë Ørsted, 東京',
    // Characters outside the Basic Multilingual Plane: whole surrogate pairs.
    'Cake 🎂 and 𝄞',
    'tab\tand\nnewline',
  ])('keeps %j', (text) => {
    expect(unstorableCharacterIn(text)).toBeNull();
  });

  it.each([
    ['Nul\u0000here', 'nul'],
    ['\u0000', 'nul'],
    ['high \uD83D alone', 'lone_surrogate'],
    ['ends high \uD83D', 'lone_surrogate'],
    ['\uDE00 low first', 'lone_surrogate'],
    // A low surrogate before its high one is not a pair.
    ['\uDE00\uD83D', 'lone_surrogate'],
    ['half of 🎂'.slice(0, -1), 'lone_surrogate'],
  ] as const)('refuses %j: %s', (text, found) => {
    expect(unstorableCharacterIn(text)).toBe(found);
  });
});

describe('unstorableTextProblem', () => {
  it('says what the text holds, as the end of a sentence', () => {
    expect(unstorableTextProblem('Ada')).toBeNull();
    expect(unstorableTextProblem('Nul\u0000here')).toBe(
      'holds a NUL character (U+0000), which cannot be stored',
    );
    expect(unstorableTextProblem('\uD83D')).toMatch(/^holds half of a character/u);
  });
});

describe('findUnstorableText', () => {
  it('finds the first text that cannot be stored, at any depth, and says where', () => {
    const events = [
      { id: 'e1', data: { name: 'Ada' } },
      { id: 'e2', data: { items: [{ name: 'Mug' }, { name: 'Te\u0000a' }], note: '\uD83D' } },
    ];
    expect(findUnstorableText(events)).toEqual({
      path: '[1].data.items[1].name',
      problem: 'holds a NUL character (U+0000), which cannot be stored',
    });
  });

  it('looks at keys too', () => {
    expect(findUnstorableText({ data: { 'na\u0000me': 'Ada' } })?.path).toBe('data.na\u0000me');
  });

  it('finds nothing in storable values', () => {
    expect(
      findUnstorableText([{ id: 'e1', n: 1, ok: true, none: null, data: { name: '🎂' } }]),
    ).toBeNull();
  });
});
