import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../context.ts';
import type { AboutReply } from '../replies.ts';

/** The endpoints a visitor can try without a token, and where the rest is described. */
const HEALTH = '/v1/health';
const DOCS = 'README.md, "Running the server for a team", in the Account Lens repository';

/**
 * `GET /`: what this server is, for an admin who opens its address in a browser or with curl,
 * rather than a 404. JSON for programs; plain text, in English and Chinese, for a browser.
 */
export function aboutRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/', (c) => {
    const about: AboutReply = {
      name: 'Account Lens sync server',
      version: deps.version,
      ok: true,
      health: HEALTH,
      docs: DOCS,
      join: 'In the extension: Options → Join team, with this address and an invite code',
    };
    if (!(c.req.header('accept') ?? '').includes('text/html')) return c.json(about);
    return c.text(
      [
        `Account Lens sync server ${deps.version}: running.`,
        `Account Lens 同步服务器 ${deps.version}：运行中。`,
        '',
        'To use it: in the Account Lens extension, open Options, enter this address and the invite',
        'code your team admin gave you, and choose "Join team".',
        '使用方法：在 Account Lens 扩展中打开设置，输入本地址和团队管理员提供的邀请码，然后点击“加入团队”。',
        '',
        `Health 健康检查：${HEALTH}`,
        `Documentation 文档：${DOCS}`,
      ].join('\n'),
    );
  });
  return app;
}
