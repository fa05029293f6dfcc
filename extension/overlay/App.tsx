import { useEffect, useRef, useState } from 'preact/hooks';
import {
  type Contact,
  type CoverageGap,
  isOpen,
  type Note,
  type Opportunity,
} from '../../shared/index.ts';
import { CaptureButton } from '../capture/CaptureButton.tsx';
import { currentLocale, t } from '../i18n/index.ts';
import { ask } from '../messaging/client.ts';
import type { AccountView, BadgeInfo, ViewAction } from '../messaging/protocol.ts';
import { date, money } from '../ui/format.ts';
import { type ActiveTab, openSidePanel, type PanelForm } from '../ui/tabs.ts';
import { useAccountView, type ViewState } from './use-account-view.ts';

/** How many open deals the panel lists; the rest are in the side panel. */
const TOP_DEALS = 5;

export interface LiveProps {
  readonly accountId: string;
  /** The badge as the overlay shows it (the view's, once it came). */
  readonly badge: BadgeInfo;
  readonly open: boolean;
  /** The page's hostname, for "never show on this site". */
  readonly hostname: string;
  /** The account's view changed: the badge follows it (overlay/Overlay.tsx). */
  readonly onState: (state: ViewState) => void;
  readonly onClose: () => void;
  /** The rep turned the overlay off on this site: off the page. */
  readonly onHidden: () => void;
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * The overlay's panel and the account's live view behind it, loaded by the badge
 * (overlay/Overlay.tsx) once the badge has painted: the view keeps the badge current, the panel
 * shows while the badge is open. Drawn in the overlay's extension frame, out of the page's reach.
 */
export function Live(props: LiveProps) {
  const { onState } = props;
  const state = useAccountView(props.accountId);
  useEffect(() => onState(state), [state, onState]);
  if (!props.open || state.kind === 'gone') return null;
  return (
    <Panel
      badge={props.badge}
      state={state}
      onClose={props.onClose}
      onHidden={props.onHidden}
      hostname={props.hostname}
    />
  );
}

function Panel(props: {
  badge: BadgeInfo;
  state: ReturnType<typeof useAccountView>;
  hostname: string;
  onClose: () => void;
  onHidden: () => void;
}) {
  const { badge, state } = props;
  const heading = useRef<HTMLHeadingElement>(null);
  const tab = useFrameTab();
  // No scrolling: the frame may still have the badge's size when the panel first draws.
  useEffect(() => heading.current?.focus({ preventScroll: true }), []);
  return (
    <section class="panel" role="dialog" aria-labelledby="al-heading" data-account-lens="panel">
      <header>
        <h2 id="al-heading" tabIndex={-1} ref={heading}>
          {badge.name}
        </h2>
        <button type="button" class="icon" aria-label={t('overlay.close')} onClick={props.onClose}>
          ×
        </button>
      </header>
      {state.kind === 'ready' ? (
        <Body view={state.view} tab={tab} />
      ) : (
        <p class="muted">{t('overlay.loading')}</p>
      )}
      <footer>
        <SidePanelButton
          tab={tab}
          accountId={badge.accountId}
          class="link"
          label={t('overlay.openSidePanel')}
          data="open-side-panel"
        />
        <HideOnSite hostname={props.hostname} onHidden={props.onHidden} />
      </footer>
    </section>
  );
}

/**
 * The tab this frame is in (the page the badge is on), read once the panel shows: the side
 * panel opens for it and quick capture reads it. Read ahead of any click, because opening the
 * side panel must happen in the click itself, with nothing awaited before it.
 */
function useFrameTab(): ActiveTab | undefined {
  const [tab, setTab] = useState<ActiveTab>();
  useEffect(() => {
    let live = true;
    browser.tabs
      .getCurrent()
      .then((current) => {
        if (live && current) {
          setTab({
            id: current.id,
            windowId: current.windowId,
            url: current.url,
            title: current.title,
          });
        }
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  return tab;
}

/**
 * Opens the browser's side panel on this account (with `form` open there, if given): the same
 * way as the popup's search (ui/tabs.ts), synchronously in the click, as Chrome requires.
 */
function SidePanelButton(props: {
  tab: ActiveTab | undefined;
  accountId: string;
  form?: PanelForm;
  label: string;
  class: string;
  data: string;
}) {
  const [error, setError] = useState<string | undefined>();
  return (
    <>
      <button
        type="button"
        class={props.class}
        data-account-lens={props.data}
        onClick={() => {
          setError(undefined);
          openSidePanel(props.tab, props.accountId, props.form).catch((e: unknown) =>
            setError(errorText(e)),
          );
        }}
      >
        {props.label}
      </button>
      {error && <p class="error">{t('overlay.failed', { error })}</p>}
    </>
  );
}

function Body({ view, tab }: { view: AccountView; tab: ActiveTab | undefined }) {
  return (
    <div class="body">
      <dl class="facts">
        <dt>{t('overlay.tier')}</dt>
        <dd data-account-lens="tier">
          {t(`tier.${view.badge.tier}`)}
          {view.badge.tierLocal && (
            <span class="local" data-account-lens="local" title={t('overlay.local.hint')}>
              {t('overlay.local')}
            </span>
          )}
        </dd>
        <dt>{t('overlay.strategy')}</dt>
        <dd data-account-lens="strategy">{t(`strategy.${view.strategy}`)}</dd>
        <dt>{t('overlay.status')}</dt>
        <dd>{view.status ? t(`status.${view.status}`) : t('overlay.unknown')}</dd>
        <dt>{t('overlay.relationship')}</dt>
        <dd>
          {view.relationshipStage
            ? t(`relationship.${view.relationshipStage}`)
            : t('overlay.unknown')}
        </dd>
      </dl>
      <Committee view={view} />
      {view.contacts.length === 0 && <NoContacts view={view} tab={tab} />}
      <Deals opportunities={view.opportunities} />
      <Actions view={view} />
      <Notes notes={view.notes} />
      <QuickNote accountId={view.account.id} />
    </div>
  );
}

function gapText(gap: CoverageGap, contacts: readonly Contact[]): string {
  if (gap.kind !== 'opponentActive') return t(`overlay.gap.${gap.kind}`);
  const names = gap.contactIds.map((id) => contacts.find((c) => c.id === id)?.name ?? '?');
  return t('overlay.gap.opponentActive', { names: names.join(', ') });
}

function Committee({ view }: { view: AccountView }) {
  const opponents = new Set(view.committee.opponents);
  return (
    <section data-account-lens="committee">
      <h3>{t('overlay.committee')}</h3>
      {view.gaps.length > 0 && (
        <ul class="gaps">
          {view.gaps.map((gap) => (
            <li key={gap.kind} class="gap" data-gap={gap.kind}>
              {gapText(gap, view.contacts)}
            </li>
          ))}
        </ul>
      )}
      {view.contacts.length === 0 ? (
        <p class="muted">{t('overlay.committee.empty')}</p>
      ) : (
        <ul class="people">
          {view.contacts.map((c) => (
            <li key={c.id} data-contact={c.id} class={opponents.has(c.id) ? 'opposed' : undefined}>
              <span class="person">{c.name}</span>
              {c.title && <span class="muted"> · {c.title}</span>}
              <div class="chips">
                {c.roles.map((r) => (
                  <span key={r} class="chip">
                    {t(`role.${r}`)}
                  </span>
                ))}
                {c.attitude && (
                  <span class={`chip attitude-${c.attitude}`}>{t(`attitude.${c.attitude}`)}</span>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * An account nobody is known at yet: take the people from this page (quick capture of this tab,
 * the popup's button), or type one in (the side panel's add-contact form).
 */
function NoContacts({ view, tab }: { view: AccountView; tab: ActiveTab | undefined }) {
  return (
    <div class="buttons no-contacts" data-account-lens="no-contacts">
      <CaptureButton tab={tab} siteAccess />
      <SidePanelButton
        tab={tab}
        accountId={view.account.id}
        form="addContact"
        class="add-contact"
        label={t('overlay.addContact')}
        data="add-contact"
      />
    </div>
  );
}

/** The open deals, largest first: stage, amount, expected close; the rest in the side panel. */
function Deals({ opportunities }: { opportunities: readonly Opportunity[] }) {
  const open = opportunities.filter(isOpen).sort((a, b) => b.amount - a.amount);
  const shown = open.slice(0, TOP_DEALS);
  return (
    <section data-account-lens="deals">
      <h3>{t('overlay.deals')}</h3>
      {shown.length === 0 ? (
        <p class="muted">{t('overlay.deals.none')}</p>
      ) : (
        <ul class="deals">
          {shown.map((o) => (
            <li key={o.id} data-opportunity={o.id}>
              <div class="deal-head">
                <span class="person">{o.name}</span>
                <span data-fact="amount">{money(o.amount, o.currency)}</span>
              </div>
              <div class="muted">
                <span data-fact="stage">{t(`stage.${o.stage}`)}</span> ·{' '}
                <span data-fact="close">
                  {o.expectedCloseAt === undefined
                    ? t('overlay.deal.noClose')
                    : t('overlay.deal.close', { date: date(o.expectedCloseAt) })}
                </span>
              </div>
            </li>
          ))}
        </ul>
      )}
      {open.length > shown.length && (
        <p class="muted">{t('overlay.deals.more', { n: open.length - shown.length })}</p>
      )}
    </section>
  );
}

function Actions({ view }: { view: AccountView }) {
  const [error, setError] = useState<string | undefined>();
  const decide = (action: ViewAction, decision: 'done' | 'snoozed') => {
    setError(undefined);
    ask({
      type: 'decideAction',
      accountId: view.account.id,
      actionKey: action.key,
      decision,
    }).catch((e: unknown) => setError(errorText(e)));
  };
  return (
    <section data-account-lens="actions">
      <h3>{t('overlay.actions')}</h3>
      {view.actions.length === 0 ? (
        <p class="muted">{t('overlay.actions.none')}</p>
      ) : (
        <ol class="actions">
          {view.actions.map((a) => (
            <li key={a.key} data-action={a.rule} class={`p${a.priority}`}>
              <div class="title">{t(a.title)}</div>
              <div class="muted">{t(a.reason)}</div>
              <div class="buttons">
                <button type="button" onClick={() => decide(a, 'done')}>
                  {t('overlay.action.done')}
                </button>
                <button type="button" onClick={() => decide(a, 'snoozed')}>
                  {t('overlay.action.snooze')}
                </button>
              </div>
            </li>
          ))}
        </ol>
      )}
      {view.actionCount > view.actions.length && (
        <p class="muted">
          {t('overlay.actions.more', { n: view.actionCount - view.actions.length })}
        </p>
      )}
      {error && <p class="error">{t('overlay.failed', { error })}</p>}
    </section>
  );
}

function Notes({ notes }: { notes: readonly Note[] }) {
  const date = new Intl.DateTimeFormat(currentLocale() === 'zh_CN' ? 'zh-CN' : 'en', {
    dateStyle: 'medium',
  });
  return (
    <section data-account-lens="notes">
      <h3>{t('overlay.notes')}</h3>
      {notes.length === 0 ? (
        <p class="muted">{t('overlay.notes.none')}</p>
      ) : (
        <ul class="notes">
          {notes.map((n) => (
            <li key={n.id} data-note={n.id}>
              <div class="muted">
                {t(`noteKind.${n.kind}`)} · {date.format(n.at)}
                {n.visibility === 'private' && ` · ${t('overlay.note.private')}`}
              </div>
              <p class="note-body">{n.body}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function QuickNote({ accountId }: { accountId: string }) {
  const [body, setBody] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const save = async () => {
    if (saving || body.trim() === '') return;
    setSaving(true);
    setError(undefined);
    try {
      await ask({ type: 'addNote', accountId, body });
      // The note shows in the list when the background sends the view again.
      setBody('');
    } catch (e) {
      setError(errorText(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <section class="quick-note">
      <label for="al-quick-note">{t('overlay.quickNote')}</label>
      <textarea
        id="al-quick-note"
        data-account-lens="quick-note"
        rows={3}
        value={body}
        placeholder={t('overlay.quickNote.placeholder')}
        onInput={(e) => setBody(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void save();
          }
        }}
      />
      <div class="buttons">
        <button type="button" disabled={saving || body.trim() === ''} onClick={() => void save()}>
          {saving ? t('overlay.quickNote.saving') : t('overlay.quickNote.save')}
        </button>
      </div>
      {error && <p class="error">{t('overlay.failed', { error })}</p>}
    </section>
  );
}

function HideOnSite({ hostname, onHidden }: { hostname: string; onHidden: () => void }) {
  const [error, setError] = useState<string | undefined>();
  return (
    <>
      <button
        type="button"
        class="link"
        data-account-lens="hide-site"
        onClick={() => {
          ask({ type: 'setSiteEnabled', hostname, enabled: false })
            .then(onHidden)
            .catch((e: unknown) => setError(errorText(e)));
        }}
      >
        {t('overlay.hideSite')}
      </button>
      {error && <p class="error">{t('overlay.failed', { error })}</p>}
    </>
  );
}
