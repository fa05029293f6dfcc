import { useEffect, useState } from 'preact/hooks';
import { shownTier } from '../../../shared/index.ts';
import { CaptureButton } from '../../capture/CaptureButton.tsx';
import { getDb } from '../../db/database.ts';
import { t } from '../../i18n/index.ts';
import { AddAccount } from '../../ui/AddAccount.tsx';
import { boot } from '../../ui/boot.tsx';
import { useLiveQuery } from '../../ui/live-query.ts';
import { type NewAccountOffer, newAccountOffer } from '../../ui/new-account.ts';
import { OpenBookButton } from '../../ui/OpenBookButton.tsx';
import { QuickNote } from '../../ui/QuickNote.tsx';
import { SearchBox } from '../../ui/SearchBox.tsx';
import { StatusDot, useSyncStatus } from '../../ui/sync-status.tsx';
import { TierBadge } from '../../ui/TierBadge.tsx';
import {
  type ActiveTab,
  accountForUrl,
  canOpenSidePanel,
  openSidePanel,
  popupPageTab,
} from '../../ui/tabs.ts';
import '../../ui/theme.css';
import './style.css';

const db = getDb();

function AccountCard(props: {
  accountId: string;
  tab: ActiveTab | undefined;
  fromPage: boolean;
  justAdded: boolean;
}) {
  const { accountId } = props;
  const { value } = useLiveQuery(async () => {
    const [account, insight] = await Promise.all([
      db.accounts.get(accountId),
      db.account_insights.get(accountId),
    ]);
    return { account, insight };
  }, [accountId]);
  const [panelError, setPanelError] = useState<string | undefined>(undefined);
  if (!value) return null;
  const { account, insight } = value;
  if (!account || account.deleted) return <p class="muted">{t('popup.accountGone')}</p>;
  const tier = shownTier(account, insight);
  // Not segmented yet, but without value data: the advice needs no book-wide pyramid.
  const strategy = insight?.strategy ?? (tier === 'untiered' ? 'addValueData' : undefined);
  return (
    <section class="account-card" aria-labelledby="account-heading" data-account-id={account.id}>
      <p class="muted">{props.fromPage ? t('popup.thisPage') : t('popup.chosen')}</p>
      <div class="spread">
        <h2 id="account-heading">{account.name}</h2>
        <TierBadge tier={tier} local={insight?.local} />
      </div>
      {account.domains.length > 0 && <p class="muted">{account.domains.join(', ')}</p>}
      {props.justAdded && (
        <p class="saved" role="status">
          {t('popup.add.added')}
        </p>
      )}
      {strategy && <p>{t(`strategy.${strategy}`)}</p>}
      <QuickNote db={db} accountId={account.id} idPrefix="popup" />
      {canOpenSidePanel() && (
        <button
          type="button"
          onClick={() => {
            setPanelError(undefined);
            openSidePanel(props.tab, account.id).catch((e: unknown) =>
              setPanelError(
                t('popup.panelFailed', { message: e instanceof Error ? e.message : String(e) }),
              ),
            );
          }}
        >
          {t('popup.openPanel')}
        </button>
      )}
      {panelError && <p class="error">{panelError}</p>}
      {props.fromPage && <CaptureButton tab={props.tab} />}
    </section>
  );
}

function Popup() {
  const status = useSyncStatus();
  const [tab, setTab] = useState<ActiveTab | undefined>(undefined);
  // undefined: still looking; null: the page belongs to no account.
  const [pageAccountId, setPageAccountId] = useState<string | null | undefined>(undefined);
  const [chosenId, setChosenId] = useState<string | undefined>(undefined);
  const [offer, setOffer] = useState<NewAccountOffer | undefined>(undefined);
  const [addedId, setAddedId] = useState<string | undefined>(undefined);

  useEffect(() => {
    void (async () => {
      try {
        const current = await popupPageTab();
        setTab(current);
        const id = (await accountForUrl(db, current?.url))?.id ?? null;
        if (id === null) setOffer(newAccountOffer(current?.url, current?.title));
        setPageAccountId(id);
      } catch {
        setPageAccountId(null);
      }
    })();
  }, []);

  const shownId = chosenId ?? pageAccountId ?? undefined;
  return (
    <main class="popup">
      <header class="spread">
        <h1>{t('extName')}</h1>
        <OpenBookButton />
        <StatusDot status={status} />
      </header>
      <SearchBox db={db} onChoose={setChosenId} autoFocus />
      {chosenId && pageAccountId && chosenId !== pageAccountId && (
        <button type="button" onClick={() => setChosenId(undefined)}>
          {t('popup.backToPage')}
        </button>
      )}
      {chosenId && pageAccountId === null && offer && (
        <button type="button" onClick={() => setChosenId(undefined)}>
          {t('popup.add.back', { domain: offer.domain })}
        </button>
      )}
      {shownId ? (
        <AccountCard
          key={shownId}
          accountId={shownId}
          tab={tab}
          fromPage={chosenId === undefined}
          justAdded={shownId === addedId}
        />
      ) : pageAccountId === null && offer ? (
        <AddAccount
          db={db}
          offer={offer}
          onAdded={(id) => {
            setAddedId(id);
            setPageAccountId(id);
          }}
        />
      ) : (
        pageAccountId === null && <p class="muted">{t('popup.noAccount')}</p>
      )}
      {/* A site with no account yet is where capture helps most: it creates the account too. */}
      {!shownId && pageAccountId === null && <CaptureButton tab={tab} />}
    </main>
  );
}

void boot(
  () => t('popup.title'),
  () => <Popup />,
);
