import { useState } from 'preact/hooks';
import type { MessageRead } from '../frame/protocol.ts';
import type { WebmailSite } from '../hosts/hosts.ts';
import { t } from '../i18n/index.ts';
import { ask } from '../messaging/client.ts';
import type { AccountView } from '../messaging/protocol.ts';
import type {
  ContactPrefill,
  SenderOffer,
  WebmailMessageView,
  WebmailPerson,
} from '../messaging/webmail.ts';
import { date } from '../ui/format.ts';
import { TierBadge } from '../ui/TierBadge.tsx';
import { ROLE_ORDER, sortRoles } from './roles.ts';

/** How many next actions and notes the panel lists: the side panel has the rest. */
const TOP_ACTIONS = 3;
const LATEST_NOTES = 3;

const noMessage: ReadMessage = () => Promise.resolve(null);

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));
const errorName = (e: unknown): string => (e instanceof Error ? e.name : '');

export interface MessagePanelProps {
  readonly site: WebmailSite;
  readonly view: WebmailMessageView;
  /** Anchors moved: the addresses were read from the text. */
  readonly fallback: boolean;
  /**
   * The message as the page shows it now, read by the content script when the panel asks (its
   * body only with `body`, when the rep asks for something that needs it).
   */
  readonly readMessage: ReadMessage;
}

export type ReadMessage = (body: boolean) => Promise<MessageRead | null>;

/** Beside the open message: who wrote it, their account, who else is on it, and what to do. */
export function MessagePanel(props: MessagePanelProps) {
  const { view } = props;
  const [open, setOpen] = useState(true);
  const account = view.account;
  return (
    <section class="wm" data-account-lens="webmail-panel" aria-label={t('webmail.panel.label')}>
      <header class="wm-head">
        <span class="brand">{t('extName')}</span>
        {account && (
          <span class="account-title">
            <strong data-account-lens="account-name">{account.account.name}</strong>
            <TierBadge tier={account.badge.tier} local={account.badge.tierLocal} />
          </span>
        )}
        <button
          type="button"
          class="link toggle"
          aria-expanded={open}
          onClick={() => setOpen(!open)}
        >
          {open ? t('webmail.hide') : t('webmail.show')}
        </button>
      </header>
      {props.fallback && (
        <p class="fallback" role="status" data-account-lens="fallback">
          {t('webmail.fallback')}
        </p>
      )}
      {open && (
        <div class="wm-body">
          {view.askIdentity && <AskIdentity address={view.askIdentity} />}
          {view.outgoing && (
            <p class="outgoing" data-account-lens="outgoing">
              {t('webmail.outgoing')}
            </p>
          )}
          {view.person ? (
            <Sender person={view.person} />
          ) : (
            <p class="muted" data-account-lens="sender">
              {t('webmail.outgoing.nobody')}
            </p>
          )}
          {account && <AccountSummary view={account} />}
          <Participants view={view} />
          {view.offer && view.person && (
            <Offer
              offer={view.offer}
              sender={view.person}
              // The body of mail the rep sent ends with the rep's own signature.
              readMessage={view.outgoing ? noMessage : props.readMessage}
            />
          )}
          {account && (
            <QuickNote
              accountId={account.account.id}
              contactIds={view.person?.contact ? [view.person.contact.id] : []}
            />
          )}
          <LogEmail site={props.site} view={view} readMessage={props.readMessage} />
        </div>
      )}
    </section>
  );
}

function RoleChips({ person }: { person: WebmailPerson }) {
  const c = person.contact;
  if (!c) return null;
  return (
    <span class="chips">
      {sortRoles(c.roles).map((r) => (
        <span key={r} class="chip" data-role={r}>
          {t(`role.${r}`)}
        </span>
      ))}
      {c.attitude && (
        <span class={`chip attitude-${c.attitude}`} data-attitude={c.attitude}>
          {t(`attitude.${c.attitude}`)}
        </span>
      )}
    </span>
  );
}

function Sender({ person }: { person: WebmailPerson }) {
  const c = person.contact;
  return (
    <section class="sender" data-account-lens="sender">
      <div>
        <span class="person">{c?.name || person.name || person.email}</span>
        {c?.title && <span class="muted"> · {c.title}</span>}
      </div>
      <div class="muted email">{person.email}</div>
      {c ? (
        <>
          <RoleChips person={person} />
          {c.roles.length === 0 && <div class="muted">{t('webmail.roles.none')}</div>}
          <div class="facts-line">
            {c.relationshipStrength !== undefined && (
              <span data-account-lens="strength">
                {t('webmail.relationship', { n: c.relationshipStrength })}
              </span>
            )}
            <span data-account-lens="last-touch">
              {c.lastTouch
                ? t('webmail.lastTouch', {
                    kind: `noteKind.${c.lastTouch.kind}`,
                    date: date(c.lastTouch.at),
                  })
                : t('webmail.lastTouch.none')}
            </span>
          </div>
        </>
      ) : person.relation === 'colleague' ? (
        <div class="muted" data-account-lens="colleague">
          {t('webmail.colleague')}
        </div>
      ) : (
        <div class="muted" data-account-lens="unknown-sender">
          {person.freeMail ? t('webmail.contact.freeMail') : t('webmail.contact.unknown')}
        </div>
      )}
    </section>
  );
}

/** "Is this you?": the mailbox's signed-in address, added to the rep's only when they say so. */
function AskIdentity({ address }: { address: string }) {
  const [state, setState] = useState<{ busy?: boolean; error?: string }>({});
  const answer = async (mine: boolean) => {
    if (state.busy) return;
    setState({ busy: true });
    try {
      // The live view follows the stored addresses: this question goes with the next view.
      await ask({ type: 'webmailIdentity', address, mine });
      setState({});
    } catch (e) {
      setState({ error: errorText(e) });
    }
  };
  return (
    <section class="ask-identity" data-account-lens="ask-identity">
      <p>
        <strong>{t('webmail.identity.ask', { address })}</strong>
      </p>
      <p class="muted">{t('webmail.identity.askHint')}</p>
      <div class="buttons">
        <button
          type="button"
          class="primary"
          data-account-lens="identity-yes"
          disabled={state.busy === true}
          onClick={() => void answer(true)}
        >
          {t('webmail.identity.yes')}
        </button>
        <button
          type="button"
          data-account-lens="identity-no"
          disabled={state.busy === true}
          onClick={() => void answer(false)}
        >
          {t('webmail.identity.no')}
        </button>
      </div>
      {state.error && (
        <p class="error" role="alert">
          {t('webmail.failed', { error: state.error })}
        </p>
      )}
    </section>
  );
}

function AccountSummary({ view }: { view: AccountView }) {
  return (
    <section class="account" data-account-lens="account">
      <dl class="facts">
        <dt>{t('webmail.account.status')}</dt>
        <dd data-account-lens="status">
          {view.status ? t(`status.${view.status}`) : t('webmail.account.unknown')}
        </dd>
        <dt>{t('webmail.account.relationship')}</dt>
        <dd>
          {view.relationshipStage
            ? t(`relationship.${view.relationshipStage}`)
            : t('webmail.account.unknown')}
        </dd>
      </dl>
      <h3>{t('webmail.actions')}</h3>
      {view.actions.length === 0 ? (
        <p class="muted">{t('webmail.actions.none')}</p>
      ) : (
        <ol class="actions" data-account-lens="actions">
          {view.actions.slice(0, TOP_ACTIONS).map((a) => (
            <li key={a.key} data-action={a.rule} class={`p${a.priority}`}>
              <div class="title">{t(a.title)}</div>
              <div class="muted">{t(a.reason)}</div>
            </li>
          ))}
        </ol>
      )}
      {view.actionCount > TOP_ACTIONS && (
        <p class="muted">{t('webmail.actions.more', { n: view.actionCount - TOP_ACTIONS })}</p>
      )}
      <h3>{t('webmail.notes')}</h3>
      {view.notes.length === 0 ? (
        <p class="muted">{t('webmail.notes.none')}</p>
      ) : (
        <ul class="notes" data-account-lens="notes">
          {view.notes.slice(0, LATEST_NOTES).map((n) => (
            <li key={n.id}>
              <div class="muted">
                {t(`noteKind.${n.kind}`)} · {date(n.at)}
                {n.subject ? ` · ${n.subject}` : ''}
              </div>
              <p class="note-body">{n.body}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Is the account's decision maker on this thread? The answer a rep wants at a glance. */
function deciderLine(view: WebmailMessageView): { kind: string; text: string } | null {
  const account = view.account;
  if (!account) return null;
  const onThread = new Set(
    [view.person, ...view.participants].flatMap((p) => (p?.contact ? [p.contact.id] : [])),
  );
  const deciders = account.contacts.filter((c) => c.roles.includes('decisionMaker'));
  const names = (list: typeof deciders) => list.map((c) => c.name).join(', ');
  const here = deciders.filter((c) => onThread.has(c.id));
  if (here.length > 0) {
    return { kind: 'on', text: t('webmail.decider.onThread', { names: names(here) }) };
  }
  if (deciders.length > 0) {
    return { kind: 'off', text: t('webmail.decider.notOnThread', { names: names(deciders) }) };
  }
  return {
    kind: 'unknown',
    text: t('webmail.decider.unknown', { account: account.account.name }),
  };
}

function Participants({ view }: { view: WebmailMessageView }) {
  const decider = deciderLine(view);
  const senderAccount = view.person?.account?.id;
  return (
    <section class="participants" data-account-lens="participants">
      {decider && (
        <p class={`decider decider-${decider.kind}`} data-account-lens="decider">
          {decider.text}
        </p>
      )}
      {view.participants.length > 0 && (
        <>
          <h3>{t('webmail.participants')}</h3>
          <ul class="people">
            {view.participants.map((p) => (
              <li key={p.email} data-email={p.email}>
                <span class="person">{p.contact?.name || p.name || p.email}</span>
                {p.account && p.account.id !== senderAccount && (
                  <span class="muted"> · {p.account.name}</span>
                )}
                {p.relation === 'colleague' ? (
                  <span class="muted" data-relation="colleague">
                    {' '}
                    · {t('webmail.participant.colleague')}
                  </span>
                ) : (
                  !p.account &&
                  !p.contact && <span class="muted"> · {t('webmail.participant.unknown')}</span>
                )}
                <RoleChips person={p} />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function Offer(props: { offer: SenderOffer; sender: WebmailPerson; readMessage: ReadMessage }) {
  return props.offer.kind === 'addContact' ? (
    <AddContact offer={props.offer} sender={props.sender} readMessage={props.readMessage} />
  ) : (
    <CreateAccount offer={props.offer} />
  );
}

interface Draft {
  name: string;
  title: string;
  emails: string;
  phones: string;
  roles: string[];
  fromSignature: ContactPrefill['fromSignature'];
}

const splitList = (value: string): string[] =>
  value
    .split(/[,;，；\n]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');

/** "Add contact": the unknown sender, prefilled from the message's last signature block. */
function AddContact(props: {
  offer: Extract<SenderOffer, { kind: 'addContact' }>;
  sender: WebmailPerson;
  readMessage: ReadMessage;
}) {
  const [phase, setPhase] = useState<'closed' | 'reading' | 'form'>('closed');
  const [draft, setDraft] = useState<Draft | undefined>();
  const [state, setState] = useState<{ busy?: boolean; error?: string }>({});
  const { sender, offer } = props;

  const start = async () => {
    setPhase('reading');
    setState({});
    try {
      const body = (await props.readMessage(true))?.body ?? '';
      const prefill = await ask<ContactPrefill>({
        type: 'webmailPrefill',
        sender: { name: sender.name, email: sender.email },
        text: body.slice(-20_000),
      });
      setDraft({
        name: prefill.name,
        title: prefill.title,
        emails: prefill.emails.join(', '),
        phones: prefill.phones.join(', '),
        roles: [],
        fromSignature: prefill.fromSignature,
      });
    } catch {
      // Without a prefill the rep types the fields; the header still gives name and address.
      setDraft({
        name: sender.name,
        title: '',
        emails: sender.email,
        phones: '',
        roles: [],
        fromSignature: [],
      });
    }
    setPhase('form');
  };

  const save = async () => {
    if (!draft || state.busy) return;
    setState({ busy: true });
    try {
      await ask({
        type: 'webmailAddContact',
        accountId: offer.accountId,
        name: draft.name,
        title: draft.title,
        emails: splitList(draft.emails),
        phones: splitList(draft.phones),
        roles: draft.roles,
        fromSignature: [...draft.fromSignature],
      });
      // The live view now knows the sender: this offer goes away with the next view.
      setState({});
      setPhase('closed');
    } catch (e) {
      setState({ error: errorText(e) });
    }
  };

  const heading = t('webmail.addContact', {
    name: sender.name || sender.email,
    account: offer.accountName,
  });
  if (phase !== 'form' || !draft) {
    return (
      <section class="offer" data-account-lens="add-contact">
        <button
          type="button"
          class="primary"
          disabled={phase === 'reading'}
          onClick={() => void start()}
        >
          {phase === 'reading' ? t('webmail.addContact.reading') : heading}
        </button>
      </section>
    );
  }
  const field = (key: 'name' | 'title' | 'emails' | 'phones', label: string) => (
    <label class="field">
      <span>{label}</span>
      <input
        name={key}
        value={draft[key]}
        autoComplete="off"
        onInput={(e) => setDraft({ ...draft, [key]: e.currentTarget.value })}
      />
    </label>
  );
  return (
    <form
      class="offer form"
      data-account-lens="add-contact"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h3>{heading}</h3>
      {draft.fromSignature.length > 0 && (
        <p class="muted" data-account-lens="from-signature">
          {t('webmail.addContact.fromSignature')}
        </p>
      )}
      {field('name', t('webmail.addContact.name'))}
      {field('title', t('webmail.addContact.title'))}
      {field('emails', t('webmail.addContact.emails'))}
      {field('phones', t('webmail.addContact.phones'))}
      <fieldset class="roles">
        <legend>{t('webmail.addContact.roles')}</legend>
        {ROLE_ORDER.map((r) => (
          <label key={r} class="check">
            <input
              type="checkbox"
              name="roles"
              value={r}
              checked={draft.roles.includes(r)}
              onChange={(e) =>
                setDraft({
                  ...draft,
                  roles: e.currentTarget.checked
                    ? [...draft.roles, r]
                    : draft.roles.filter((x) => x !== r),
                })
              }
            />
            {t(`role.${r}`)}
          </label>
        ))}
      </fieldset>
      <div class="buttons">
        <button type="submit" class="primary" disabled={state.busy === true}>
          {t('webmail.addContact.save')}
        </button>
        <button type="button" onClick={() => setPhase('closed')}>
          {t('webmail.cancel')}
        </button>
      </div>
      {state.error && (
        <p class="error" role="alert">
          {t('webmail.failed', { error: state.error })}
        </p>
      )}
    </form>
  );
}

/** "Create account": an unknown company, from the sender's domain. */
function CreateAccount({ offer }: { offer: Extract<SenderOffer, { kind: 'createAccount' }> }) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState(offer.name);
  const [domain, setDomain] = useState(offer.domain);
  const [state, setState] = useState<{ busy?: boolean; error?: string }>({});
  const heading = t('webmail.createAccount', { domain: offer.domain });
  if (!open) {
    return (
      <section class="offer" data-account-lens="create-account">
        <button type="button" class="primary" onClick={() => setOpen(true)}>
          {heading}
        </button>
      </section>
    );
  }
  const save = async () => {
    if (state.busy) return;
    setState({ busy: true });
    try {
      await ask({ type: 'webmailCreateAccount', name, domain });
      // The live view now matches the sender's domain and offers "Add contact" instead.
      setState({});
      setOpen(false);
    } catch (e) {
      setState({ error: errorText(e) });
    }
  };
  return (
    <form
      class="offer form"
      data-account-lens="create-account"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h3>{heading}</h3>
      <label class="field">
        <span>{t('webmail.createAccount.name')}</span>
        <input name="name" value={name} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <label class="field">
        <span>{t('webmail.createAccount.domain')}</span>
        <input
          name="domain"
          value={domain}
          spellcheck={false}
          onInput={(e) => setDomain(e.currentTarget.value)}
        />
      </label>
      <div class="buttons">
        <button type="submit" class="primary" disabled={state.busy === true}>
          {t('webmail.createAccount.save')}
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          {t('webmail.cancel')}
        </button>
      </div>
      {state.error && (
        <p class="error" role="alert">
          {t('webmail.failed', { error: state.error })}
        </p>
      )}
    </form>
  );
}

function QuickNote({ accountId, contactIds }: { accountId: string; contactIds: string[] }) {
  const [body, setBody] = useState('');
  const [state, setState] = useState<{ busy?: boolean; error?: string; saved?: boolean }>({});
  const save = async () => {
    if (state.busy || body.trim() === '') return;
    setState({ busy: true });
    try {
      await ask({ type: 'addNote', accountId, body, contactIds });
      setBody('');
      setState({ saved: true });
    } catch (e) {
      setState({ error: errorText(e) });
    }
  };
  return (
    <section class="quick-note">
      <label for="al-wm-note">{t('webmail.note.label')}</label>
      <textarea
        id="al-wm-note"
        data-account-lens="quick-note"
        rows={2}
        value={body}
        placeholder={t('webmail.note.placeholder')}
        onInput={(e) => {
          setBody(e.currentTarget.value);
          if (state.saved || state.error) setState({});
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void save();
          }
        }}
      />
      <div class="buttons">
        <button
          type="button"
          data-account-lens="save-note"
          disabled={state.busy === true || body.trim() === ''}
          onClick={() => void save()}
        >
          {state.busy ? t('webmail.note.saving') : t('webmail.note.save')}
        </button>
        <span role="status" class={state.error ? 'error' : 'saved'}>
          {state.error
            ? t('webmail.failed', { error: state.error })
            : state.saved
              ? t('webmail.note.saved')
              : ''}
        </span>
      </div>
    </section>
  );
}

/** "Log this e-mail": a note of kind e-mail, once per message. */
function LogEmail(props: {
  site: WebmailSite;
  view: WebmailMessageView;
  readMessage: ReadMessage;
}) {
  const [includeBody, setIncludeBody] = useState(false);
  const [state, setState] = useState<{ busy?: boolean; error?: string }>({});
  const { logged, account } = props.view;
  const log = async () => {
    if (state.busy) return;
    setState({ busy: true });
    try {
      const m = await props.readMessage(includeBody);
      if (!m) {
        setState({});
        return;
      }
      await ask({
        type: 'logEmail',
        site: props.site,
        messageId: m.id,
        subject: m.subject.slice(0, 500),
        ...(m.sentAt !== undefined ? { sentAt: m.sentAt } : {}),
        sender: m.sender,
        participants: m.participants.slice(0, 100),
        ...(includeBody && m.body !== undefined ? { body: m.body.slice(0, 90_000) } : {}),
      });
      // The live view reports the message as logged.
      setState({});
    } catch (e) {
      setState({
        error: errorName(e) === 'AlreadyLogged' ? t('webmail.log.already') : errorText(e),
      });
    }
  };
  return (
    <section class="log" data-account-lens="log-email">
      {logged ? (
        <p class="saved" data-account-lens="logged">
          {t('webmail.log.done', { date: date(logged.at) })}
        </p>
      ) : (
        <div class="buttons">
          <label class="check">
            <input
              type="checkbox"
              checked={includeBody}
              onChange={(e) => setIncludeBody(e.currentTarget.checked)}
            />
            {t('webmail.log.includeBody')}
          </label>
          <button
            type="button"
            class="primary"
            data-account-lens="log-button"
            disabled={state.busy === true || !account}
            title={account ? undefined : t('webmail.log.noAccount')}
            onClick={() => void log()}
          >
            {state.busy ? t('webmail.log.logging') : t('webmail.log')}
          </button>
        </div>
      )}
      {!account && !logged && <p class="muted">{t('webmail.log.noAccount')}</p>}
      {state.error && (
        <p class="error" role="alert">
          {state.error}
        </p>
      )}
    </section>
  );
}
