import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Opportunity, TeamSettings } from '../../../shared/index.ts';
import type { AccountLensDB } from '../../db/database.ts';
import { t } from '../../i18n/index.ts';
import type { BookRow } from '../types.ts';

/** What every view of the Book page reads. */
export interface BookContext {
  readonly db: AccountLensDB;
  /** Who this browser writes as: "mine" in the filters. */
  readonly me: string | undefined;
  /** Every account's book row; undefined until read (after the first paint). */
  readonly rows: readonly BookRow[] | undefined;
  /** Every opportunity; undefined until read (after the first paint). */
  readonly opportunities: readonly Opportunity[] | undefined;
  readonly settings: TeamSettings;
}

const Context = createContext<BookContext | undefined>(undefined);
export const BookContextProvider = Context.Provider;

export function useBook(): BookContext {
  const value = useContext(Context);
  if (!value) throw new Error('useBook outside the Book page');
  return value;
}

/** An owner as a rep reads it: Me, No owner, or the teammate's id shortened. */
export function ownerLabel(ownerId: string, me: string | undefined): string {
  if (ownerId === '') return t('book.owner.none');
  if (ownerId === me) return t('book.owner.me');
  return t('book.owner.member', { id: ownerId.slice(-6) });
}
