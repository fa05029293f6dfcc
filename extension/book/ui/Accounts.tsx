import { useMemo, useState } from 'preact/hooks';
import {
  FLAGS,
  type Flag,
  LIFECYCLE_STATUSES,
  type LifecycleStatus,
} from '../../../shared/index.ts';
import { t } from '../../i18n/index.ts';
import { COLUMNS, type Column, type TableFilter, type TableSort } from '../table.ts';
import type { BookRow } from '../types.ts';
import { AccountRow, ROW_HEIGHT } from './AccountRow.tsx';
import { fromParams, oneOf, TIER_CHOICES, toParams } from './accounts-params.ts';
import { useBook, useOwnerLabel } from './context.tsx';
import { tableOf, viewOf } from './derived.ts';
import { ExportButtons } from './ExportButtons.tsx';
import { routeHref } from './route.ts';
import { VirtualRows } from './VirtualRows.tsx';

/** Accounts: every account of the book in one sortable, filterable, virtualized table. */
export function Accounts({ params }: { params: URLSearchParams }) {
  const { rows, me, members, db } = useBook();
  const label = useOwnerLabel();
  const initial = useMemo(() => fromParams(params), [params.toString()]);
  const [filter, setFilterState] = useState<TableFilter>(initial.filter);
  const [sort, setSortState] = useState<TableSort>(initial.sort);
  // The URL follows the filters, so a view can be bookmarked or sent to a teammate; replacing
  // the entry keeps Back for leaving the view.
  const remember = (f: TableFilter, s: TableSort) =>
    history.replaceState(null, '', routeHref('accounts', toParams(f, s)));
  const setFilter = (f: TableFilter) => {
    setFilterState(f);
    remember(f, sort);
  };
  const setSort = (s: TableSort) => {
    setSortState(s);
    remember(filter, s);
  };
  const table = rows && tableOf(rows, me, members);
  const order = table && viewOf(table, JSON.stringify(filter), JSON.stringify(sort));
  if (!table || !order) return <p class="muted">{t('accounts.loading')}</p>;
  if (table.rows.length === 0) return <p class="muted">{t('book.empty')}</p>;
  const owners = table.owners().sort();
  const toggleSort = (column: Column) =>
    setSort({ column, descending: sort.column === column ? !sort.descending : false });
  return (
    <section class="accounts" aria-labelledby="accounts-heading">
      <h2 id="accounts-heading" class="visually-hidden">
        {t('book.tab.accounts')}
      </h2>
      <div class="filters">
        <input
          type="search"
          placeholder={t('accounts.search')}
          aria-label={t('accounts.search')}
          value={filter.query}
          onInput={(e) => setFilter({ ...filter, query: e.currentTarget.value })}
          data-filter="query"
        />
        <Choice
          label={t('accounts.filter.tier')}
          name="tier"
          value={filter.tier}
          options={TIER_CHOICES.map((v) => [v, t(`tier.${v}`)])}
          onChange={(v) => setFilter({ ...filter, tier: oneOf(TIER_CHOICES, v) })}
        />
        <Choice
          label={t('accounts.filter.status')}
          name="status"
          value={filter.status}
          options={LIFECYCLE_STATUSES.map((v) => [v, t(`status.${v}`)])}
          onChange={(v) =>
            setFilter({ ...filter, status: oneOf<LifecycleStatus>(LIFECYCLE_STATUSES, v) })
          }
        />
        <Choice
          label={t('accounts.filter.owner')}
          name="owner"
          value={filter.owner}
          options={owners.map((o) => [o, label(o)])}
          onChange={(v) => setFilter({ ...filter, owner: v ?? undefined })}
        />
        <Choice
          label={t('accounts.filter.flag')}
          name="flag"
          value={filter.flag}
          options={FLAGS.map((f) => [f, t(`flag.${f}`)])}
          onChange={(v) => setFilter({ ...filter, flag: oneOf<Flag>(FLAGS, v) })}
        />
        <label>
          <input
            type="checkbox"
            checked={filter.pastCadence}
            onChange={(e) => setFilter({ ...filter, pastCadence: e.currentTarget.checked })}
            data-filter="pastCadence"
          />{' '}
          {t('accounts.filter.pastCadence')}
        </label>
        <label>
          <input
            type="checkbox"
            checked={filter.noDecisionMaker}
            onChange={(e) => setFilter({ ...filter, noDecisionMaker: e.currentTarget.checked })}
            data-filter="noDecisionMaker"
          />{' '}
          {t('accounts.filter.noDecisionMaker')}
        </label>
        <button type="button" class="link" onClick={() => setFilter({ query: '' })}>
          {t('accounts.filter.clear')}
        </button>
      </div>
      <div class="row">
        <p class="muted" role="status" data-shown={order.length}>
          {t('accounts.count', { shown: order.length, total: table.rows.length })}
        </p>
        <ExportButtons
          db={db}
          count={order.length}
          rows={() => Array.from(order, (i) => table.rows[i] as BookRow)}
          ctx={{ ownerLabel: label, pastCadenceDays: (row) => table.pastCadenceDays(row) }}
        />
      </div>
      <div class="grid">
        <div class="grid-row grid-head">
          {COLUMNS.map((column) => (
            <span key={column}>
              <button
                type="button"
                class="link"
                onClick={() => toggleSort(column)}
                data-sort={column}
                data-sorted={
                  sort.column === column
                    ? sort.descending
                      ? 'descending'
                      : 'ascending'
                    : undefined
                }
              >
                {t(`accounts.col.${column}`)}
                {sort.column === column ? (sort.descending ? ' ↓' : ' ↑') : ''}
              </button>
            </span>
          ))}
        </div>
        <VirtualRows
          count={order.length}
          rowHeight={ROW_HEIGHT}
          resetKey={order}
          label={t('book.tab.accounts')}
          row={(i) => <AccountRow row={table.rows[order[i] as number] as BookRow} table={table} />}
        />
      </div>
    </section>
  );
}

function Choice<T extends string>(props: {
  label: string;
  name: string;
  value: T | undefined;
  options: readonly (readonly [T, string])[];
  onChange: (value: string | null) => void;
}) {
  return (
    <label>
      {props.label}{' '}
      <select
        value={props.value ?? '\u0000'}
        onChange={(e) =>
          props.onChange(e.currentTarget.value === '\u0000' ? null : e.currentTarget.value)
        }
        data-filter={props.name}
      >
        <option value={'\u0000'}>{t('book.any')}</option>
        {props.options.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    </label>
  );
}
