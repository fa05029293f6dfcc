import { useEffect, useRef, useState } from 'preact/hooks';
import { ACCOUNT_FILE_FIELDS, type Order } from '../../../shared/index.ts';
import type { AccountLensDB, LocalAccount } from '../../db/database.ts';
import { writeRow } from '../../db/write.ts';
import { t } from '../../i18n/index.ts';
import { date, dateInput, money, parseDateInput } from '../format.ts';
import { ContactPoints } from './ContactPoints.tsx';
import type { AccountView } from './data.ts';
import { useWriter, WriteError } from './write.tsx';

type Draft = Record<string, string>;

/** Single-line file fields; the others are free text. */
const SINGLE_LINE: ReadonlySet<string> = new Set(['address', 'phone', 'industry']);

export const VALUE_FIELDS = [
  'revenue12m',
  'marginPct',
  'costToServe',
  'potentialRevenue',
  'shareOfWallet',
] as const;

const asText = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

function draftOf(account: LocalAccount, fields: readonly string[]): Draft {
  const record = account as unknown as Record<string, unknown>;
  return Object.fromEntries(fields.map((f) => [f, asText(record[f])]));
}

/**
 * A form over some of the account's fields, saved in one write: either every change is stored
 * or, when one is invalid, none is and the error names the field. While the rep has not touched
 * it, the form follows the stored row (a teammate's edit arriving by sync shows up).
 */
function useAccountForm(
  db: AccountLensDB,
  account: LocalAccount,
  fields: readonly string[],
  numeric: boolean,
) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(account, fields));
  const [dirty, setDirtyState] = useState(false);
  // Preact runs effects after paint: the effect below must read whether the form is dirty now,
  // not when the row changed, or a keystroke in between would be overwritten.
  const dirtyNow = useRef(false);
  const setDirty = (value: boolean) => {
    dirtyNow.current = value;
    setDirtyState(value);
  };
  const [saved, setSaved] = useState(false);
  const writer = useWriter(db);
  useEffect(() => {
    if (!dirtyNow.current) setDraft(draftOf(account, fields));
  }, [account, fields]);
  const stored = draftOf(account, fields);
  const submit = async () => {
    const changes: Record<string, unknown> = {};
    for (const f of fields) {
      const value = (draft[f] ?? '').trim();
      if (value === (stored[f] ?? '')) continue;
      changes[f] = value === '' ? null : numeric ? Number(value) : value;
    }
    if (Object.keys(changes).length === 0) {
      setDirty(false);
      return;
    }
    const ok = await writer.run((ctx) => writeRow(ctx, 'accounts', account.id, changes));
    if (ok) setDirty(false);
    setSaved(ok);
  };
  const bind = (f: string) => ({
    name: f,
    value: draft[f] ?? '',
    onInput: (e: { currentTarget: { value: string } }) => {
      const value = e.currentTarget.value;
      setDraft((d) => ({ ...d, [f]: value }));
      setDirty(true);
      setSaved(false);
    },
  });
  return { bind, submit, writer, saved, dirty };
}

export function FileForm({ db, view }: { db: AccountLensDB; view: AccountView }) {
  const form = useAccountForm(db, view.account, ACCOUNT_FILE_FIELDS, false);
  return (
    <section aria-labelledby="file-heading">
      <h2 id="file-heading">{t('panel.file')}</h2>
      <ContactPoints db={db} account={view.account} />
      <form
        class="grid-form"
        onSubmit={(e) => {
          e.preventDefault();
          void form.submit();
        }}
      >
        {ACCOUNT_FILE_FIELDS.map((f) => {
          const id = `file-${f}`;
          return (
            <div key={f} class="form-field">
              <label for={id}>{t(`ui.field.${f}`)}</label>
              {SINGLE_LINE.has(f) ? (
                <input id={id} {...form.bind(f)} />
              ) : (
                <textarea id={id} rows={2} {...form.bind(f)} />
              )}
            </div>
          );
        })}
        <SaveRow form={form} />
      </form>
    </section>
  );
}

export function ValueForm({ db, view }: { db: AccountLensDB; view: AccountView }) {
  const form = useAccountForm(db, view.account, VALUE_FIELDS, true);
  return (
    <section aria-labelledby="value-heading">
      <h2 id="value-heading">{t('panel.value')}</h2>
      <form
        class="grid-form"
        onSubmit={(e) => {
          e.preventDefault();
          void form.submit();
        }}
      >
        {VALUE_FIELDS.map((f) => {
          const id = `value-${f}`;
          return (
            <div key={f} class="form-field">
              <label for={id}>{t(`ui.field.${f}`)}</label>
              <input
                id={id}
                inputMode="decimal"
                {...form.bind(f)}
                aria-describedby={`${id}-hint`}
              />
              <span id={`${id}-hint`} class="hint">
                {t(`panel.hint.${f}`)}
              </span>
            </div>
          );
        })}
        <SaveRow form={form} />
      </form>
      <Orders db={db} account={view.account} currency={view.settings.currency} />
    </section>
  );
}

function SaveRow({ form }: { form: ReturnType<typeof useAccountForm> }) {
  return (
    <div>
      <div class="row">
        <button type="submit" class="primary" disabled={form.writer.busy}>
          {t('panel.save')}
        </button>
        <span role="status" aria-live="polite" class="saved">
          {form.saved && !form.dirty ? t('panel.saved') : ''}
        </span>
      </div>
      <WriteError writer={form.writer} />
    </div>
  );
}

/** Order history (dates and amounts): what the reorder prediction reads. */
function Orders({
  db,
  account,
  currency,
}: {
  db: AccountLensDB;
  account: LocalAccount;
  currency: string;
}) {
  const [at, setAt] = useState(dateInput(Date.now()));
  const [amount, setAmount] = useState('');
  const writer = useWriter(db);
  const orders = [...account.orders].sort((a, b) => b.at - a.at);
  const save = (next: Order[]) =>
    writer.run((ctx) => writeRow(ctx, 'accounts', account.id, { orders: next }));
  return (
    <div class="orders">
      <h3 id="orders-heading">{t('ui.field.orders')}</h3>
      {orders.length === 0 && <p class="muted">{t('panel.orders.none')}</p>}
      <ul aria-labelledby="orders-heading">
        {orders.map((o, i) => (
          <li key={`${o.at}-${i}`} class="row">
            <span>{date(o.at)}</span>
            <span>{money(o.amount, currency)}</span>
            <button
              type="button"
              aria-label={t('panel.orders.removeLabel', { date: date(o.at) })}
              onClick={() => void save(account.orders.filter((x) => x !== o))}
            >
              {t('panel.orders.remove')}
            </button>
          </li>
        ))}
      </ul>
      <form
        class="row"
        onSubmit={(e) => {
          e.preventDefault();
          const when = parseDateInput(at);
          // An unreadable date or amount still goes to validation, which names the field.
          void save([
            ...account.orders,
            { at: when ?? Number.NaN, amount: amount.trim() === '' ? Number.NaN : Number(amount) },
          ]).then((ok) => ok && setAmount(''));
        }}
      >
        <label class="row">
          <span>{t('panel.orders.date')}</span>
          <input type="date" value={at} onInput={(e) => setAt(e.currentTarget.value)} />
        </label>
        <label class="row">
          <span>{t('panel.orders.amount')}</span>
          <input
            inputMode="decimal"
            value={amount}
            onInput={(e) => setAmount(e.currentTarget.value)}
          />
        </label>
        <button type="submit" disabled={writer.busy}>
          {t('panel.orders.add')}
        </button>
      </form>
      <WriteError writer={writer} />
    </div>
  );
}
