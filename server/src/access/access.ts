/**
 * Who may use a desk: the desk and its owner, invites, devices and their tokens (docs/sync.md,
 * "Authentication"). A desk is made on the command line with an owner invite; the owner's devices
 * invite the others. A device token is good for one desk only.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { inTransaction } from '../db/database';
import { HttpError } from '../httpError';
import {
  deskIdPattern,
  hashSecret,
  newDeskId,
  newDeviceToken,
  newInviteCode,
  parseInviteCode,
} from './secrets';

export type Role = 'owner' | 'member';
export const isRole = (value: unknown): value is Role => value === 'owner' || value === 'member';

/** The device a request comes from, once its token is checked. */
export interface Device {
  readonly id: string;
  readonly desk: string;
  readonly person: string;
  readonly role: Role;
  /** What the server stamps as each of its events' `source`. */
  readonly source: string;
}

export const sourceOfDevice = (deviceId: string): string => `urn:uuid:${deviceId}`;

export const MAX_NAME_LENGTH = 100;
export const DEFAULT_INVITE_HOURS = 72;
export const MAX_INVITE_HOURS = 720;

/** A person's or desk's name, trimmed, or why it is not one. */
export function readName(value: unknown, what: string): string {
  const name = typeof value === 'string' ? value.trim() : '';
  if (name.length === 0 || name.length > MAX_NAME_LENGTH)
    throw new HttpError(
      400,
      'invalid_request',
      `${what} must be text of 1 to ${MAX_NAME_LENGTH} characters.`,
    );
  return name;
}

export interface Invite {
  readonly code: string;
  readonly desk: string;
  readonly person: string;
  readonly role: Role;
  readonly expiresAt: string;
}

async function insertInvite(
  db: pg.ClientBase | pg.Pool,
  desk: string,
  person: string,
  role: Role,
  hours: number,
  createdBy: string | null,
): Promise<Invite> {
  const code = newInviteCode(desk);
  const parsed = parseInviteCode(code);
  if (!parsed) throw new Error('a new invite code must read back');
  const result = await db.query<{ expires_at: Date }>(
    `INSERT INTO invites (code_hash, desk, person, role, created_by, expires_at)
     VALUES ($1, $2, $3, $4, $5, now() + make_interval(hours => $6))
     RETURNING expires_at`,
    [hashSecret(parsed.canonical), desk, person, role, createdBy, hours],
  );
  const expiresAt = result.rows[0]?.expires_at ?? new Date(Number.NaN);
  return { code, desk, person, role, expiresAt: expiresAt.toISOString() };
}

/** A new desk and the invite its owner joins with. */
export async function createDesk(
  pool: pg.Pool,
  name: string,
  owner: string,
): Promise<{ desk: { id: string; name: string }; invite: Invite }> {
  return inTransaction(pool, async (client) => {
    const id = newDeskId();
    await client.query('INSERT INTO desks (id, name) VALUES ($1, $2)', [id, name]);
    const invite = await insertInvite(client, id, owner, 'owner', DEFAULT_INVITE_HOURS, null);
    return { desk: { id, name }, invite };
  });
}

/** An invite to `desk`, made by one of its owner devices, or on the command line (`by` null). */
export async function createInvite(
  pool: pg.Pool,
  desk: string,
  person: string,
  role: Role,
  hours: number,
  by: string | null,
): Promise<Invite> {
  const found = await pool.query('SELECT 1 FROM desks WHERE id = $1', [desk]);
  if (found.rowCount === 0) throw new HttpError(404, 'desk_not_found', `There is no desk ${desk}.`);
  if (by === null) return insertInvite(pool, desk, person, role, hours, by);
  return inTransaction(pool, async (client) => {
    // The maker's row, shared: a revocation since its token was checked refuses the invite, and
    // one under way waits for it and then expires it with the maker's other invites.
    const maker = await client.query<{ revoked: boolean }>(
      'SELECT revoked_at IS NOT NULL AS revoked FROM devices WHERE id = $1 FOR SHARE',
      [by],
    );
    if (maker.rows[0]?.revoked !== false) throw deviceRevoked();
    return insertInvite(client, desk, person, role, hours, by);
  });
}

export interface Joined {
  readonly token: string;
  readonly device: Device & { readonly joinedAt: string };
  readonly desk: { readonly id: string; readonly name: string; readonly head: number };
}

const inviteRefused = (why: string) =>
  new HttpError(403, 'invite_not_usable', `This invite code cannot be used: ${why}`);

/** Uses an invite: a new device on its desk, named after the invite's person. */
export async function join(pool: pg.Pool, code: string): Promise<Joined> {
  const parsed = parseInviteCode(code);
  if (!parsed)
    throw inviteRefused('it is not an invite code (ask the desk’s owner for a new one).');
  return inTransaction(pool, async (client) => {
    // Locked: two devices racing with one code cannot both get in. Expired by the clock when the
    // row is read, not by the transaction's start: a revocation of the invite's maker that
    // committed while this read waited expired it at its own start, which may be later.
    const invite = await client.query<{
      desk: string;
      person: string;
      role: Role;
      used_at: Date | null;
      expired: boolean;
    }>(
      `SELECT desk, person, role, used_at, expires_at <= clock_timestamp() AS expired
       FROM invites WHERE code_hash = $1 AND desk = $2 FOR UPDATE`,
      [hashSecret(parsed.canonical), parsed.desk],
    );
    const row = invite.rows[0];
    if (!row) throw inviteRefused('it is not known here (check it, or ask for a new one).');
    if (row.used_at) throw inviteRefused('it has already been used (each code joins one device).');
    if (row.expired) throw inviteRefused('it has expired (ask the desk’s owner for a new one).');
    const token = newDeviceToken();
    const id = randomUUID();
    const device = await client.query<{ joined_at: Date }>(
      `INSERT INTO devices (id, desk, person, role, token_hash) VALUES ($1, $2, $3, $4, $5)
       RETURNING joined_at`,
      [id, row.desk, row.person, row.role, hashSecret(token)],
    );
    await client.query('UPDATE invites SET used_at = now(), used_by = $2 WHERE code_hash = $1', [
      hashSecret(parsed.canonical),
      id,
    ]);
    const desk = await client.query<{ name: string; head: number }>(
      'SELECT name, head FROM desks WHERE id = $1',
      [row.desk],
    );
    return {
      token,
      device: {
        id,
        desk: row.desk,
        person: row.person,
        role: row.role,
        source: sourceOfDevice(id),
        joinedAt: (device.rows[0]?.joined_at ?? new Date(Number.NaN)).toISOString(),
      },
      desk: { id: row.desk, name: desk.rows[0]?.name ?? '', head: desk.rows[0]?.head ?? 0 },
    };
  });
}

/** How often a device's `last seen` is written: at most once a minute, not at every request. */
const LAST_SEEN_EVERY_SECONDS = 60;

/** The refusal of a revoked device's requests. */
export const deviceRevoked = (): HttpError =>
  new HttpError(
    401,
    'device_revoked',
    'This device was removed from the desk by its owner: join again with a new invite code.',
  );

/**
 * The device whose token `authorization` carries (`Bearer <token>`), if it is a device of `desk`
 * that is not revoked. A token of another desk is as unknown here as a made-up one.
 */
export async function authenticate(
  pool: pg.Pool,
  desk: string,
  authorization: string | undefined,
): Promise<Device> {
  const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  if (token === undefined)
    throw new HttpError(
      401,
      'unauthenticated',
      'Send the device token as "Authorization: Bearer <token>" (join the desk to get one).',
    );
  const unknown = new HttpError(
    401,
    'unauthenticated',
    'This device token is not one of this desk’s: join the desk with an invite code.',
  );
  // Not a desk id at all (a NUL would not even reach the query): as unknown as any other.
  if (!deskIdPattern.test(desk)) throw unknown;
  const found = await pool.query<{
    id: string;
    person: string;
    role: Role;
    revoked: boolean;
    stale: boolean;
  }>({
    name: 'authenticate',
    text: `SELECT id, person, role, revoked_at IS NOT NULL AS revoked,
                  last_seen_at < now() - make_interval(secs => $3) AS stale
           FROM devices WHERE token_hash = $1 AND desk = $2`,
    values: [hashSecret(token), desk, LAST_SEEN_EVERY_SECONDS],
  });
  const row = found.rows[0];
  if (!row) throw unknown;
  if (row.revoked) throw deviceRevoked();
  if (row.stale)
    await pool.query('UPDATE devices SET last_seen_at = now() WHERE id = $1', [row.id]);
  return { id: row.id, desk, person: row.person, role: row.role, source: sourceOfDevice(row.id) };
}

export function requireOwner(device: Device): void {
  if (device.role !== 'owner')
    throw new HttpError(403, 'owner_only', 'Only the desk owner’s devices may do this.');
}

export interface DeviceListing {
  readonly id: string;
  readonly person: string;
  readonly role: Role;
  readonly joinedAt: string;
  readonly lastSeenAt: string;
  readonly revokedAt: string | null;
}

interface DeviceRow {
  id: string;
  person: string;
  role: Role;
  joined_at: Date;
  last_seen_at: Date;
  revoked_at: Date | null;
}

const listing = (row: DeviceRow): DeviceListing => ({
  id: row.id,
  person: row.person,
  role: row.role,
  joinedAt: row.joined_at.toISOString(),
  lastSeenAt: row.last_seen_at.toISOString(),
  revokedAt: row.revoked_at?.toISOString() ?? null,
});

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const DEVICE_COLUMNS = 'id, person, role, joined_at, last_seen_at, revoked_at';

export async function listDevices(pool: pg.Pool, desk: string): Promise<DeviceListing[]> {
  const result = await pool.query<DeviceRow>(
    `SELECT ${DEVICE_COLUMNS} FROM devices WHERE desk = $1 ORDER BY joined_at, id`,
    [desk],
  );
  return result.rows.map(listing);
}

/**
 * Revokes a device of `by`'s desk: its token stops working at once, and the invites it made and
 * nobody used yet expire. Revoking a revoked device changes nothing. A device cannot revoke
 * itself, so a desk always keeps the owner device that could undo a mistake.
 */
export async function revokeDevice(
  pool: pg.Pool,
  by: Device,
  deviceId: string,
): Promise<DeviceListing> {
  const notFound = new HttpError(404, 'device_not_found', `This desk has no device ${deviceId}.`);
  if (!uuidPattern.test(deviceId)) throw notFound;
  // PostgreSQL reads a UUID in any case and writes it in lower case, as by.id is.
  const target = deviceId.toLowerCase();
  if (target === by.id)
    throw new HttpError(
      409,
      'cannot_revoke_self',
      'A device cannot revoke itself: revoke it from another owner device.',
    );
  return inTransaction(pool, async (client) => {
    // Both rows, in one order: two owner devices revoking each other run one after the other,
    // and the second, revoked by then, is refused, so that the desk keeps an owner device.
    const locked = await client.query<{ id: string; revoked: boolean }>(
      `SELECT id, revoked_at IS NOT NULL AS revoked FROM devices
       WHERE id IN ($1, $2) AND desk = $3 ORDER BY id FOR UPDATE`,
      [by.id, target, by.desk],
    );
    if (locked.rows.find((row) => row.id === by.id)?.revoked !== false) throw deviceRevoked();
    const result = await client.query<DeviceRow>(
      `UPDATE devices SET revoked_at = coalesce(revoked_at, now())
       WHERE id = $1 AND desk = $2 RETURNING ${DEVICE_COLUMNS}`,
      [target, by.desk],
    );
    const row = result.rows[0];
    if (!row) throw notFound;
    await client.query(
      `UPDATE invites SET expires_at = least(expires_at, now())
       WHERE created_by = $1 AND used_at IS NULL`,
      [target],
    );
    return listing(row);
  });
}
