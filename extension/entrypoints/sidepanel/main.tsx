import { useEffect, useState } from 'preact/hooks';
import { getDb } from '../../db/database.ts';
import { t } from '../../i18n/index.ts';
import { Contacts } from '../../ui/account/Contacts.tsx';
import { loadAccountView } from '../../ui/account/data.ts';
import { FileSection } from '../../ui/account/FileSection.tsx';
import { NextActions } from '../../ui/account/NextActions.tsx';
import { Notes } from '../../ui/account/Notes.tsx';
import { Opportunities } from '../../ui/account/Opportunities.tsx';
import { Summary } from '../../ui/account/Summary.tsx';
import { Tasks } from '../../ui/account/Tasks.tsx';
import { ValueSection } from '../../ui/account/ValueSection.tsx';
import { boot } from '../../ui/boot.tsx';
import { currentAuthorId } from '../../ui/identity.ts';
import { useLiveQuery } from '../../ui/live-query.ts';
import { OpenBookButton } from '../../ui/OpenBookButton.tsx';
import { SearchBox } from '../../ui/SearchBox.tsx';
import { StatusDot, useSyncStatus } from '../../ui/sync-status.tsx';
import { accountForUrl, activeTab, type PanelForm, panelAccountItem } from '../../ui/tabs.ts';
import '../../ui/theme.css';
import './style.css';

const db = getDb();

/** A choice made in the popup this recently is what the panel was opened for. */
const FRESH_CHOICE_MS = 10_000;

/** A form the panel was asked to open, and when (each new request opens it again). */
interface FormRequest {
  readonly form: PanelForm;
  readonly at: number;
}

/**
 * Which account to show: `?account=` in the URL, else a choice just made in the popup (or the
 * overlay's panel), else the active tab's account. Afterwards the panel follows the rep: a new
 * choice in the popup, or switching to (or navigating) a tab of another account. A tab of no
 * account keeps the account shown, so a glance at the webmail does not empty the panel. A
 * choice may ask for a form (`?form=addContact`, or the choice's `form`): the account shown
 * opens it.
 */
function useShownAccount(): [
  string | undefined,
  (id: string) => void,
  boolean,
  FormRequest | undefined,
] {
  const [accountId, setAccountId] = useState<string | undefined>(undefined);
  const [settled, setSettled] = useState(false);
  const [form, setForm] = useState<FormRequest | undefined>(undefined);
  useEffect(() => {
    let stopped = false;
    const show = (id: string | undefined, request?: FormRequest) => {
      if (stopped || !id) return;
      setAccountId(id);
      setForm(request);
    };
    const formOf = (chosen: { form?: PanelForm; at: number } | null): FormRequest | undefined =>
      chosen?.form === 'addContact' ? { form: chosen.form, at: chosen.at } : undefined;
    const followTab = async () => {
      const tab = await activeTab().catch(() => undefined);
      show((await accountForUrl(db, tab?.url).catch(() => undefined))?.id);
    };
    void (async () => {
      const params = new URLSearchParams(location.search);
      const fromUrl = params.get('account');
      const chosen = await panelAccountItem.getValue().catch(() => null);
      if (fromUrl) {
        show(
          fromUrl,
          params.get('form') === 'addContact' ? { form: 'addContact', at: Date.now() } : undefined,
        );
      } else if (chosen && Date.now() - chosen.at < FRESH_CHOICE_MS) {
        show(chosen.accountId, formOf(chosen));
      } else {
        await followTab();
        if (chosen) setAccountId((current) => current ?? chosen.accountId);
      }
      if (!stopped) setSettled(true);
    })();
    const unwatch = panelAccountItem.watch((chosen) => show(chosen?.accountId, formOf(chosen)));
    const onActivated = () => void followTab();
    const onUpdated = (_id: number, change: { url?: string }, tab: { active?: boolean }) => {
      if (change.url && tab.active) void followTab();
    };
    browser.tabs.onActivated.addListener(onActivated);
    browser.tabs.onUpdated.addListener(onUpdated);
    return () => {
      stopped = true;
      unwatch();
      browser.tabs.onActivated.removeListener(onActivated);
      browser.tabs.onUpdated.removeListener(onUpdated);
    };
  }, []);
  return [accountId, setAccountId, settled, form];
}

function AccountPanel({ accountId, form }: { accountId: string; form?: FormRequest | undefined }) {
  // Read outside the live query: the first call may create the client id, a write, which a
  // live query must not do.
  const [authorId, setAuthorId] = useState<string | undefined>(undefined);
  useEffect(() => {
    void currentAuthorId(db).then(setAuthorId, () => undefined);
  }, []);
  const { value: view, error } = useLiveQuery(
    () => loadAccountView(db, accountId, authorId),
    [accountId, authorId],
  );
  if (error) return <p class="error">{t('ui.error.other', { message: String(error) })}</p>;
  if (view === undefined) return <p class="muted">{t('panel.loading')}</p>;
  if (view === null) return <p class="muted">{t('popup.accountGone')}</p>;
  return (
    <article aria-labelledby="account-name" data-account-id={view.account.id}>
      <Summary view={view} />
      <NextActions db={db} view={view} />
      <Notes db={db} view={view} />
      <Contacts
        db={db}
        view={view}
        addContactAt={form?.form === 'addContact' ? form.at : undefined}
      />
      <Opportunities db={db} view={view} />
      <FileSection db={db} view={view} />
      <ValueSection db={db} view={view} />
      <Tasks db={db} view={view} />
    </article>
  );
}

function SidePanel() {
  const status = useSyncStatus();
  const [accountId, choose, settled, form] = useShownAccount();
  return (
    <main class="panel">
      <header class="top spread">
        <OpenBookButton />
        <StatusDot status={status} />
      </header>
      <SearchBox db={db} onChoose={choose} />
      {accountId ? (
        <AccountPanel key={accountId} accountId={accountId} form={form} />
      ) : (
        settled && <p class="muted">{t('panel.empty')}</p>
      )}
    </main>
  );
}

void boot(
  () => t('panel.title'),
  () => <SidePanel />,
);
