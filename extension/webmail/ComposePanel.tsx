import { t } from '../i18n/index.ts';
import type { WebmailComposeView, WebmailPerson } from '../messaging/webmail.ts';
import { TierBadge } from '../ui/TierBadge.tsx';
import { sortRoles } from './roles.ts';

/** A warning worth reading before sending: who among the recipients matters or opposes. */
function warningOf(p: WebmailPerson): { kind: string; text: string } | null {
  const c = p.contact;
  if (!c) return null;
  const params = { name: c.name, account: p.account?.name ?? '' };
  if (c.attitude === 'opponent')
    return { kind: 'opponent', text: t('webmail.compose.opponent', params) };
  if (c.attitude === 'skeptic')
    return { kind: 'skeptic', text: t('webmail.compose.skeptic', params) };
  if (c.roles.includes('decisionMaker')) {
    return { kind: 'decider', text: t('webmail.compose.decider', params) };
  }
  return null;
}

/** In the compose window: the recipients' accounts and roles, before the rep hits send. */
export function ComposePanel({ view }: { view: WebmailComposeView }) {
  const warnings = view.recipients.flatMap((p) => {
    const w = warningOf(p);
    return w ? [{ ...w, email: p.email }] : [];
  });
  const known = view.recipients.filter((p) => p.account);
  return (
    <section
      class="wm compose"
      data-account-lens="compose-panel"
      aria-label={t('webmail.compose.label')}
    >
      <header class="wm-head">
        <span class="brand">{t('extName')}</span>
      </header>
      <div class="wm-body">
        {warnings.length > 0 && (
          <ul class="warnings">
            {warnings.map((w) => (
              <li key={w.email} class={`warning warning-${w.kind}`} data-warning={w.kind}>
                {w.text}
              </li>
            ))}
          </ul>
        )}
        {known.length === 0 ? (
          <p class="muted">{t('webmail.compose.none')}</p>
        ) : (
          <ul class="people">
            {known.map((p) => (
              <li key={p.email} data-email={p.email}>
                <span class="person">{p.contact?.name || p.name || p.email}</span>
                {p.account && (
                  <>
                    <span class="muted"> · {p.account.name} </span>
                    <TierBadge tier={p.account.tier} />
                  </>
                )}
                {p.contact && (
                  <span class="chips">
                    {sortRoles(p.contact.roles).map((r) => (
                      <span key={r} class="chip" data-role={r}>
                        {t(`role.${r}`)}
                      </span>
                    ))}
                    {p.contact.attitude && (
                      <span class={`chip attitude-${p.contact.attitude}`}>
                        {t(`attitude.${p.contact.attitude}`)}
                      </span>
                    )}
                  </span>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
