import { RequestError } from '@hono/node-server';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { describeZodError, ValidationError } from '../shared/index.ts';
import { limitByAddress, requireAuth } from './auth.ts';
import { type AppContext, type AppDeps, type AppEnv, clientGone } from './context.ts';
import { ClientAbortError, HttpFailure } from './errors.ts';
import type { Logger } from './log.ts';
import { RateLimiter } from './rate-limit.ts';
import { aboutRoutes } from './routes/about.ts';
import { authRoutes } from './routes/auth.ts';
import { eventRoutes } from './routes/events.ts';
import { healthRoutes } from './routes/health.ts';
import { meRoutes } from './routes/me.ts';
import { apiDescriptionRoutes } from './routes/openapi.ts';
import { syncRoutes } from './routes/sync.ts';
import { teamRoutes } from './routes/team.ts';

export const MAX_BODY_BYTES = 5 * 1024 * 1024;

const EXTENSION_ORIGIN = /^(chrome-extension:\/\/[a-p]{32}|moz-extension:\/\/[0-9a-f-]{36})$/;

const fail = (
  c: AppContext,
  status: ContentfulStatusCode,
  code: string,
  message: string,
  field?: string,
) => c.json({ error: field === undefined ? { code, message } : { code, message, field } }, status);

const errorBody = (code: string, message: string) => ({ error: { code, message } });

/**
 * For the HTTP adapter (@hono/node-server's errorHandler): a request it cannot turn into a
 * Request for the app (a Host header that is no host name, an unreadable request target) is
 * refused before the app runs, by default with a bare 400. Answered here like the app's own
 * refusals, with a JSON error that names the problem. Anything else the adapter catches is a
 * fault of the server's, logged like the app's.
 */
export function adapterError(error: unknown, log: Logger): Response {
  if (error instanceof RequestError) {
    // The adapter's words, except its "Invalid URL": what it joined into one was the two below.
    const problem =
      error.message === 'Invalid URL'
        ? 'the Host header and the path do not make a URL'
        : error.message.charAt(0).toLowerCase() + error.message.slice(1);
    return Response.json(errorBody('bad_request', `the request cannot be read: ${problem}`), {
      status: 400,
      headers: { connection: 'close' },
    });
  }
  log.error('unhandled error', {
    error: error instanceof Error ? error.name : typeof error,
    stack: error instanceof Error ? error.stack?.split('\n').slice(0, 6).join(' | ') : undefined,
  });
  return Response.json(
    errorBody('internal', 'something went wrong on the server; it has been logged'),
    { status: 500 },
  );
}

/** The request came with a body (GET and HEAD bodies are never read) and nobody read it. */
function bodyLeftUnread(c: AppContext): boolean {
  if (c.req.method === 'GET' || c.req.method === 'HEAD') return false;
  const length = Number(c.req.header('content-length') ?? 0);
  const declared = length > 0 || c.req.header('transfer-encoding') !== undefined;
  return declared && !c.req.raw.bodyUsed;
}

export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const limiter = new RateLimiter(deps.rateLimit);
  const allowed = new Set(deps.corsOrigins);

  // An answer given before the request's body was read (a 401 to an upload without a valid
  // token, a 403, a 404) closes the connection. The adapter would drop it anyway, half a second
  // later, when it gives up draining the unread body; a request the client had sent on it in
  // the meantime would get no answer at all.
  app.use('*', async (c, next) => {
    await next();
    if (bodyLeftUnread(c)) c.header('Connection', 'close');
  });

  // One line per request: ids and numbers only, never tokens, invite codes or note text.
  app.use('*', async (c, next) => {
    const t0 = performance.now();
    await next();
    const p = c.get('principal');
    deps.log.info('request', {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - t0) * 10) / 10,
      teamId: p?.teamId,
      memberId: p?.memberId,
    });
  });

  app.use(
    '*',
    cors({
      // Browser extensions (their ids vary per install) and origins the operator configured.
      origin: (origin) => (EXTENSION_ORIGIN.test(origin) || allowed.has(origin) ? origin : null),
      allowMethods: ['GET', 'POST', 'PUT', 'OPTIONS'],
      allowHeaders: ['Authorization', 'Content-Type'],
      exposeHeaders: ['Retry-After'],
      maxAge: 600,
    }),
  );

  const limitBody = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) => {
      // The rest of the body is never read: the connection cannot carry another request.
      c.header('Connection', 'close');
      return fail(
        c,
        413,
        'payload_too_large',
        `the request body must be at most ${MAX_BODY_BYTES} bytes (5 MB)`,
      );
    },
  });
  app.use('/v1/*', async (c, next) => {
    try {
      return await limitBody(c, next);
    } catch (error) {
      // A body sent without a length is read here, so a client leaving mid-body fails here.
      // (Errors of the handlers after it never get this far: Hono answers them where they occur.)
      if (clientGone(c)) throw new ClientAbortError(error);
      throw error;
    }
  });

  const authed = requireAuth(deps, limiter);
  app.use('/v1/auth/*', limitByAddress(deps, limiter));
  app.use('/v1/me', authed);
  app.use('/v1/sync/*', authed);
  app.use('/v1/events', authed);
  app.use('/v1/team/*', authed);

  app.route('/', aboutRoutes(deps));
  app.route('/v1/health', healthRoutes(deps));
  app.route('/v1', apiDescriptionRoutes(deps));
  app.route('/v1/auth', authRoutes(deps));
  app.route('/v1/me', meRoutes(deps));
  app.route('/v1/sync', syncRoutes(deps));
  app.route('/v1/events', eventRoutes(deps));
  app.route('/v1/team', teamRoutes(deps));

  app.notFound((c) => fail(c, 404, 'not_found', `no such endpoint: ${c.req.method} ${c.req.path}`));

  app.onError((err, c) => {
    if (err instanceof ClientAbortError) {
      // Not a fault of the server's: a closed tab or a dropped network, nobody to answer. No
      // error page: 499 (what proxies log for a client that closed its request) is only for the
      // request line; the closed connection takes nothing more.
      deps.log.debug('client aborted', {
        method: c.req.method,
        path: c.req.path,
        reason: err.cause instanceof Error ? err.cause.message : undefined,
      });
      return new Response(null, { status: 499 });
    }
    if (err instanceof HttpFailure) {
      for (const [name, value] of Object.entries(err.headers ?? {})) c.header(name, value);
      return fail(c, err.status, err.code, err.message, err.field);
    }
    if (err instanceof ValidationError)
      return fail(c, 400, 'invalid_input', err.message, err.field);
    if (err instanceof z.ZodError) {
      const v = describeZodError(err);
      return fail(c, 400, 'invalid_input', v.message, v.field);
    }
    if (err instanceof HTTPException && err.status < 500) {
      return fail(c, err.status, 'bad_request', err.message || 'bad request');
    }
    if (deps.store.isUnavailable(err)) {
      // A database restart or failover: the browser keeps its outbox and tries again.
      deps.log.warn('database unavailable', { method: c.req.method, path: c.req.path });
      c.header('Retry-After', '1');
      return fail(c, 503, 'unavailable', 'the database is unavailable for a moment: try again');
    }
    deps.log.error('unhandled error', {
      method: c.req.method,
      path: c.req.path,
      error: err.name,
      stack: err.stack?.split('\n').slice(0, 6).join(' | '),
    });
    return fail(c, 500, 'internal', 'something went wrong on the server; it has been logged');
  });

  return app;
}
