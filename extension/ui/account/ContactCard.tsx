import { BUYING_ROLES, type Contact } from '../../../shared/index.ts';
import type { AccountLensDB, LocalNote } from '../../db/database.ts';
import { t } from '../../i18n/index.ts';
import { date } from '../format.ts';
import { ContactEditForm } from './ContactEditForm.tsx';
import { EditButton, useEditing } from './editing.tsx';

/**
 * A member of the buying committee, read-only: name and title, role chips, attitude and last
 * touch. Edit turns the card into its form (the role checkboxes live only there).
 */
export function ContactCard(props: {
  db: AccountLensDB;
  contact: Contact;
  lastTouch: LocalNote | undefined;
}) {
  const { contact, lastTouch } = props;
  const edit = useEditing();
  const id = `contact-${contact.id}`;
  return (
    <article class="card contact" data-contact-id={contact.id} aria-labelledby={`${id}-name`}>
      <div class="card-head">
        <h3 id={`${id}-name`}>
          <span class="contact-name">{contact.name}</span>
          {contact.title && <span class="muted"> · {contact.title}</span>}
        </h3>
        <EditButton
          name={contact.name}
          editing={edit.editing}
          onClick={edit.open}
          buttonRef={edit.editRef}
        />
      </div>
      {edit.editing ? (
        <ContactEditForm db={props.db} contact={contact} close={edit.close} />
      ) : (
        <>
          {contact.roles.length > 0 ? (
            <ul class="chips role-chips" aria-label={t('panel.contact.roles')}>
              {BUYING_ROLES.filter((r) => contact.roles.includes(r)).map((r) => (
                <li key={r} class="chip" data-role={r}>
                  {t(`role.${r}`)}
                </li>
              ))}
            </ul>
          ) : (
            <p class="muted">{t('panel.contact.noRoles')}</p>
          )}
          <p class="card-meta">
            <span class="chip attitude" data-attitude={contact.attitude ?? 'unknown'}>
              {contact.attitude
                ? t(`attitude.${contact.attitude}`)
                : t('panel.contact.attitudeUnknown')}
            </span>
            <span class="muted last-touch">
              {lastTouch
                ? t('panel.contact.lastTouch', {
                    kind: `noteKind.${lastTouch.kind}`,
                    date: date(lastTouch.at),
                  })
                : t('panel.contact.noTouch')}
            </span>
          </p>
          {(contact.emails.length > 0 || contact.phones.length > 0) && (
            <p class="muted contact-ways">{[...contact.emails, ...contact.phones].join(' · ')}</p>
          )}
        </>
      )}
    </article>
  );
}
