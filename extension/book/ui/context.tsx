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
  /** Teammates' names by member id, as the server last said (empty before joining). */
  readonly members: ReadonlyMap<string, string>;
}

const Context = createContext<BookContext | undefined>(undefined);
export const BookContextProvider = Context.Provider;

export function useBook(): BookContext {
  const value = useContext(Context);
  if (!value) throw new Error('useBook outside the Book page');
  return value;
}

/**
 * An owner as a rep reads it: Me, No owner, the teammate's name, or (a member the server has
 * not named to this browser yet) "Teammate" and the end of the id.
 */
export function ownerLabel(
  ownerId: string,
  me: string | undefined,
  members: ReadonlyMap<string, string>,
): string {
  if (ownerId === '') return t('book.owner.none');
  if (ownerId === me) return t('book.owner.me');
  return members.get(ownerId) ?? t('book.owner.member', { id: ownerId.slice(-6) });
}

/** ownerLabel with this page's rep and team. */
export function useOwnerLabel(): (ownerId: string) => string {
  const { me, members } = useBook();
  return (ownerId) => ownerLabel(ownerId, me, members);
}
