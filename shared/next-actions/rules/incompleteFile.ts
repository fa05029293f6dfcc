import { msg } from '../../i18n/index.ts';
import { ACCOUNT_FILE_FIELDS, type Account, type AccountFileField } from '../../schema/index.ts';
import { isKeyTier } from '../../segmentation/index.ts';
import { accountAction, dueToday, tierLabel } from '../action.ts';
import type { AccountContext, Action } from '../types.ts';

/** The file fields (建档) of an account left empty, in the schema's order. */
export function missingFileFields(account: Pick<Account, AccountFileField>): AccountFileField[] {
  return ACCOUNT_FILE_FIELDS.filter((f) => {
    const value = account[f];
    return typeof value !== 'string' || value.trim() === '';
  });
}

/** Message ids of the fields' labels, as reason parameters (translated by formatMessage). */
export const fieldLabel = (field: AccountFileField): string => `action.field.${field}`;

/** How many missing fields a reason names; beyond that it counts them. */
const NAMED = 3;

/**
 * A key account with gaps in its file is itself a next action (docs/domain.md §1, §10.7). The
 * reason names how many fields are missing and up to three of them. The key carries the missing
 * fields, so a file that is completed and later loses a field is a new occurrence.
 */
export function incompleteFile(ctx: AccountContext, out: Action[]): void {
  if (!isKeyTier(ctx.tier)) return;
  const missing = missingFileFields(ctx.account);
  if (missing.length === 0) return;
  const params: Record<string, string | number> = { tier: tierLabel(ctx.tier) };
  missing.slice(0, NAMED).forEach((field, i) => {
    params[`field${i + 1}`] = fieldLabel(field);
  });
  if (missing.length > NAMED) {
    params.count = missing.length;
    params.total = ACCOUNT_FILE_FIELDS.length;
    params.more = missing.length - NAMED;
  }
  const id = missing.length > NAMED ? 'reasonMany' : `reason${missing.length}`;
  const reason = msg(`action.incompleteFile.${id}`, params);
  out.push(
    accountAction(ctx, {
      rule: 'incompleteFile',
      key: `incompleteFile:${ctx.account.id}:${missing.join(',')}`,
      title: msg('action.incompleteFile.title', { account: ctx.account.name }),
      reason,
      dueAt: dueToday(ctx.now),
      priority: 3,
    }),
  );
}
