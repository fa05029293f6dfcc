import { t } from '../i18n/index.ts';

/**
 * An account's owner as a rep reads it: Me, No owner, the teammate's name, or (a member the
 * server has not named to this browser yet) "Teammate" and the end of the id.
 */
export function ownerLabel(
  ownerId: string | undefined,
  me: string | undefined,
  members: ReadonlyMap<string, string>,
): string {
  if (ownerId === undefined || ownerId === '') return t('panel.owner.none');
  if (ownerId === me) return t('panel.owner.me');
  return members.get(ownerId) ?? t('panel.owner.member', { id: ownerId.slice(-6) });
}
