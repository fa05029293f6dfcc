import { useEffect, useState } from 'preact/hooks';
import type { InvitePreview, TeamSettings } from '../../../shared/index.ts';
import { getDb } from '../../db/database.ts';
import { t } from '../../i18n/index.ts';
import { ask } from '../../messaging/client.ts';
import { joinTeam, leaveTeam, normaliseServerUrl, previewInvite } from '../../sync/index.ts';
import { loadAccount, loadTeamSettings, META, readMeta, TeamInfo } from '../../sync/state.ts';
import { useLiveQuery } from '../../ui/live-query.ts';
import { StatusDot, useSyncStatus } from '../../ui/sync-status.tsx';

/** What the team section shows, read live from meta (the background updates it as it syncs). */
export interface TeamView {
  readonly joined: boolean;
  readonly serverUrl?: string;
  readonly team?: TeamInfo;
  readonly settings?: TeamSettings;
  readonly pending: number;
}

export function useTeamView(): TeamView | undefined {
  return useLiveQuery(async (): Promise<TeamView> => {
    const db = getDb();
    const [account, team, settings, pending] = await Promise.all([
      loadAccount(db),
      readMeta(db, META.team, TeamInfo),
      loadTeamSettings(db),
      db.outbox.count(),
    ]);
    return {
      joined: account !== undefined,
      pending,
      ...(account ? { serverUrl: account.serverUrl } : {}),
      ...(team ? { team } : {}),
      ...(settings ? { settings } : {}),
    };
  }, []).value;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Ask for access to the server's origin. Must run inside the click (a user gesture), before any
 * await. Loopback servers are in the manifest's host_permissions already; for any other server
 * the permission lets the service worker fetch it without CORS, and if the rep declines, the
 * server's CORS headers (it allows extension origins) still let requests through.
 */
function requestServerAccess(serverUrl: string): Promise<boolean> {
  let origin: string;
  try {
    const url = new URL(normaliseServerUrl(serverUrl));
    if (LOOPBACK.has(url.hostname)) return Promise.resolve(true);
    origin = `${url.protocol}//${url.hostname}/*`;
  } catch {
    return Promise.resolve(false);
  }
  return browser.permissions.request({ origins: [origin] }).catch(() => false);
}

const defaultDeviceName = () =>
  t('options.sync.defaultDevice', { platform: navigator.platform || '?' });

/** How long after the last keystroke in the invite code its preview is asked for. */
const PREVIEW_QUIET_MS = 300;

/**
 * What the invite typed so far is for (team, and the person's name if the admin gave one), or
 * undefined while it is incomplete, unknown or the server is unreachable: the form then simply
 * asks for everything.
 */
function useInvitePreview(serverUrl: string, inviteCode: string): InvitePreview | undefined {
  const [preview, setPreview] = useState<InvitePreview | undefined>(undefined);
  useEffect(() => {
    setPreview(undefined);
    if (inviteCode.trim().length < 8 || serverUrl.trim() === '') return;
    let stopped = false;
    const timer = setTimeout(() => {
      previewInvite((input, init) => fetch(input, init), serverUrl, inviteCode).then(
        (p) => !stopped && setPreview(p),
        () => undefined,
      );
    }, PREVIEW_QUIET_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [serverUrl, inviteCode]);
  return preview;
}

function JoinForm() {
  const [serverUrl, setServerUrl] = useState('');
  const [inviteCode, setInviteCode] = useState('');
  const [deviceName, setDeviceName] = useState(defaultDeviceName);
  const [memberName, setMemberName] = useState('');
  const invite = useInvitePreview(serverUrl, inviteCode);
  // The name the admin gave in the invite fills the field, unless the rep has typed one.
  const [typedName, setTypedName] = useState(false);
  useEffect(() => {
    if (!typedName && invite?.memberName) setMemberName(invite.memberName);
  }, [invite, typedName]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const submit = (e: Event) => {
    e.preventDefault();
    const access = requestServerAccess(serverUrl);
    setBusy(true);
    setError(undefined);
    void (async () => {
      try {
        await access;
        await joinTeam(getDb(), (input, init) => fetch(input, init), {
          serverUrl,
          inviteCode,
          deviceName,
          // Another device of an existing member keeps that member's name.
          ...(invite?.existingMember ? {} : { memberName }),
        });
        setInviteCode('');
        // Wake the background: it pulls the team's accounts first and opens the event stream.
        void ask({ type: 'syncNow' }).catch(() => {});
      } catch (err) {
        setError(
          t('options.sync.joinFailed', {
            message: err instanceof Error ? err.message : String(err),
          }),
        );
      } finally {
        setBusy(false);
      }
    })();
  };

  return (
    <form class="join" onSubmit={submit}>
      <p class="hint">{t('options.sync.joinHint')}</p>
      <label class="field">
        <span>{t('options.sync.serverUrl')}</span>
        <input
          name="serverUrl"
          type="url"
          required
          placeholder="https://sync.example.com"
          value={serverUrl}
          onInput={(e) => setServerUrl(e.currentTarget.value)}
        />
      </label>
      <label class="field">
        <span>{t('options.sync.inviteCode')}</span>
        <input
          name="inviteCode"
          required
          autocomplete="off"
          value={inviteCode}
          onInput={(e) => setInviteCode(e.currentTarget.value)}
        />
      </label>
      {invite && (
        <p class="hint" data-invite-team>
          {invite.existingMember && invite.memberName
            ? t('options.sync.inviteAddsDevice', { team: invite.teamName, name: invite.memberName })
            : t('options.sync.inviteFor', { team: invite.teamName })}
        </p>
      )}
      {!invite?.existingMember && (
        <label class="field">
          <span>{t('options.sync.memberName')}</span>
          <input
            name="memberName"
            required
            maxLength={100}
            autocomplete="name"
            value={memberName}
            onInput={(e) => {
              setTypedName(true);
              setMemberName(e.currentTarget.value);
            }}
          />
          <small class="hint">{t('options.sync.memberNameHint')}</small>
        </label>
      )}
      <label class="field">
        <span>{t('options.sync.deviceName')}</span>
        <input
          name="deviceName"
          required
          maxLength={100}
          value={deviceName}
          onInput={(e) => setDeviceName(e.currentTarget.value)}
        />
      </label>
      <button type="submit" class="primary" disabled={busy}>
        {busy ? t('options.sync.joining') : t('options.sync.join')}
      </button>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

function Joined({ view }: { view: TeamView }) {
  const status = useSyncStatus();
  const [clearData, setClearData] = useState(false);
  const [busy, setBusy] = useState(false);
  const signedOut = status.state === 'error' && status.message === 'signed out';
  const leave = () => {
    setBusy(true);
    void leaveTeam(getDb(), { clearData })
      .then(() => ask({ type: 'syncNow' }).catch(() => {}))
      .finally(() => setBusy(false));
  };
  return (
    <div class="joined">
      {view.team && <p class="team-name">{t('options.sync.team', { name: view.team.teamName })}</p>}
      {view.team?.memberName && <p>{t('options.sync.member', { name: view.team.memberName })}</p>}
      {view.serverUrl && <p class="hint">{t('options.sync.server', { url: view.serverUrl })}</p>}
      <StatusDot status={status} />
      {signedOut && <p class="error">{t('options.sync.signedOut')}</p>}
      {view.pending > 0 && <p class="hint">{t('options.sync.pending', { n: view.pending })}</p>}
      <div class="row">
        <button type="button" onClick={() => void ask({ type: 'syncNow' }).catch(() => {})}>
          {t('options.sync.now')}
        </button>
      </div>
      <div class="row leave">
        <label class="check">
          <input
            type="checkbox"
            checked={clearData}
            onChange={(e) => setClearData(e.currentTarget.checked)}
          />
          <span>{t('options.sync.clearData')}</span>
        </label>
        <button type="button" disabled={busy} onClick={leave}>
          {t('options.sync.leave')}
        </button>
      </div>
    </div>
  );
}

/** Server and team: join with an invite code, or see the team, the sync status and leave. */
export function TeamSection({ view }: { view: TeamView | undefined }) {
  return (
    <section class="card sync">
      <h2>{t('options.sync.heading')}</h2>
      {view === undefined ? null : view.joined ? <Joined view={view} /> : <JoinForm />}
    </section>
  );
}
