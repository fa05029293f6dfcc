import { isIP } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppDeps, AppEnv } from './context.ts';
import { HttpFailure } from './errors.ts';
import type { RateLimiter } from './rate-limit.ts';
import { sha256, TOKEN_PATTERN } from './secrets.ts';
import type { Principal } from './store/identity.ts';

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

/** One spelling per address: `::ffff:10.0.0.1` (IPv4 on a dual-stack socket) is 10.0.0.1. */
export function normalizeAddress(raw: string): string {
  const a = raw.trim().toLowerCase();
  return a.startsWith('::ffff:') && isIP(a.slice(7)) === 4 ? a.slice(7) : a;
}

/**
 * The address a request comes from: the connecting socket's. Only when that socket is one of
 * the operator's trusted proxies is X-Forwarded-For read, from the right, since each proxy
 * appends the address it saw: the nearest one that is not itself a trusted proxy is the client.
 * Entries further left were written by the client and prove nothing. 'unknown' without a socket
 * (app.request in a unit test): every such request shares one bucket.
 */
export function clientAddress(c: Context, trustedProxies: ReadonlySet<string>): string {
  let socket: string | undefined;
  try {
    socket = getConnInfo(c).remote.address;
  } catch {
    // Not served by @hono/node-server.
  }
  if (socket === undefined) return 'unknown';
  let address = normalizeAddress(socket);
  if (!trustedProxies.has(address)) return address;
  const hops = (c.req.header('x-forwarded-for') ?? '').split(',');
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normalizeAddress(hops[i] ?? '');
    // Missing or not an address: the last one a trusted proxy vouched for stands.
    if (isIP(hop) === 0) break;
    address = hop;
    if (!trustedProxies.has(hop)) break;
  }
  return address;
}

const trustedSet = (deps: AppDeps): ReadonlySet<string> =>
  new Set((deps.trustedProxies ?? []).map(normalizeAddress));

/**
 * Every /v1 route but health and join: a live device token, then its rate limit. A request
 * without a live token has no bucket of its own, yet a well-formed one costs a hash and a
 * lookup: those are charged to the client's address, and an address that has spent its budget
 * is refused before doing that work again, whatever token it sends next.
 */
export function requireAuth(deps: AppDeps, limiter: RateLimiter): MiddlewareHandler<AppEnv> {
  const trusted = trustedSet(deps);
  return async (c, next) => {
    const addressKey = `addr:${clientAddress(c, trusted)}`;
    limit(limiter.peek(addressKey));
    let principal: Principal | undefined;
    try {
      principal = await deps.store.authenticate(bearerHash(c.req.header('authorization')));
    } catch (error) {
      if (error instanceof HttpFailure) limiter.take(addressKey);
      throw error;
    }
    if (!principal) {
      limiter.take(addressKey);
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
export function limitByAddress(deps: AppDeps, limiter: RateLimiter): MiddlewareHandler<AppEnv> {
  const trusted = trustedSet(deps);
  return async (c, next) => {
    limit(limiter.take(`addr:${clientAddress(c, trusted)}`));
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
