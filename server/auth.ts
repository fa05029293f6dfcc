import { getConnInfo } from '@hono/node-server/conninfo';
import type { MiddlewareHandler } from 'hono';
import type { AppDeps, AppEnv } from './context.ts';
import { HttpFailure } from './errors.ts';
import type { RateLimiter } from './rate-limit.ts';
import { sha256, TOKEN_PATTERN } from './secrets.ts';
import { authenticate } from './store/identity.ts';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** The bearer token of a request, shape-checked; its hash is what the database knows. */
export function bearerHash(header: string | undefined): Buffer {
  if (!header)
    throw new HttpFailure(401, 'unauthorized', 'sign in: send Authorization: Bearer <token>');
  const token = BEARER.exec(header)?.[1];
  if (!token || !TOKEN_PATTERN.test(token)) {
    throw new HttpFailure(
      401,
      'unauthorized',
      'the Authorization header must be "Bearer <token>" with a device token',
    );
  }
  return sha256(token);
}

/** Every /v1 route but health and join: a live device token, then its rate limit. */
export function requireAuth(deps: AppDeps, limiter: RateLimiter): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const principal = authenticate(deps.db, bearerHash(c.req.header('authorization')));
    if (!principal) {
      throw new HttpFailure(
        401,
        'unauthorized',
        'this token is not valid on this server (revoked or unknown): join again',
      );
    }
    c.set('principal', principal);
    limit(limiter.take(principal.tokenId));
    await next();
  };
}

/** Rate limit for callers without a token yet (join), keyed by their address. */
export function limitByAddress(limiter: RateLimiter): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    let address = 'unknown';
    try {
      address = getConnInfo(c).remote.address ?? 'unknown';
    } catch {
      // Not behind @hono/node-server (app.request in a unit test): one shared bucket.
    }
    limit(limiter.take(`addr:${address}`));
    await next();
  };
}

function limit(waitSeconds: number): void {
  if (waitSeconds <= 0) return;
  throw new HttpFailure(
    429,
    'rate_limited',
    `too many requests: retry in ${waitSeconds} s`,
    undefined,
    {
      'Retry-After': String(waitSeconds),
    },
  );
}
