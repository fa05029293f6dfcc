import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../context.ts';

/**
 * `GET /v1/openapi.json` and `GET /v1/docs`: the API's description (server/openapi.ts), as
 * OpenAPI 3.1 and as a page to read. Public, like the health check.
 */
export function apiDescriptionRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // Loaded and built on first asking, then kept: a server's start and most apps (tests) never
  // pay for it.
  let described: Promise<{ doc: Record<string, unknown>; page: string; csp: string }> | undefined;
  const describe = () => {
    described ??= Promise.all([import('../openapi.ts'), import('../docs-page.ts')]).then(
      ([{ openApiDocument }, { renderDocsPage, DOCS_CSP }]) => {
        const doc = openApiDocument(deps.version);
        return { doc, page: renderDocsPage(doc), csp: DOCS_CSP };
      },
    );
    return described;
  };
  app.get('/openapi.json', async (c) => c.json((await describe()).doc));
  app.get('/docs', async (c) => {
    const { page, csp } = await describe();
    c.header('Content-Security-Policy', csp);
    c.header('X-Content-Type-Options', 'nosniff');
    return c.html(page);
  });
  return app;
}
