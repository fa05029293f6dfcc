import { useState } from 'preact/hooks';
import type { AccountLensDB, LocalAccount } from '../../db/database.ts';
import { writeRow } from '../../db/write.ts';
import { useWriter } from './write.tsx';

type Draft = Record<string, string>;

export const asText = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

function draftOf(account: LocalAccount, fields: readonly string[]): Draft {
  const record = account as unknown as Record<string, unknown>;
  return Object.fromEntries(fields.map((f) => [f, asText(record[f])]));
}

/**
 * An edit form over some of the account's fields, saved in one write: either every change is
 * stored or, when one is invalid, none is and the error names the field. The draft is taken
 * from the stored row when the form opens; `done` runs after a save that stored everything.
 */
export function useAccountForm(
  db: AccountLensDB,
  account: LocalAccount,
  fields: readonly string[],
  numeric: boolean,
  done: () => void,
) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(account, fields));
  const writer = useWriter(db);
  const submit = async () => {
    const stored = draftOf(account, fields);
    const changes: Record<string, unknown> = {};
    for (const f of fields) {
      const value = (draft[f] ?? '').trim();
      if (value === (stored[f] ?? '')) continue;
      changes[f] = value === '' ? null : numeric ? Number(value) : value;
    }
    if (Object.keys(changes).length === 0) return done();
    const ok = await writer.run((ctx) => writeRow(ctx, 'accounts', account.id, changes));
    if (ok) done();
  };
  const bind = (f: string) => ({
    name: f,
    value: draft[f] ?? '',
    onInput: (e: { currentTarget: { value: string } }) => {
      const value = e.currentTarget.value;
      setDraft((d) => ({ ...d, [f]: value }));
    },
  });
  return { bind, submit, writer };
}
