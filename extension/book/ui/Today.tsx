import { useEffect, useRef, useState } from 'preact/hooks';
import type { AccountLensDB } from '../../db/database.ts';
import { decideAction } from '../../db/decide-action.ts';
import { t } from '../../i18n/index.ts';
import { errorText } from '../../ui/errors.ts';
import { date } from '../../ui/format.ts';
import { writeContext } from '../../ui/identity.ts';
import { bookVersion, firstRowsShown, onBookChanged } from '../live.ts';
import {
  adjustCounts,
  type DayGroup,
  loadTodayCounts,
  loadTodayRows,
  type Whose,
} from '../today.ts';
import type { BookAction } from '../types.ts';
import { useBook, useOwnerLabel } from './context.tsx';
import { openAccount } from './side-panel.ts';

const PAGE = 20;
const WHOSE_KEY = 'account-lens.today.whose';

type Groups = { readonly group: DayGroup; readonly actions: readonly BookAction[] }[];
/** What Today showed last, by filter, book version and page sizes. */
let shown:
  | {
      readonly key: string;
      readonly version: number;
      readonly groups: Groups;
      readonly counts: Record<DayGroup, number> | undefined;
    }
  | undefined;
const FIRST: Record<DayGroup, number> = { overdue: PAGE, today: PAGE, week: PAGE, later: PAGE };

const whoseFilter = (whose: string, me: string | undefined): Whose =>
  whose === 'team' || (whose === 'mine' && me === undefined)
    ? { kind: 'team' }
    : { kind: 'member', id: whose === 'mine' ? (me as string) : whose };
const keyOf = (filter: Whose, limits: Readonly<Record<DayGroup, number>>): string =>
  `${filter.kind === 'team' ? '' : filter.id}\u0000${JSON.stringify(limits)}`;

/** Today's first rows, read before the page rendered (prefetchToday). */
let prefetched: { readonly key: string; readonly rows: Promise<Groups> } | undefined;

/**
 * Start Today's first read as the page's script starts, beside the settings' read that the
 * page's shell waits for, rather than after it: the rep opened the book to see these rows.
 * Not for "mine", which needs the rep's id read first.
 */
export function prefetchToday(db: AccountLensDB): void {
  const whose = localStorage.getItem(WHOSE_KEY) ?? 'team';
  if (whose === 'mine') return;
  const filter = whoseFilter(whose, undefined);
  performance.mark('account-lens:today-read');
  const rows = loadTodayRows(db, filter, Date.now(), FIRST);
  // Read again by the view if this one fails; never an unhandled rejection meanwhile.
  rows.catch(() => undefined);
  prefetched = { key: keyOf(filter, FIRST), rows };
}

/**
 * Today: every next action across the book, overdue first, then by priority and due date,
 * grouped by day. Read from the book's action index (today.ts), so it shows before the rest
 * of the page has loaded; a decision here is the same write as in the side panel and overlay.
 */
export function Today() {
  const { db, me, rows } = useBook();
  const label = useOwnerLabel();
  // The whole team's until the rep picks; the pick is remembered in this browser. Accounts get
  // an owner only when someone sets one, so "mine" would be empty for many books.
  const [whose, setWhoseState] = useState<string>(() => localStorage.getItem(WHOSE_KEY) ?? 'team');
  const setWhose = (value: string) => {
    localStorage.setItem(WHOSE_KEY, value);
    setWhoseState(value);
  };
  const [limits, setLimits] = useState(FIRST);
  const filter = whoseFilter(whose, me);
  const filterKey = filter.kind === 'team' ? '' : filter.id;
  const cacheKey = keyOf(filter, limits);
  const cached = shown?.key === cacheKey && shown.version === bookVersion() ? shown : undefined;
  const [groups, setGroups] = useState<Groups | undefined>(cached?.groups);
  const [counts, setCounts] = useState<Record<DayGroup, number> | undefined>(cached?.counts);
  const [reads, setReads] = useState(0);
  const [error, setError] = useState<unknown>(undefined);
  const countsNow = useRef(counts);
  countsNow.current = counts;

  // A refresh: re-read the first rows; adjust the counts by the accounts' actions before and
  // after, or count again after a whole-book refresh.
  useEffect(
    () =>
      onBookChanged((changed) => {
        if ('whole' in changed) setCounts(undefined);
        else {
          setCounts(
            (c) => c && adjustCounts(c, filter, Date.now(), changed.removed, changed.added),
          );
        }
        setReads((n) => n + 1);
      }),
    [filterKey],
  );
  useEffect(() => {
    // Back on Today with nothing changed: what it showed last, without reading.
    if (reads === 0 && cached?.counts) return;
    let stopped = false;
    const now = Date.now();
    const early = reads === 0 && prefetched?.key === cacheKey ? prefetched.rows : undefined;
    prefetched = undefined;
    void (async () => {
      try {
        if (!early) performance.mark('account-lens:today-read');
        const rows =
          (early && (await early.catch(() => undefined))) ??
          (await loadTodayRows(db, filter, now, limits));
        performance.mark('account-lens:today-rows');
        if (stopped) return;
        setGroups(rows);
        // Rows first, then the counts: the first rows must not wait for IndexedDB to count.
        if (countsNow.current === undefined) {
          const n = await loadTodayCounts(db, filter, now);
          if (!stopped) setCounts(n);
        }
      } catch (e) {
        if (!stopped) setError(e);
      }
    })();
    return () => {
      stopped = true;
    };
  }, [db, cacheKey, reads]);
  useEffect(() => {
    if (groups === undefined) return;
    shown = { key: cacheKey, version: bookVersion(), groups, counts };
    requestAnimationFrame(firstRowsShown);
  }, [groups, counts]);
  const teammates = rows
    ? [...new Set(rows.map((r) => r.ownerId))].filter((o) => o !== '' && o !== me).sort()
    : [];
  const empty = groups?.every((g) => g.actions.length === 0);
  return (
    <section class="today" aria-labelledby="today-heading">
      <div class="toolbar">
        <h2 id="today-heading">{t('book.tab.today')}</h2>
        <label>
          {t('today.whose')}{' '}
          <select
            value={whose}
            onChange={(e) => {
              setWhose(e.currentTarget.value);
              setLimits(FIRST);
              setCounts(undefined);
            }}
            data-filter="whose"
          >
            <option value="team">{t('today.whose.team')}</option>
            {me !== undefined && <option value="mine">{t('today.whose.mine')}</option>}
            {teammates.map((id) => (
              <option key={id} value={id}>
                {label(id)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error !== undefined && <p class="error">{errorText(error)}</p>}
      {empty && <p class="muted">{t('today.none')}</p>}
      {groups
        ?.filter((g) => g.actions.length > 0)
        .map((g) => {
          const count = counts?.[g.group];
          return (
            <section key={g.group} class="day-group" data-group={g.group}>
              <h3>
                {count === undefined
                  ? t(`today.group.${g.group}`)
                  : t('today.group.heading', { group: t(`today.group.${g.group}`), n: count })}
              </h3>
              <ol class="actions">
                {g.actions.map((a) => (
                  <ActionRow key={a.key} action={a} overdue={g.group === 'overdue'} />
                ))}
              </ol>
              {count !== undefined && count > g.actions.length && (
                <button
                  type="button"
                  class="link"
                  onClick={() => setLimits({ ...limits, [g.group]: limits[g.group] + PAGE })}
                >
                  {t('today.more', { n: Math.min(PAGE, count - g.actions.length) })}
                </button>
              )}
            </section>
          );
        })}
    </section>
  );
}

function ActionRow({ action, overdue }: { action: BookAction; overdue: boolean }) {
  const { db, me } = useBook();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const decide = async (decision: 'done' | 'snoozed') => {
    setBusy(true);
    setError(undefined);
    try {
      await decideAction(await writeContext(db), {
        actionKey: action.key,
        accountId: action.accountId === '' ? undefined : action.accountId,
        decision,
        decidedBy: me,
      });
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  };
  return (
    <li
      data-action-key={action.key}
      data-priority={action.priority}
      data-account-id={action.accountId}
    >
      <div class="spread">
        <span class="action-title">{t(action.title)}</span>
        <span class={overdue ? 'due overdue' : 'due muted'}>
          {t('today.due', { date: date(action.dueAt) })}
        </span>
      </div>
      <div class="muted">{t(action.reason)}</div>
      <div class="row">
        {action.accountId !== '' ? (
          <button
            type="button"
            class="link"
            title={t('today.open')}
            aria-label={t('accounts.open', { name: action.accountName })}
            onClick={() => void openAccount(action.accountId).catch((e) => setError(errorText(e)))}
          >
            {action.accountName}
          </button>
        ) : (
          <span class="muted">{t('today.noAccount')}</span>
        )}
        <span class="grow" />
        <button type="button" disabled={busy} onClick={() => void decide('done')}>
          {t('today.done')}
        </button>
        <button type="button" disabled={busy} onClick={() => void decide('snoozed')}>
          {t('today.snooze')}
        </button>
      </div>
      {error && <p class="error">{error}</p>}
    </li>
  );
}
