import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../context.ts';
import type { HealthReply } from '../replies.ts';

export function healthRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/', (c) => {
    const reply: HealthReply = { ok: true, version: deps.version };
    return c.json(reply);
  });
  return app;
}
