import { useState } from 'preact/hooks';
import { t } from '../../i18n/index.ts';
import { errorText } from '../../ui/errors.ts';
import { date, money } from '../../ui/format.ts';
import { TierBadge } from '../../ui/TierBadge.tsx';
import type { BookTable } from '../table.ts';
import type { BookRow } from '../types.ts';
import { useOwnerLabel } from './context.tsx';
import { openAccount } from './side-panel.ts';

/** Every row is one line of this height (CSS keeps cells from wrapping). */
export const ROW_HEIGHT = 36;

/** One account of the table: a button that opens it in the side panel. */
export function AccountRow({ row, table }: { row: BookRow; table: BookTable }) {
  const label = useOwnerLabel();
  const [error, setError] = useState<string | undefined>(undefined);
  const past = table.pastCadenceDays(row);
  const open = () => void openAccount(row.accountId).catch((e) => setError(errorText(e)));
  return (
    <button
      type="button"
      class="grid-row"
      data-account-id={row.accountId}
      // Named by what it shows (the row's cells, the account's name first), so the name a
      // speech user says is on screen; what the button does is its description.
      title={error ?? t('accounts.open', { name: row.name })}
      onClick={open}
    >
      <span class="name">{row.name}</span>
      <span>
        <TierBadge tier={row.tier} />
        {row.tierManual && <span class="muted"> {t('accounts.manual')}</span>}
      </span>
      <span>{row.status ? t(`status.${row.status}`) : ''}</span>
      <span>{row.relationship ? t(`relationship.${row.relationship}`) : ''}</span>
      <span>{row.loyalty ? t(`loyalty.${row.loyalty}`) : ''}</span>
      <span>{label(row.ownerId)}</span>
      <span>
        {row.lastTouchAt === undefined ? t('accounts.never') : date(row.lastTouchAt)}
        {past > 0 && <span class="overdue"> · {t('accounts.pastBy', { days: past })}</span>}
      </span>
      <span>{row.openAmounts.map((a) => money(a.amount, a.currency)).join(' + ')}</span>
      <span>{row.next ? t(row.next.title) : ''}</span>
    </button>
  );
}
