/**
 * The secrets of joining: invite codes and device tokens. Both are random (100 and 256 bits),
 * shown once and stored only as their SHA-256: a guess is hopeless, so a slow password hash would
 * buy nothing, and an equality lookup on the hash needs no constant-time compare.
 */
import { createHash, randomBytes } from 'node:crypto';

/** Crockford's base 32: no I, L, O or U, so a code read aloud or typed is not misread. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function randomBase32(length: number): string {
  const bytes = randomBytes(length);
  let text = '';
  // 256 is a multiple of 32: every character is equally likely.
  for (const byte of bytes) text += ALPHABET.charAt(byte % 32);
  return text;
}

export const hashSecret = (secret: string): Buffer => createHash('sha256').update(secret).digest();

/** A desk id: 12 lowercase characters (60 bits). Public, part of every URL of the desk. */
export const newDeskId = (): string => randomBase32(12).toLowerCase();

/** What a desk id looks like (made here, or by an older server: any length up to 64). */
export const deskIdPattern = /^[0-9a-z]{1,64}$/;

export const newDeviceToken = (): string => `odt_${randomBytes(32).toString('base64url')}`;

const INVITE_SECRET_LENGTH = 20;

/**
 * An invite code: the desk id, then 20 characters of secret in groups of four, e.g.
 * `7k2m9q4xa3bd-K7QM-2XZP-9RTB-4WHN-8CJF`. The desk id in it lets a joining device reach its
 * desk's database before anything else is known.
 */
export function newInviteCode(desk: string): string {
  const secret = randomBase32(INVITE_SECRET_LENGTH);
  const groups = secret.match(/.{4}/g) ?? [];
  return [desk, ...groups].join('-');
}

export interface ParsedInvite {
  readonly desk: string;
  /** The code in one canonical spelling: what is hashed. */
  readonly canonical: string;
}

/**
 * An invite code as typed: spaces and dashes anywhere after the desk id, any case, and the
 * letters O, I and L for the digits they look like.
 */
export function parseInviteCode(input: string): ParsedInvite | undefined {
  const trimmed = input.trim();
  const dash = trimmed.indexOf('-');
  if (dash <= 0) return undefined;
  const desk = trimmed.slice(0, dash).toLowerCase();
  const secret = trimmed
    .slice(dash + 1)
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (!deskIdPattern.test(desk) || secret.length !== INVITE_SECRET_LENGTH) return undefined;
  for (const character of secret) if (!ALPHABET.includes(character)) return undefined;
  return { desk, canonical: `${desk}-${secret}` };
}
