import { useEffect, useMemo, useState } from 'preact/hooks';
import type { AccountLensDB } from '../../db/database.ts';
import { t } from '../../i18n/index.ts';
import { loadTeamInfo } from '../../sync/state.ts';
import { errorText } from '../../ui/errors.ts';
import { currentAuthorId } from '../../ui/identity.ts';
import { useLiveQuery } from '../../ui/live-query.ts';
import { SearchBox } from '../../ui/SearchBox.tsx';
import { StatusDot, useSyncStatus } from '../../ui/sync-status.tsx';
import { teamSettings } from '../../ui/team-settings.ts';
import { firstRowsShown, useBookOpportunities, useBookRefresh, useBookRows } from '../live.ts';
import { BOOK_VIEWS } from '../open.ts';
import { Accounts } from './Accounts.tsx';
import { type BookContext, BookContextProvider } from './context.tsx';
import { warmViews } from './derived.ts';
import { Pipeline } from './Pipeline.tsx';
import { Pyramid } from './Pyramid.tsx';
import { routeHref, useRoute } from './route.ts';
import { openAccount } from './side-panel.ts';
import { Today } from './Today.tsx';

const WARM_AFTER_MS = 1_500;

/** The Book page: a rep's day and the team's accounts, one view at a time (see open.ts). */
export function BookApp({ db }: { db: AccountLensDB }) {
  const route = useRoute();

  const rows = useBookRows(db);
  const opportunities = useBookOpportunities(db);
  const sync = useSyncStatus();
  const [me, setMe] = useState<string | undefined>(undefined);
  useEffect(() => {
    void currentAuthorId(db).then(setMe, () => undefined);
  }, [db]);
  const { value: settings } = useLiveQuery(() => teamSettings(db), [db]);
  const refresh = useBookRefresh(db, settings);
  const { value: team } = useLiveQuery(() => loadTeamInfo(db), [db]);
  const members = useMemo(() => new Map((team?.members ?? []).map((m) => [m.id, m.name])), [team]);
  // Once the book is read, prepare every view in idle time (derived.ts).
  // After changes settle: a rep writing notes does not recompute 100k rows for each one.
  useEffect(() => {
    if (!rows || !settings) return;
    let current = true;
    const timer = setTimeout(
      () => void warmViews(rows, me, members, settings, opportunities, () => current),
      WARM_AFTER_MS,
    );
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [rows, me, members, settings, opportunities]);
  // Another view opened first: nothing waits for Today's rows, read the book now.
  useEffect(() => {
    if (route.view !== 'today') firstRowsShown();
  }, [route.view]);
  if (!settings) return null;
  if (performance.getEntriesByName('account-lens:book-shell').length === 0) {
    performance.mark('account-lens:book-shell');
  }
  const context: BookContext = { db, me, rows, opportunities, settings, members };
  return (
    <BookContextProvider value={context}>
      <div class="book" data-loaded={rows && opportunities ? 'true' : undefined}>
        <header class="book-top">
          <h1>{t('book.title')}</h1>
          <nav aria-label={t('book.tabs')} class="book-tabs">
            {BOOK_VIEWS.map((view) => (
              <a
                key={view}
                href={routeHref(view)}
                aria-current={route.view === view ? 'page' : undefined}
                data-view={view}
              >
                {t(`book.tab.${view}`)}
              </a>
            ))}
          </nav>
          <div class="book-search">
            <SearchBox db={db} onChoose={(id) => void openAccount(id)} />
          </div>
          <a
            href="/import.html"
            target="_blank"
            rel="noopener"
            data-open-import
            title={t('import.open.hint')}
          >
            {t('import.open')}
          </a>
          <StatusDot status={sync} />
        </header>
        {refresh.progress !== undefined && (
          <p class="muted" role="status" data-book-refresh>
            {t('book.refreshing', { percent: Math.round(refresh.progress * 100) })}
          </p>
        )}
        {refresh.error !== undefined && (
          <p class="error" role="alert">
            {t('book.failed', { error: errorText(refresh.error) })}
          </p>
        )}
        <main data-book-view={route.view}>
          {route.view === 'today' && <Today />}
          {route.view === 'accounts' && <Accounts params={route.params} />}
          {route.view === 'pyramid' && <Pyramid />}
          {route.view === 'pipeline' && <Pipeline />}
        </main>
      </div>
    </BookContextProvider>
  );
}
