import { Hono } from 'hono';
import { type AppDeps, type AppEnv, principalOf } from '../context.ts';
import { HttpFailure } from '../errors.ts';
import type { MeReply } from '../replies.ts';

export function meRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/', async (c) => {
    const p = principalOf(c);
    const [team, member, members] = await Promise.all([
      deps.store.getTeam(p.teamId),
      deps.store.getMember(p.teamId, p.memberId),
      deps.store.listMembers(p.teamId),
    ]);
    if (!team || !member)
      throw new HttpFailure(401, 'unauthorized', 'this token no longer belongs to a team member');
    const reply: MeReply = {
      member: { id: member.id, name: member.name, role: member.role },
      team: { id: team.id, name: team.name },
      settings: team.settings,
      // Teammates' names, so an owner shows as a person (the Book page's owner columns).
      members: members.map((m) => ({ id: m.id, name: m.name })),
    };
    return c.json(reply);
  });
  return app;
}
