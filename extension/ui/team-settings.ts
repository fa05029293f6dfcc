import { DEFAULT_SETTINGS, type TeamSettings } from '../../shared/index.ts';
import type { AccountLensDB } from '../db/database.ts';
import { loadTeamSettings } from '../sync/state.ts';

/** The team's settings once joined (kept by the sync client), or the defaults every team starts with. */
export async function teamSettings(db: AccountLensDB): Promise<TeamSettings> {
  return (await loadTeamSettings(db)) ?? DEFAULT_SETTINGS;
}
