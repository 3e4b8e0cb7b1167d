/**
 * The sync server's HTTP API as a device calls it (docs/sync.md). Every answer that is not a
 * success becomes a SyncRequestError: with the server's `error` code when it gave one, or as
 * `unreachable` when no reply came (offline, the server down, a proxy's 502/503, a timeout).
 */

export interface DeviceInfo {
  readonly id: string;
  readonly person: string;
  readonly role: 'owner' | 'member';
  readonly source: string;
}

export interface DeskInfo {
  readonly id: string;
  readonly name: string;
  readonly head: number;
}

export interface JoinReply {
  readonly token: string;
  readonly device: DeviceInfo & { readonly desk: string; readonly joinedAt: string };
  readonly desk: DeskInfo;
}

/** An event as a push sends it. */
export interface PushEvent {
  readonly id: string;
  readonly type: string;
  readonly time: string;
  readonly dataversion: number;
  readonly data: unknown;
  readonly correlationid: string;
  readonly causationid: string;
  readonly actor?: string;
}

export interface PushCommit {
  readonly stream: string;
  readonly expectedVersion: number;
  readonly dependsOn?: readonly number[];
  readonly events: readonly PushEvent[];
}

export type RejectionReason =
  | 'wrong_expected_version'
  | 'earlier_commit_rejected'
  | 'dependency_rejected'
  | 'id_conflict'
  | 'email_taken';

export interface PushReply {
  readonly head: number;
  readonly accepted: readonly { commit: number; id: string; position: number }[];
  readonly rejected: readonly {
    commit: number;
    stream: string;
    reason: RejectionReason;
    message: string;
  }[];
}

export interface PullReply {
  readonly head: number;
  /** CloudEvents, with the server's position as `sequence` and the pushing `device`. */
  readonly events: readonly Record<string, unknown>[];
  /** The reply as it came, in UTF-8: the events' JSON as the server wrote it. */
  readonly bytes: Uint8Array;
}

export interface DeviceEntry {
  readonly id: string;
  readonly person: string;
  readonly role: 'owner' | 'member';
  readonly joinedAt: string;
  readonly lastSeenAt: string | null;
  readonly revokedAt: string | null;
  /** The device asking. */
  readonly current: boolean;
}

export interface InviteReply {
  readonly code: string;
  readonly person: string;
  readonly role: 'owner' | 'member';
  readonly expiresAt: string;
}

export class SyncRequestError extends Error {
  override readonly name = 'SyncRequestError';
  constructor(
    /** The HTTP status; 0 when no reply came. */
    readonly status: number,
    /** The server's error code, or `unreachable`. */
    readonly code: string,
    message: string,
    /** What the server found wrong, each reason starting with where (`commits[2].events[0]: …`). */
    readonly reasons: readonly string[] = [],
  ) {
    super(message);
  }

  /** Whether the same request may succeed later: no reply, or the server failed. */
  get transient(): boolean {
    return this.status === 0 || this.status >= 500 || this.status === 429;
  }
}

/** Where a device reaches its desk, and as whom. */
export interface Connection {
  readonly server: string;
  readonly desk: string;
  readonly token: string;
}

/** The server's URL as typed, without a trailing slash; refused unless http(s). */
export function serverUrlOf(typed: string): string {
  let url: URL;
  try {
    url = new URL(typed.trim());
  } catch {
    throw new SyncRequestError(0, 'invalid_url', `“${typed}” is not a web address.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new SyncRequestError(0, 'invalid_url', 'The server’s address starts with https://.');
  return url.href.replace(/\/+$/u, '');
}

const utf8 = new TextDecoder();

/** A successful reply: its JSON value, and its bytes as they came. */
async function reply(
  url: string,
  init: RequestInit & { token?: string },
  signal?: AbortSignal,
): Promise<{ body: unknown; bytes: Uint8Array }> {
  const headers: Record<string, string> = {};
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  if (init.token !== undefined) headers.Authorization = `Bearer ${init.token}`;
  let response: Response;
  try {
    // Never from or into the HTTP cache: every answer is of now (the server says no-store too).
    response = await fetch(url, { ...init, headers, cache: 'no-store', signal: signal ?? null });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new SyncRequestError(0, 'unreachable', 'The sync server cannot be reached.');
  }
  let bytes = new Uint8Array(0);
  let body: unknown;
  try {
    // Read as bytes and decoded in one go: Chromium's json() and text() decode a body as it
    // streams in, which took a third longer on the main thread for a pull's page of 5 MB.
    bytes = new Uint8Array(await response.arrayBuffer());
    body = JSON.parse(utf8.decode(bytes));
  } catch (error) {
    if (signal?.aborted) throw error;
    body = undefined;
  }
  if (response.ok) return { body, bytes };
  const { error, message, reasons } = (body ?? {}) as {
    error?: unknown;
    message?: unknown;
    reasons?: unknown;
  };
  throw new SyncRequestError(
    response.status,
    typeof error === 'string' ? error : response.status >= 500 ? 'unreachable' : 'bad_reply',
    typeof message === 'string'
      ? message
      : `The sync server answered ${response.status} ${response.statusText}.`,
    Array.isArray(reasons) ? reasons.filter((reason) => typeof reason === 'string') : [],
  );
}

const request = async <T>(
  url: string,
  init: RequestInit & { token?: string },
  signal?: AbortSignal,
): Promise<T> => (await reply(url, init, signal)).body as T;

/** Joins a desk with an invite code: the device's token is in the reply, shown once. */
export const join = (server: string, invite: string): Promise<JoinReply> =>
  request(`${server}/v1/join`, { method: 'POST', body: JSON.stringify({ invite }) });

const deskUrl = (connection: Connection, path: string): string =>
  `${connection.server}/v1/desks/${encodeURIComponent(connection.desk)}/${path}`;

export const whoAmI = (connection: Connection): Promise<{ desk: DeskInfo; device: DeviceInfo }> =>
  request(deskUrl(connection, 'device'), { token: connection.token });

export const push = (
  connection: Connection,
  commits: readonly PushCommit[],
  signal?: AbortSignal,
): Promise<PushReply> =>
  request(
    deskUrl(connection, 'push'),
    { method: 'POST', body: JSON.stringify({ commits }), token: connection.token },
    signal,
  );

export async function pull(
  connection: Connection,
  after: number,
  options: { limit: number; wait?: number },
  signal?: AbortSignal,
): Promise<PullReply> {
  const { body, bytes } = await reply(
    deskUrl(
      connection,
      `events?after=${after}&limit=${options.limit}${options.wait ? `&wait=${options.wait}` : ''}`,
    ),
    { token: connection.token },
    signal,
  );
  return { ...(body as Omit<PullReply, 'bytes'>), bytes };
}

export const listDevices = (connection: Connection): Promise<{ devices: DeviceEntry[] }> =>
  request(deskUrl(connection, 'devices'), { token: connection.token });

export const revokeDevice = (connection: Connection, device: string): Promise<unknown> =>
  request(deskUrl(connection, `devices/${encodeURIComponent(device)}/revoke`), {
    method: 'POST',
    body: '{}',
    token: connection.token,
  });

export const createInvite = (
  connection: Connection,
  invite: { person: string; role: 'owner' | 'member' },
): Promise<{ invite: InviteReply }> =>
  request(deskUrl(connection, 'invites'), {
    method: 'POST',
    body: JSON.stringify(invite),
    token: connection.token,
  });
