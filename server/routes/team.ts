import { Hono } from 'hono';
import { z } from 'zod';
import { applySettingsPatch, describeZodError } from '../../shared/index.ts';
import { type AppDeps, type AppEnv, isPlainObject, principalOf, readJson } from '../context.ts';
import { HttpFailure } from '../errors.ts';
import type { SettingsReply } from '../replies.ts';

export function teamRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  // Admins tune the team's numbers (tier shares, cadences, win rates, ...); a partial body
  // changes only what it names, and the whole result must still be valid settings.
  app.put('/settings', async (c) => {
    const p = principalOf(c);
    if (p.role !== 'admin')
      throw new HttpFailure(403, 'forbidden', 'only a team admin can change team settings');
    const patch = await readJson(c);
    if (!isPlainObject(patch))
      throw new HttpFailure(400, 'invalid_input', 'settings must be a JSON object');
    const team = await deps.store.getTeam(p.teamId);
    if (!team) throw new HttpFailure(401, 'unauthorized', 'this token no longer belongs to a team');
    // The same merge and checks as the options page and `npm run server -- settings`.
    const result = applySettingsPatch(team.settings, patch);
    if (!result.ok) {
      if (result.issue) throw describeZodError(new z.ZodError([result.issue]));
      throw new HttpFailure(
        400,
        'invalid_input',
        `${result.field}: ${result.message}`,
        result.field,
      );
    }
    const { settings } = result;
    await deps.store.setTeamSettings(p.teamId, settings);
    deps.log.info('settings changed', { teamId: p.teamId, memberId: p.memberId });
    deps.scheduleSegmentation(p.teamId);
    const reply: SettingsReply = { settings };
    return c.json(reply);
  });

  return app;
}
