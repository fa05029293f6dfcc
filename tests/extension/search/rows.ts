import { createRow, type WriteContext } from '../../../extension/db/write.ts';

/** Accounts and contacts written through the store, as the extension's screens write them. */
export function rowWriters(ctx: () => WriteContext) {
  return {
    account: (name: string, domains: string[] = []) =>
      createRow(ctx(), 'accounts', { name, domains }),
    contact: (accountId: string, name: string, emails: string[] = []) =>
      createRow(ctx(), 'contacts', { accountId, name, emails }),
  };
}
