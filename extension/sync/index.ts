/** The sync client's public surface for the rest of the extension. */
export {
  type Fetch,
  type MeResponse,
  normaliseServerUrl,
  SyncApi,
  type TeamSettingsPatch,
} from './api.ts';
export {
  SyncClient,
  type SyncClientOptions,
  type SyncState,
  type SyncStatus,
  type Timers,
} from './client.ts';
export {
  NotJoinedError,
  OfflineError,
  ProtocolError,
  RequestRejectedError,
  ServerUnavailableError,
  SignedOutError,
} from './errors.ts';
export { refreshLocalInsights } from './insights.ts';
export {
  type Joined,
  type JoinInput,
  joinTeam,
  leaveTeam,
  previewInvite,
  refreshTeam,
} from './join.ts';
export { type Progress, pullAll } from './pull.ts';
export { pushOutbox } from './push.ts';
export { saveTeamSettings } from './settings.ts';
export {
  clientIdOf,
  currentAuthorId,
  loadAccount,
  loadTeamSettings,
  META,
  type SyncAccount,
  type TeamInfo,
} from './state.ts';
