import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { ChangeEvent } from '../../shared/index.ts';
import { type AppDeps, type AppEnv, principalOf } from '../context.ts';
import { tokenActive } from '../store/identity.ts';
import { teamSeq } from '../store/rows.ts';

export function eventRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const heartbeatMs = deps.heartbeatMs ?? 25_000;
  const now = deps.now ?? Date.now;

  // Server-sent events over a plain GET, so a service worker can read them with fetch and an
  // Authorization header. The first event carries the current seq: a client that missed
  // changes while disconnected learns at once that it should pull.
  app.get('/', (c) => {
    const p = principalOf(c);
    return streamSSE(c, async (stream) => {
      let finish = () => {};
      const finished = new Promise<void>((resolve) => {
        finish = resolve;
      });
      const send = (seq: number) => {
        const event: ChangeEvent = { seq, at: now() };
        stream.writeSSE({ event: 'change', data: JSON.stringify(event) }).catch(finish);
      };
      const unsubscribe = deps.notifier.subscribe(p.teamId, send);
      const unregister = deps.notifier.onClose(finish);
      stream.onAbort(finish);
      const heartbeat = setInterval(() => {
        // A revoked device loses its stream at the next heartbeat, not only its next request.
        if (!tokenActive(deps.db, p.teamId, p.tokenId)) return finish();
        stream.write(': heartbeat\n\n').catch(finish);
      }, heartbeatMs);
      send(teamSeq(deps.db, p.teamId));
      await finished;
      clearInterval(heartbeat);
      unsubscribe();
      unregister();
    });
  });

  return app;
}
