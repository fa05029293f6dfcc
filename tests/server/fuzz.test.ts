/**
 * The fuzz, in `npm test`'s size: hostile requests to every route of the app (read from the
 * app itself), without a token, with garbage ones and with a member's and an admin's, against a
 * real server on 127.0.0.1 over either store. No answer may be a 5xx or malformed, and after
 * them all the server still pushes and pulls, and the other team saw and lost nothing. The
 * same arbitraries run 20,000 requests and more in `npm run fuzz` (tests/fuzz/run.ts).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/log.ts';
import {
  type AuthKind,
  type BodyKind,
  type FuzzRequest,
  ROUTE_FUZZERS,
  requestArb,
  routeCoverage,
} from '../fuzz/arbitraries.ts';
import {
  checkAfter,
  describeRequest,
  type Fixture,
  outcomeKey,
  problemsOf,
  send,
  setUpFuzz,
  snapshotForeign,
  type Target,
  targetOf,
} from '../fuzz/harness.ts';
import { startTestServer, type TestServer } from './helpers.ts';

/** Random requests per run: a few seconds' worth. `npm run fuzz` does 20,000. */
const RUNS = 500;

const BODY_KINDS: readonly BodyKind[] = [
  'shaped',
  'none',
  'json',
  'deep',
  'huge',
  'over-limit',
  'not-json',
  'empty',
  'bytes',
];

describe('fuzzed requests to every route: no 5xx, well-formed answers, a working server after', () => {
  let server: TestServer;
  let fx: Fixture;
  let target: Target;
  let before: string;
  /** What the server logged at error level: an unhandled error, even one nobody saw a 500 for. */
  const logged: string[] = [];

  const check = async (req: FuzzRequest) => {
    const outcome = await send(target, req);
    const problems = problemsOf(req, outcome, fx.targets, fx.secret);
    expect(problems, `${outcomeKey(outcome)}\n${describeRequest(req)}`).toEqual([]);
  };

  beforeAll(async () => {
    server = await startTestServer({ log: createLogger('error', (line) => logged.push(line)) });
    fx = await setUpFuzz(server.store, server.url);
    await server.segmentation.flush();
    before = await snapshotForeign(server.store, fx);
    target = targetOf(server.url, 4);
  });
  afterAll(async () => {
    target.agent.destroy();
    await server.close();
  });

  it('has a fuzzer for every route of the app, and none for a route it no longer has', () => {
    const { unfuzzed, stale } = routeCoverage();
    expect(unfuzzed, 'add these routes to ROUTE_FUZZERS in tests/fuzz/arbitraries.ts').toEqual([]);
    expect(stale, 'ROUTE_FUZZERS names routes the app no longer has').toEqual([]);
  });

  it('says rightly who may call each route: the app refuses a missing token, and a member where an admin is needed', async () => {
    for (const [route, fuzzer] of Object.entries(ROUTE_FUZZERS)) {
      const [method = 'GET', path = '/'] = route.split(' ');
      const call = async (token?: string) => {
        const abort = new AbortController();
        const res = await fetch(`${server.url}${path}`, {
          method,
          headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
          signal: abort.signal,
        });
        abort.abort(); // an event stream would never end
        return res.status;
      };
      const anonymous = await call();
      expect(anonymous === 401, `${route} without a token: ${anonymous}`).toBe(
        fuzzer.auth !== 'public',
      );
      if (fuzzer.auth === 'public') continue;
      const asMember = await call(fx.targets.memberToken);
      if (fuzzer.auth === 'admin') expect(asMember, `${route} as a member`).toBe(403);
      else expect([401, 403], `${route} as a member: ${asMember}`).not.toContain(asMember);
    }
  });

  it('answers each kind of hostile body on each route, with and without a valid token', async () => {
    let seed = 1;
    for (const [route, fuzzer] of Object.entries(ROUTE_FUZZERS)) {
      const kinds = BODY_KINDS.filter((k) => k !== (fuzzer.body ? 'none' : 'shaped'));
      const valid: AuthKind = fuzzer.auth === 'admin' ? 'admin' : 'member';
      for (const bodyKind of kinds) {
        for (const auth of ['none', valid] as const) {
          const arb = requestArb(fx.targets, {
            routes: [route],
            bodyKinds: [bodyKind],
            auths: [auth],
          });
          const [req] = fc.sample(arb, { numRuns: 1, seed: seed++ });
          if (!req) throw new Error(`no request drawn for ${route}`);
          await check(req);
        }
      }
    }
  });

  it('answers random hostile requests (property)', async () => {
    await fc.assert(fc.asyncProperty(requestArb(fx.targets), check), { numRuns: RUNS });
  });

  it('still pushes and pulls for both teams afterwards; the other team saw and lost nothing', async () => {
    await server.segmentation.flush();
    expect(await snapshotForeign(server.store, fx)).toBe(before);
    expect(await checkAfter(server.url, fx)).toEqual([]);
    expect(logged).toEqual([]);
  });
});
