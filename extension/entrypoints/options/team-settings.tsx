import { useEffect, useRef, useState } from 'preact/hooks';
import { OPEN_STAGES, type TeamSettings, TIERS, type Tier } from '../../../shared/index.ts';
import { getDb } from '../../db/database.ts';
import { t } from '../../i18n/index.ts';
import { ask } from '../../messaging/client.ts';
import { RequestRejectedError, saveTeamSettings } from '../../sync/index.ts';
import {
  checkDraft,
  draftOf,
  fieldLabel,
  percentOf,
  type SettingsDraft,
  totalPercent,
} from './settings-form.ts';

const pct = (fraction: number) => t('options.percent', { n: percentOf(fraction) });

function WinRates({ settings }: { settings: TeamSettings }) {
  return (
    <>
      <h3>{t('options.stages.heading')}</h3>
      <table>
        <thead>
          <tr>
            <th>{t('options.stages.stage')}</th>
            <th>{t('options.stages.winRate')}</th>
          </tr>
        </thead>
        <tbody>
          {OPEN_STAGES.map((stage) => (
            <tr key={stage}>
              <td>{t(`stage.${stage}`)}</td>
              <td>{pct(settings.winRates[stage])}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** The pyramid's numbers as they are: what a member (or a browser not yet joined) sees. */
function TiersReadOnly({ settings }: { settings: TeamSettings }) {
  return (
    <table class="tiers">
      <thead>
        <tr>
          <th>{t('options.tier')}</th>
          <th>{t('options.tiers.share')}</th>
          <th>{t('options.tiers.cadence')}</th>
          <th>{t('options.tiers.complaint')}</th>
        </tr>
      </thead>
      <tbody>
        {TIERS.map((tier) => (
          <tr key={tier} data-tier={tier}>
            <td>{t(`tier.${tier}`)}</td>
            <td>{pct(settings.tierShares[tier])}</td>
            <td>{t('options.days', { n: settings.cadenceDays[tier] })}</td>
            <td>{t('options.hours', { n: settings.complaintResponseHours[tier] })}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

type SaveState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'saving' }
  | { readonly kind: 'saved' }
  | { readonly kind: 'error'; readonly text: string; readonly field?: string | undefined };

/**
 * An admin's editor for the tier shares and cadences. Checked with the shared settings schema
 * before anything is sent; saved with PUT /v1/team/settings through the sync client, whose
 * reply lands in the local settings the rest of the page reads.
 */
function TiersEditor({ settings }: { settings: TeamSettings }) {
  const [draft, setDraft] = useState<SettingsDraft>(() => draftOf(settings));
  const [state, setState] = useState<SaveState>({ kind: 'idle' });
  // Settings arriving from the server replace the form, unless the admin is typing in it.
  const dirty = useRef(false);
  useEffect(() => {
    if (!dirty.current) setDraft(draftOf(settings));
  }, [settings]);

  const edit = (group: keyof SettingsDraft, tier: Tier, value: string) => {
    dirty.current = true;
    setDraft((d) => ({ ...d, [group]: { ...d[group], [tier]: value } }));
    if (state.kind === 'saved' || state.kind === 'error') setState({ kind: 'idle' });
  };

  const save = (e: Event) => {
    e.preventDefault();
    if (state.kind === 'saving') return;
    const checked = checkDraft(draft, settings);
    if (!checked.ok) {
      setState({ kind: 'error', text: checked.text, field: checked.field });
      return;
    }
    setState({ kind: 'saving' });
    void saveTeamSettings(getDb(), (input, init) => fetch(input, init), checked.patch).then(
      () => {
        dirty.current = false;
        setState({ kind: 'saved' });
        // The background reads the team again with its next sync (and its teammates' tiers).
        void ask({ type: 'syncNow' }).catch(() => {});
      },
      (error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        const field = error instanceof RequestRejectedError ? error.field : undefined;
        setState(
          field === undefined
            ? { kind: 'error', text: t('options.settings.failed', { message }) }
            : {
                kind: 'error',
                field,
                text: t('options.settings.invalid', {
                  field: fieldLabel(field),
                  problem: message.startsWith(`${field}: `)
                    ? message.slice(field.length + 2)
                    : message,
                }),
              },
        );
      },
    );
  };

  const invalid = state.kind === 'error' ? state.field : undefined;
  const input = (group: keyof SettingsDraft, tier: Tier) => {
    const field = `${group === 'shares' ? 'tierShares' : 'cadenceDays'}.${tier}`;
    const label =
      group === 'shares'
        ? t('options.settings.field.share', { tier: t(`tier.${tier}`) })
        : t('options.settings.field.cadence', { tier: t(`tier.${tier}`) });
    return (
      <input
        type="number"
        name={field}
        aria-label={label}
        aria-invalid={invalid === field || (group === 'shares' && invalid === 'tierShares')}
        min={group === 'shares' ? 0 : 1}
        max={group === 'shares' ? 100 : 3650}
        step={group === 'shares' ? 'any' : 1}
        value={draft[group][tier]}
        onInput={(e) => edit(group, tier, e.currentTarget.value)}
      />
    );
  };
  const total = totalPercent(draft);

  return (
    <form class="tiers-editor" noValidate onSubmit={save}>
      <table class="tiers">
        <thead>
          <tr>
            <th>{t('options.tier')}</th>
            <th>{t('options.settings.share')}</th>
            <th>{t('options.settings.cadence')}</th>
            <th>{t('options.tiers.complaint')}</th>
          </tr>
        </thead>
        <tbody>
          {TIERS.map((tier) => (
            <tr key={tier} data-tier={tier}>
              <td>{t(`tier.${tier}`)}</td>
              <td>{input('shares', tier)}</td>
              <td>{input('cadence', tier)}</td>
              <td>{t('options.hours', { n: settings.complaintResponseHours[tier] })}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="row">
        <span class={total === 100 ? 'hint total' : 'error total'} data-total>
          {t('options.settings.total', { n: Number.isNaN(total) ? '?' : total })}
        </span>
        <button type="submit" class="primary" disabled={state.kind === 'saving'}>
          {state.kind === 'saving' ? t('options.settings.saving') : t('options.settings.save')}
        </button>
        {state.kind === 'saved' && (
          <span class="saved" role="status">
            {t('options.settings.saved')}
          </span>
        )}
      </div>
      {state.kind === 'error' && (
        <p class="error" role="alert" data-field={state.field}>
          {state.text}
        </p>
      )}
    </form>
  );
}

/**
 * The team's segmentation numbers: an admin edits the tier shares and cadences here; everyone
 * else (and a browser not yet joined, which shows the defaults) reads them.
 */
export function TeamSettingsSection(props: {
  settings: TeamSettings;
  joined: boolean;
  admin: boolean;
}) {
  const { settings, joined, admin } = props;
  const hint = !joined
    ? t('options.team.notJoined')
    : admin
      ? t('options.settings.admin')
      : t('options.settings.readOnly');
  return (
    <section class="card team-settings" data-admin={admin && joined ? 'true' : 'false'}>
      <h2>{t('options.team.heading')}</h2>
      <p class="hint">{hint}</p>
      <h3>{t('options.tiers.heading')}</h3>
      {joined && admin ? (
        <TiersEditor settings={settings} />
      ) : (
        <TiersReadOnly settings={settings} />
      )}
      <WinRates settings={settings} />
    </section>
  );
}
