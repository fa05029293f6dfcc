import { isIP } from 'node:net';
import { isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { describeZodError } from '../shared/index.ts';
import { DEFAULT_PULL_CACHE_BYTES } from './store/pull.ts';

export const LOG_LEVELS = ['silent', 'error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface RateLimit {
  /** Requests per second refilled into each token's bucket; 0 turns the limit off. */
  readonly perSecond: number;
  /** Bucket size: how many requests a client may send at once after a quiet spell. */
  readonly burst: number;
}

const origin = z
  .string()
  .trim()
  .transform((raw, ctx) => {
    try {
      const url = new URL(raw);
      if (url.origin === 'null') throw new Error('opaque origin');
      return url.origin;
    } catch {
      ctx.addIssue({
        code: 'custom',
        message: `${JSON.stringify(raw)} is not an origin such as https://crm.example.com`,
      });
      return z.NEVER;
    }
  });

const EnvSchema = z.object({
  PORT: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(0, 'must be between 0 and 65535')
    .max(65_535, 'must be between 0 and 65535')
    .default(8787),
  HOST: z.string().trim().min(1, 'must not be empty').default('127.0.0.1'),
  DATA_DIR: z.string().trim().min(1, 'must not be empty').default('./data'),
  DATABASE_PATH: z.string().trim().min(1, 'must not be empty').optional(),
  // PostgreSQL instead of the embedded SQLite file: postgres://user:password@host:5432/db
  DATABASE_URL: z
    .string()
    .trim()
    .refine((v) => /^postgres(ql)?:\/\/\S+$/.test(v), {
      error: 'must be a PostgreSQL URL: postgres://user:password@host:5432/database',
    })
    .optional(),
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((raw) =>
      raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(origin)),
  // "200" (per second, burst twice that), "200,400" (per second, burst) or "0"/"off".
  RATE_LIMIT: z
    .string()
    .trim()
    .default('200,400')
    .transform((raw, ctx): RateLimit => {
      if (raw === '0' || raw.toLowerCase() === 'off') return { perSecond: 0, burst: 0 };
      const m = /^(\d+(?:\.\d+)?)(?:\s*,\s*(\d+))?$/.exec(raw);
      const perSecond = Number(m?.[1]);
      const burst = m?.[2] === undefined ? perSecond * 2 : Number(m[2]);
      if (!m || !(perSecond > 0) || !(burst >= 1)) {
        ctx.addIssue({
          code: 'custom',
          message:
            'must be requests per second, optionally with a burst ("200" or "200,400"), or "off"',
        });
        return z.NEVER;
      }
      return { perSecond, burst };
    }),
  // Comma-separated IP addresses of the reverse proxies in front of the server. Only requests
  // from these have their client's address read from X-Forwarded-For (for per-address limits).
  TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((raw, ctx) => {
      const addresses = raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const bad = addresses.find((a) => isIP(a) === 0);
      if (bad !== undefined) {
        ctx.addIssue({
          code: 'custom',
          message: `${JSON.stringify(bad)} is not an IP address such as 127.0.0.1 or ::1`,
        });
        return z.NEVER;
      }
      return addresses;
    }),
  PULL_CACHE_MB: z.coerce
    .number({ error: 'must be a number of megabytes' })
    .min(0, 'must not be negative')
    .max(1_000_000, 'must be at most 1000000')
    .optional(),
  LOG_LEVEL: z
    .enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` })
    .default('info'),
  TEAM_NAME: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(200, 'must be at most 200 characters')
    .optional(),
});

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** The embedded SQLite file, used unless `databaseUrl` names a PostgreSQL database. */
  readonly databasePath: string;
  /** PostgreSQL (DATABASE_URL): several server instances may share it. */
  readonly databaseUrl: string | undefined;
  readonly corsOrigins: readonly string[];
  readonly rateLimit: RateLimit;
  /** Reverse proxies whose X-Forwarded-For is believed; empty: the socket's address counts. */
  readonly trustedProxies: readonly string[];
  /** Memory the recent-changes pull cache may hold, in bytes; 0 turns it off. */
  readonly pullCacheBytes: number;
  readonly logLevel: LogLevel;
  readonly teamName: string | undefined;
}

/** Thrown for a bad environment variable; the message names it and says what is expected. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  // Empty variables count as unset, as a shell user writing `PORT= npm start` expects.
  const present = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const result = EnvSchema.safeParse(present);
  if (!result.success)
    throw new ConfigError(`bad environment: ${describeZodError(result.error).message}`);
  const e = result.data;
  const dataDir = resolve(cwd, e.DATA_DIR);
  const databasePath = e.DATABASE_PATH
    ? isAbsolute(e.DATABASE_PATH)
      ? e.DATABASE_PATH
      : resolve(cwd, e.DATABASE_PATH)
    : join(dataDir, 'account-lens.db');
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databasePath,
    databaseUrl: e.DATABASE_URL,
    corsOrigins: e.CORS_ORIGINS,
    rateLimit: e.RATE_LIMIT,
    trustedProxies: e.TRUSTED_PROXIES,
    pullCacheBytes:
      e.PULL_CACHE_MB === undefined
        ? DEFAULT_PULL_CACHE_BYTES
        : Math.floor(e.PULL_CACHE_MB * 1024 * 1024),
    logLevel: e.LOG_LEVEL,
    teamName: e.TEAM_NAME,
  };
}
