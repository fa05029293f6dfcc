import type { Context } from 'hono';
import type { HlcClock } from '../shared/index.ts';
import type { RateLimit } from './config.ts';
import { HttpFailure } from './errors.ts';
import type { ChangeNotifier } from './events.ts';
import type { Logger } from './log.ts';
import type { Db } from './store/db.ts';
import type { Principal } from './store/identity.ts';

/** What the app needs from the outside world; tests build it around a temp database. */
export interface AppDeps {
  readonly db: Db;
  readonly log: Logger;
  readonly notifier: ChangeNotifier;
  /** Ask for a recompute of the team's segmentation (debounced by the job). */
  readonly scheduleSegmentation: (teamId: string) => void;
  /** The server's hybrid logical clock: receives every pushed stamp, stamps server-authored rows. */
  readonly clock: HlcClock;
  readonly corsOrigins: readonly string[];
  readonly rateLimit: RateLimit;
  readonly version: string;
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

/** The request body as JSON, or a 400 that says what is wrong with it. */
export async function readJson(c: AppContext): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '')
    throw new HttpFailure(400, 'invalid_json', 'the request body must be JSON (it is empty)');
  try {
    return JSON.parse(text);
  } catch (error) {
    const detail = error instanceof SyntaxError ? `: ${error.message}` : '';
    throw new HttpFailure(400, 'invalid_json', `the request body is not valid JSON${detail}`);
  }
}

export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
