import { applySettingsPatch, type TeamSettings } from '../../shared/index.ts';
import type { AccountLensDB } from '../db/database.ts';
import { type Fetch, SyncApi, type TeamSettingsPatch } from './api.ts';
import { NotJoinedError, RequestRejectedError } from './errors.ts';
import { loadAccount, loadTeamSettings, META } from './state.ts';

/**
 * An admin changes the team's settings (tier cutoffs, cadences, …): the patch is checked with
 * the shared schema first (a bad value is refused here, naming the field, and nothing is sent),
 * then sent with `PUT /v1/team/settings` under this browser's token. The settings the server
 * answers are stored where every synced read of the team lands (meta `teamSettings`), so the
 * page shows what the server holds; teammates' browsers read them at their next team refresh,
 * which the server's new segmentation triggers.
 *
 * Throws NotJoinedError, RequestRejectedError (403 for a non-admin, 400 naming a field), and the
 * transport errors of SyncApi (OfflineError, SignedOutError, ServerUnavailableError).
 */
export async function saveTeamSettings(
  db: AccountLensDB,
  fetchFn: Fetch,
  patch: TeamSettingsPatch,
): Promise<TeamSettings> {
  const account = await loadAccount(db);
  if (!account) throw new NotJoinedError();
  const current = await loadTeamSettings(db);
  if (current) {
    const checked = applySettingsPatch(current, patch);
    if (!checked.ok)
      throw new RequestRejectedError(
        0,
        'invalid_input',
        `${checked.field}: ${checked.message}`,
        checked.field,
      );
  }
  const api = new SyncApi(account.serverUrl, fetchFn, account.token);
  const { settings } = await api.putSettings(patch);
  await db.meta.put({ key: META.teamSettings, value: settings });
  return settings;
}
