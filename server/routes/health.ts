import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../context.ts';

export function healthRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/', (c) => c.json({ ok: true, version: deps.version }));
  return app;
}
