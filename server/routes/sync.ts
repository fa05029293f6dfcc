import { Hono } from 'hono';
import {
  MAX_PUSH_MUTATIONS,
  PullQuery,
  type PushResponse,
  parseOrThrow,
  parsePushRequest,
} from '../../shared/index.ts';
import { type AppDeps, type AppEnv, isPlainObject, principalOf, readJson } from '../context.ts';
import { HttpFailure } from '../errors.ts';
import { PushQueue } from '../push-queue.ts';
import { withTotal } from '../store/pull.ts';

export function syncRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const now = deps.now ?? Date.now;
  const queue = new PushQueue(deps.store);

  app.post('/push', async (c) => {
    const p = principalOf(c);
    const body = await readJson(c);
    // Counted before the schema runs, so an oversized batch costs no validation work.
    if (
      isPlainObject(body) &&
      Array.isArray(body.mutations) &&
      body.mutations.length > MAX_PUSH_MUTATIONS
    ) {
      throw new HttpFailure(
        413,
        'too_many_mutations',
        `mutations: at most ${MAX_PUSH_MUTATIONS} per push (got ${body.mutations.length}); send them in smaller batches`,
        'mutations',
      );
    }
    const push = parsePushRequest(body);
    const outcome = await queue.submit(
      { teamId: p.teamId, memberId: p.memberId, clock: deps.clock, now: now() },
      push.mutations,
    );
    // After COMMIT only: a listener that pulls at once must see the rows.
    if (outcome.changed) {
      void deps.notifier.notify(p.teamId, outcome.seq);
      if (outcome.tablesChanged.has('accounts') || outcome.tablesChanged.has('opportunities')) {
        deps.scheduleSegmentation(p.teamId);
      }
    }
    const reply: PushResponse = { acked: outcome.acked };
    return c.json(reply);
  });

  app.get('/pull', async (c) => {
    const p = principalOf(c);
    const query = parseOrThrow(PullQuery, c.req.query());
    const page =
      query.tables === undefined
        ? await deps.store.pullPage(p.teamId, p.memberId, query.cursor, query.limit, query.mine)
        : await deps.store.pullTables(
            p.teamId,
            p.memberId,
            query.cursor,
            query.limit,
            query.tables,
          );
    if (page.count === 0 && query.cursor > 0) {
      const latest = await deps.store.teamSeq(p.teamId);
      if (query.cursor > latest) {
        throw new HttpFailure(
          409,
          'cursor_ahead',
          `cursor ${query.cursor} is ahead of this server (latest ${latest}): the server was reset or restored; pull again from 0`,
          'cursor',
        );
      }
    }
    // Counted only when asked (the first page of a sync): it scans the rows after the cursor.
    const json =
      query.total === true
        ? withTotal(page.json, await deps.store.countAfter(p.teamId, query.cursor, query.tables))
        : page.json;
    return c.body(json, 200, { 'content-type': 'application/json; charset=utf-8' });
  });

  return app;
}
