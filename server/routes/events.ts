import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { ChangeEvent } from '../../shared/index.ts';
import { type AppDeps, type AppEnv, principalOf } from '../context.ts';

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
      // Set the moment the stream is to end: a notify already under way must not reach it.
      let ended = false;
      let resolveFinished = () => {};
      const finished = new Promise<void>((resolve) => {
        resolveFinished = resolve;
      });
      const finish = () => {
        ended = true;
        resolveFinished();
      };
      const send = (seq: number) => {
        if (ended) return;
        const event: ChangeEvent = { seq, at: now() };
        stream.writeSSE({ event: 'change', data: JSON.stringify(event) }).catch(finish);
      };
      const unsubscribe = deps.notifier.subscribe(p.teamId, send);
      // Closed at shutdown, and as soon as the notifier learns the device was revoked.
      const unregister = deps.notifier.onClose(finish, { teamId: p.teamId, tokenId: p.tokenId });
      stream.onAbort(finish);
      const heartbeat = setInterval(() => {
        // The notifier hears of revocations made by other processes (the CLI); this catches one
        // made through the server's own connection, which its watch cannot see.
        void deps.store.tokenActive(p.teamId, p.tokenId).then(
          (active) => (active ? stream.write(': heartbeat\n\n').catch(finish) : finish()),
          // The database is away (a restart): the stream stays, the next beat asks again.
          () => undefined,
        );
      }, heartbeatMs);
      send(await deps.store.teamSeq(p.teamId));
      await finished;
      clearInterval(heartbeat);
      unsubscribe();
      unregister();
    });
  });

  return app;
}
