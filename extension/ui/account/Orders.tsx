import { useState } from 'preact/hooks';
import type { Order } from '../../../shared/index.ts';
import type { AccountLensDB, LocalAccount } from '../../db/database.ts';
import { writeRow } from '../../db/write.ts';
import { t } from '../../i18n/index.ts';
import { date, dateInput, money, parseDateInput } from '../format.ts';
import { useWriter, WriteError } from './write.tsx';

/** Order history (dates and amounts): what the reorder prediction reads. */
export function Orders({
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
            size={10}
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
