import type { Context } from 'hono';
import type { HlcClock } from '../shared/index.ts';
import type { RateLimit } from './config.ts';
import { ClientAbortError, HttpFailure } from './errors.ts';
import type { ChangeNotifier } from './events.ts';
import type { Logger } from './log.ts';
import type { Principal } from './store/identity.ts';
import type { Store } from './store/store.ts';

/** What the app needs from the outside world; tests build it around a temp database. */
export interface AppDeps {
  readonly store: Store;
  readonly log: Logger;
  readonly notifier: ChangeNotifier;
  /** Ask for a recompute of the team's segmentation (debounced by the job). */
  readonly scheduleSegmentation: (teamId: string) => void;
  /** The server's hybrid logical clock: receives every pushed stamp, stamps server-authored rows. */
  readonly clock: HlcClock;
  readonly corsOrigins: readonly string[];
  readonly rateLimit: RateLimit;
  readonly version: string;
  /**
   * Addresses of the operator's reverse proxies (TRUSTED_PROXIES): only a request from one of
   * them has its client's address taken from X-Forwarded-For. None by default.
   */
  readonly trustedProxies?: readonly string[];
  /** Milliseconds between event-stream heartbeats (25 s unless a test wants it sooner). */
  readonly heartbeatMs?: number;
  readonly now?: () => number;
}

export interface AppEnv {
  Variables: {
    principal: Principal | undefined;
  };
}

export type AppContext = Context<AppEnv>;

/** The authenticated caller; routes behind requireAuth always have one. */
export function principalOf(c: AppContext): Principal {
  const p = c.get('principal');
  if (!p) throw new HttpFailure(401, 'unauthorized', 'sign in: send Authorization: Bearer <token>');
  return p;
}

/**
 * Whether the client closed the connection before its answer was finished: @hono/node-server
 * aborts the request's signal when that happens (under app.request it never aborts by itself).
 */
export const clientGone = (c: AppContext): boolean => c.req.raw.signal.aborted;

/** The request body as JSON, or a 400 that says what is wrong with it. */
export async function readJson(c: AppContext): Promise<unknown> {
  let text: string;
  try {
    text = await c.req.text();
  } catch (error) {
    if (clientGone(c)) throw new ClientAbortError(error);
    throw error;
  }
  // A body cut short by a client that left is not bad input: nobody is there to be told.
  if (text.trim() === '') {
    if (clientGone(c)) throw new ClientAbortError(undefined);
    throw new HttpFailure(400, 'invalid_json', 'the request body must be JSON (it is empty)');
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    if (clientGone(c)) throw new ClientAbortError(error);
    const detail = error instanceof SyntaxError ? `: ${error.message}` : '';
    throw new HttpFailure(400, 'invalid_json', `the request body is not valid JSON${detail}`);
  }
}

export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
