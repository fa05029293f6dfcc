import { type Contact, coverageGaps, isOpen, TOUCH_KINDS } from '../../../shared/index.ts';
import type { AccountLensDB, LocalNote } from '../../db/database.ts';
import { t } from '../../i18n/index.ts';
import { AddContact } from './AddContact.tsx';
import { ContactCard } from './ContactCard.tsx';
import type { AccountView } from './data.ts';
import { Section } from './Section.tsx';

/** A contact's latest touch (visit, call, e-mail, meeting) among the account's notes. */
function lastTouches(notes: readonly LocalNote[]): Map<string, LocalNote> {
  const latest = new Map<string, LocalNote>();
  for (const note of notes) {
    if (!TOUCH_KINDS.has(note.kind)) continue;
    for (const id of note.contactIds) {
      const known = latest.get(id);
      if (!known || note.at > known.at) latest.set(id, note);
    }
  }
  return latest;
}

/** The buying committee: its gaps, then one card per contact, then "Add contact". */
export function Contacts(props: {
  db: AccountLensDB;
  view: AccountView;
  /** Open "Add contact" (the side panel was asked for that form): see AddContact. */
  addContactAt?: number | undefined;
}) {
  const { db, view } = props;
  const gaps = coverageGaps(view.contacts, view.opportunities.some(isOpen));
  const touches = lastTouches(view.notes);
  return (
    <Section
      id="contacts"
      title={t('panel.contacts')}
      count={view.contacts.length}
      openAt={props.addContactAt}
    >
      {gaps.length > 0 && (
        <ul class="gaps" aria-label={t('panel.gaps')}>
          {gaps.map((g) => (
            <li key={g.kind} class="error">
              {t(`panel.gap.${g.kind}`)}
            </li>
          ))}
        </ul>
      )}
      {view.contacts.length === 0 && <p class="muted">{t('panel.contacts.none')}</p>}
      <div class="cards">
        {view.contacts.map((c: Contact) => (
          <ContactCard key={c.id} db={db} contact={c} lastTouch={touches.get(c.id)} />
        ))}
      </div>
      <AddContact db={db} accountId={view.account.id} openAt={props.addContactAt} />
    </Section>
  );
}
