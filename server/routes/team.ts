import { Hono } from 'hono';
import { parseOrThrow, TeamSettings } from '../../shared/index.ts';
import { type AppDeps, type AppEnv, isPlainObject, principalOf, readJson } from '../context.ts';
import { HttpFailure } from '../errors.ts';
import { getTeam, setTeamSettings } from '../store/identity.ts';

const SETTING_NAMES = new Set(Object.keys(TeamSettings.shape));

/**
 * Patch over current: objects merge key by key, everything else (numbers, lists) replaces.
 * `current` is a full parse of the settings, so it has every key a setting can have: a patch
 * key it lacks, at any depth, is an unknown setting, refused by name rather than dropped by the
 * schema (a typo would otherwise change nothing, silently). Own keys only, so `constructor` or
 * `__proto__` is unknown like any other name, never Object's.
 */
function mergeSettings(current: unknown, patch: unknown, path: string): unknown {
  if (!isPlainObject(current) || !isPlainObject(patch)) return patch;
  const out: Record<string, unknown> = { ...current };
  for (const [k, v] of Object.entries(patch)) {
    const field = path === '' ? k : `${path}.${k}`;
    if (!Object.hasOwn(current, k))
      throw new HttpFailure(400, 'invalid_input', `${field}: unknown setting`, field);
    out[k] = mergeSettings(current[k], v, field);
  }
  return out;
}

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
    const unknown = Object.keys(patch).find((k) => !SETTING_NAMES.has(k));
    if (unknown !== undefined)
      throw new HttpFailure(400, 'invalid_input', `${unknown}: unknown setting`, unknown);
    const team = getTeam(deps.db, p.teamId);
    if (!team) throw new HttpFailure(401, 'unauthorized', 'this token no longer belongs to a team');
    const settings = parseOrThrow(TeamSettings, mergeSettings(team.settings, patch, ''));
    setTeamSettings(deps.db, p.teamId, settings);
    deps.log.info('settings changed', { teamId: p.teamId, memberId: p.memberId });
    deps.scheduleSegmentation(p.teamId);
    return c.json({ settings });
  });

  return app;
}
