/**
 * The sync server's HTTP API (docs/sync.md). Every route under /v1/desks/:desk is a device's,
 * authenticated by its token; the desk in the path is the only one the token opens.
 */
import cors from '@fastify/cors';
import Fastify, { LogController, type FastifyInstance, type FastifyRequest } from 'fastify';
import type pg from 'pg';
import {
  authenticate,
  createInvite,
  deviceRevoked,
  DEFAULT_INVITE_HOURS,
  isRole,
  join,
  listDevices,
  MAX_INVITE_HOURS,
  readName,
  requireOwner,
  revokeDevice,
  type Device,
} from './access/access';
import { notify, REVOKED_CHANNEL, type DeskNotifier } from './deskNotifier';
import { appendPush, readEvents, type EventPage } from './eventLog';
import { HttpError } from './httpError';
import { readPushRequest } from './push/pushRequest';
import { unstorableCharacterIn, type UnstorableCharacter } from '../../src/domain/text';
import { isPlainObject } from '../../src/domain/validation';

export const BODY_LIMIT_BYTES = 1024 * 1024;
export const DEFAULT_PAGE = 1000;
export const MAX_PAGE = 10_000;
export const MAX_WAIT_SECONDS = 60;
/** How long a server shutting down lets requests in flight finish. */
const DRAIN_MS = 10_000;

export interface AppOptions {
  readonly pool: pg.Pool;
  readonly notifier: DeskNotifier;
  /** Origins allowed to call from a browser (CORS): `*` for any. */
  readonly corsOrigin?: string;
  readonly logger?: boolean;
}

/** Keys that would reach an object's prototype if a body were ever merged into one. */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** The reply's words for text PostgreSQL cannot store (the rule is the domain's). */
const unstorableText: Readonly<Record<UnstorableCharacter, string>> = {
  nul: 'it holds a NUL character, which no text may',
  lone_surrogate: 'it is not valid Unicode (half a surrogate pair)',
};

/** Why `text` (a key or a value) cannot be stored as PostgreSQL text, or null. */
function textProblem(text: string): string | null {
  const found = unstorableCharacterIn(text);
  return found === null ? null : unstorableText[found];
}

/**
 * The body as JSON, refusing keys that could reach a prototype and text PostgreSQL cannot store
 * (checked here once for every field, rather than failing in the database after a decision).
 */
function parseJsonBody(text: string): unknown {
  try {
    return JSON.parse(text, (name, value: unknown) => {
      if (FORBIDDEN_KEYS.has(name))
        throw new HttpError(
          400,
          'forbidden_key',
          `The body has a key named "${name}": keys named __proto__, constructor or prototype are refused.`,
        );
      const problem = textProblem(name) ?? (typeof value === 'string' ? textProblem(value) : null);
      if (problem !== null)
        throw new HttpError(
          400,
          'invalid_text',
          `Some text in the body cannot be stored: ${problem}.`,
        );
      return value;
    });
  } catch (error) {
    if (error instanceof HttpError) throw error;
    throw new HttpError(
      400,
      'malformed_json',
      `The body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** A whole number query parameter from `min` to `max`, or `fallback` when absent. */
function integerParameter(
  request: FastifyRequest,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const query = request.query as Record<string, unknown>;
  const given = query[name];
  if (given === undefined) return fallback;
  const value = typeof given === 'string' && /^\d{1,16}$/.test(given) ? Number(given) : NaN;
  if (!(Number.isSafeInteger(value) && value >= min && value <= max))
    throw new HttpError(
      400,
      'invalid_request',
      `The query parameter "${name}" must be a whole number from ${min} to ${max}.`,
    );
  return value;
}

const deskOf = (request: FastifyRequest): string => (request.params as { desk: string }).desk;

/** Where work done for `request` after its change committed tells what went wrong. */
const warningsOf =
  (request: FastifyRequest) =>
  (message: string): void => {
    request.log.warn(message);
  };

const deviceOf = (request: FastifyRequest, pool: pg.Pool): Promise<Device> =>
  authenticate(pool, deskOf(request), request.headers.authorization);

/** Resolves when the client goes away before its reply is written. */
function disconnected(request: FastifyRequest): { gone: Promise<void>; stop(): void } {
  const socket = request.raw.socket;
  let onClose: () => void = () => undefined;
  const gone = new Promise<void>((resolve) => {
    // It may have gone while the page was read, before anyone listened.
    if (socket.destroyed) resolve();
    onClose = resolve;
    socket.once('close', onClose);
  });
  return {
    gone,
    stop: () => {
      socket.off('close', onClose);
    },
  };
}

const sleep = (ms: number) => {
  let timer: NodeJS.Timeout | undefined;
  const elapsed = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  return {
    elapsed,
    cancel: () => {
      clearTimeout(timer);
    },
  };
};

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { pool, notifier } = options;
  const app = Fastify({
    logger: options.logger ? { level: 'info' } : false,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT_BYTES,
    // A long-poll waits up to a minute: idle sockets may stay a little longer than that.
    keepAliveTimeout: (MAX_WAIT_SECONDS + 5) * 1000,
    forceCloseConnections: true,
  });
  await app.register(cors, {
    origin:
      options.corsOrigin === undefined || options.corsOrigin === '*'
        ? '*'
        : options.corsOrigin.split(','),
    methods: ['GET', 'POST'],
    allowedHeaders: ['Authorization', 'Content-Type'],
    maxAge: 600,
  });

  // Every reply is one device's, and some carry secrets (a join's token): none is kept in a
  // cache. A browser would otherwise write each pull's page to its disk cache (Chromium did, for a
  // third of its CPU while pulling a long desk).
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });

  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as string));
    } catch (error) {
      done(error as HttpError, undefined);
    }
  });

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof HttpError) return reply.status(error.statusCode).send(error.body);
    const fastifyError = error as { code?: string; statusCode?: number; message?: string };
    switch (fastifyError.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return reply.status(413).send({
          error: 'body_too_large',
          message: `The body is larger than ${BODY_LIMIT_BYTES / 1024 / 1024} MiB: send fewer commits in each push.`,
        });
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return reply.status(415).send({
          error: 'unsupported_media_type',
          message: 'Send the body as JSON, with "Content-Type: application/json".',
        });
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return reply.status(400).send({ error: 'malformed_json', message: 'The body is empty.' });
      default:
        break;
    }
    if (fastifyError.statusCode !== undefined && fastifyError.statusCode < 500)
      return reply
        .status(fastifyError.statusCode)
        .send({ error: 'bad_request', message: fastifyError.message ?? 'Bad request.' });
    request.log.error(error);
    return reply
      .status(500)
      .send({ error: 'internal', message: 'The server failed: try again in a moment.' });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({
      error: 'not_found',
      message: `There is no ${request.method} ${request.url.split('?')[0] ?? ''}.`,
    }),
  );

  app.get('/v1/health', async () => {
    await pool.query('SELECT 1');
    return { ok: true, waitingPulls: notifier.waiting };
  });

  app.post('/v1/join', async (request, reply) => {
    const body = request.body;
    if (!isPlainObject(body) || typeof body.invite !== 'string')
      throw new HttpError(400, 'invalid_request', 'Send {"invite": "<invite code>"}.');
    return reply.status(201).send(await join(pool, body.invite));
  });

  app.get('/v1/desks/:desk/device', async (request) => {
    const device = await deviceOf(request, pool);
    const desk = await pool.query<{ name: string; head: number }>(
      'SELECT name, head FROM desks WHERE id = $1',
      [device.desk],
    );
    return {
      desk: { id: device.desk, name: desk.rows[0]?.name ?? '', head: desk.rows[0]?.head ?? 0 },
      device: { id: device.id, person: device.person, role: device.role, source: device.source },
    };
  });

  app.post('/v1/desks/:desk/push', async (request) => {
    const device = await deviceOf(request, pool);
    const read = readPushRequest(request.body);
    if ('reasons' in read)
      throw new HttpError(400, 'invalid_push', 'The push was refused, and nothing was written.', {
        reasons: read.reasons,
      });
    return appendPush(pool, device, read.commits, warningsOf(request));
  });

  app.get('/v1/desks/:desk/events', async (request, reply) => {
    const device = await deviceOf(request, pool);
    const after = integerParameter(request, 'after', 0, 0, Number.MAX_SAFE_INTEGER);
    const limit = integerParameter(request, 'limit', DEFAULT_PAGE, 1, MAX_PAGE);
    const waitMs = integerParameter(request, 'wait', 0, 0, MAX_WAIT_SECONDS) * 1000;
    const page = await pollEvents(device, after, limit, waitMs, request);
    if (after > page.head)
      throw new HttpError(
        409,
        'ahead_of_server',
        `This desk's log ends at position ${page.head}, before ${after}: the server has lost events this device holds. Stop syncing and tell the desk's owner.`,
        { head: page.head },
      );
    return reply
      .header('content-type', 'application/json; charset=utf-8')
      .send(`{"head":${page.head},"events":${page.eventsJson}}`);
  });

  /**
   * Reads the page; when it is empty and the client may wait, waits for an append and reads
   * again. A device revoked meanwhile is refused at once, waiting or not.
   */
  async function pollEvents(
    device: Device,
    after: number,
    limit: number,
    waitMs: number,
    request: FastifyRequest,
  ): Promise<EventPage> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const wait = notifier.waitFor(device.desk, device.id);
      let page: EventPage;
      try {
        page = await readEvents(pool, device.desk, after, limit, device.id);
        if (page.revoked) throw deviceRevoked();
      } catch (error) {
        wait.cancel();
        throw error;
      }
      const left = deadline - Date.now();
      if (page.count > 0 || left <= 0 || after > page.head || notifier.closed) {
        wait.cancel();
        return page;
      }
      const timeout = sleep(left);
      const client = disconnected(request);
      await Promise.race([wait.woken, timeout.elapsed, client.gone]);
      timeout.cancel();
      client.stop();
      wait.cancel();
      if (Date.now() >= deadline || request.raw.socket.destroyed) return page;
    }
  }

  app.get('/v1/desks/:desk/devices', async (request) => {
    const device = await deviceOf(request, pool);
    requireOwner(device);
    const devices = await listDevices(pool, device.desk);
    return { devices: devices.map((listed) => ({ ...listed, current: listed.id === device.id })) };
  });

  app.post('/v1/desks/:desk/devices/:device/revoke', async (request) => {
    const device = await deviceOf(request, pool);
    requireOwner(device);
    const { device: target } = request.params as { device: string };
    const revoked = await revokeDevice(pool, device, target);
    // Its long-polls, on any server process, end now rather than at their deadline.
    await notify(pool, REVOKED_CHANNEL, revoked.id, warningsOf(request));
    return { device: revoked };
  });

  app.post('/v1/desks/:desk/invites', async (request, reply) => {
    const device = await deviceOf(request, pool);
    requireOwner(device);
    const body = request.body;
    if (!isPlainObject(body))
      throw new HttpError(400, 'invalid_request', 'Send {"person": "<name>"} at least.');
    const person = readName(body.person, '"person"');
    const role = body.role ?? 'member';
    if (!isRole(role))
      throw new HttpError(400, 'invalid_request', '"role" must be "member" or "owner".');
    const hours = body.expiresInHours ?? DEFAULT_INVITE_HOURS;
    if (!(
      Number.isInteger(hours) &&
      (hours as number) >= 1 &&
      (hours as number) <= MAX_INVITE_HOURS
    ))
      throw new HttpError(
        400,
        'invalid_request',
        `"expiresInHours" must be a whole number from 1 to ${MAX_INVITE_HOURS}.`,
      );
    const invite = await createInvite(pool, device.desk, person, role, hours as number, device.id);
    return reply.status(201).send({ invite });
  });

  // Before the server waits for requests in flight: its long-polls are answered at once.
  // Shutting down: the long-polls are answered at once, the other requests in flight may finish,
  // then every connection is closed (forceCloseConnections), so that a keep-alive connection the
  // client holds open does not keep the process up.
  let inFlight = 0;
  let drained: (() => void) | undefined;
  app.addHook('onRequest', async (_request, reply) => {
    inFlight += 1;
    reply.raw.once('close', () => {
      inFlight -= 1;
      if (inFlight === 0) drained?.();
    });
  });
  app.addHook('preClose', async () => {
    await notifier.close();
    if (inFlight === 0) return;
    const timer = sleep(DRAIN_MS);
    await Promise.race([new Promise<void>((resolve) => (drained = resolve)), timer.elapsed]);
    timer.cancel();
  });
  return app;
}
