import { useEffect, useState } from 'preact/hooks';
import {
  BUYING_ROLES,
  type BuyingRole,
  type Contact,
  coverageGaps,
  isOpen,
  MOTIVES,
} from '../../../shared/index.ts';
import type { AccountLensDB } from '../../db/database.ts';
import { deleteRow, writeRow } from '../../db/write.ts';
import { t } from '../../i18n/index.ts';
import { AddContact } from './AddContact.tsx';
import { AttitudeSelect, RoleCheckboxes } from './CommitteeFields.tsx';
import { DeleteButton } from './controls.tsx';
import type { AccountView } from './data.ts';
import { useWriter, WriteError } from './write.tsx';

/** The buying committee: every contact with roles, attitude, relationship strength and motive. */
export function Contacts({ db, view }: { db: AccountLensDB; view: AccountView }) {
  const gaps = coverageGaps(view.contacts, view.opportunities.some(isOpen));
  return (
    <section aria-labelledby="contacts-heading">
      <h2 id="contacts-heading">{t('panel.contacts')}</h2>
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
      {view.contacts.map((c) => (
        <ContactEditor key={c.id} db={db} contact={c} />
      ))}
      <AddContact db={db} accountId={view.account.id} />
    </section>
  );
}

/** A cleared field (null) reads as absent. */
const withoutNulls = (changes: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v === null ? undefined : v]));

function ContactEditor({ db, contact: stored }: { db: AccountLensDB; contact: Contact }) {
  const writer = useWriter(db);
  // The edit shows at once; the live query confirms it a moment later (or the error undoes it).
  const [pending, setPending] = useState<Record<string, unknown> | undefined>(undefined);
  useEffect(() => setPending(undefined), [stored]);
  const contact = { ...stored, ...pending } as Contact;
  const save = (changes: Record<string, unknown>) => {
    setPending((p) => ({ ...p, ...withoutNulls(changes) }));
    void writer
      .run((ctx) => writeRow(ctx, 'contacts', stored.id, changes))
      .then((ok) => {
        if (!ok) setPending(undefined);
      });
  };
  const toggleRole = (role: BuyingRole, on: boolean) => {
    const roles = on ? [...contact.roles, role] : contact.roles.filter((r) => r !== role);
    // Kept in the committee's canonical order, so two browsers' edits compare equal.
    save({ roles: BUYING_ROLES.filter((r) => roles.includes(r)) });
  };
  const id = `contact-${contact.id}`;
  return (
    <article class="contact" data-contact-id={contact.id} aria-labelledby={`${id}-name`}>
      <h3 id={`${id}-name`}>
        {contact.name}
        {contact.title && <span class="muted"> · {contact.title}</span>}
      </h3>
      {(contact.emails.length > 0 || contact.phones.length > 0) && (
        <p class="muted">{[...contact.emails, ...contact.phones].join(' · ')}</p>
      )}
      <RoleCheckboxes roles={contact.roles} onToggle={toggleRole} />
      <div class="row">
        <AttitudeSelect
          value={contact.attitude ?? ''}
          onChange={(a) => save({ attitude: a || null })}
        />
        <label class="row">
          <span>{t('panel.contact.strength')}</span>
          <select
            name="relationshipStrength"
            value={
              contact.relationshipStrength === undefined ? '' : String(contact.relationshipStrength)
            }
            onChange={(e) => {
              const v = e.currentTarget.value;
              save({ relationshipStrength: v === '' ? null : Number(v) });
            }}
          >
            <option value="">{t('panel.unknown')}</option>
            {[1, 2, 3, 4, 5].map((n) => (
              <option key={n} value={String(n)}>
                {t(`panel.strength.${n}`)}
              </option>
            ))}
          </select>
        </label>
        <label class="row">
          <span>{t('panel.contact.motive')}</span>
          <select
            name="motive"
            value={contact.motive ?? ''}
            onChange={(e) => save({ motive: e.currentTarget.value || null })}
          >
            <option value="">{t('panel.unknown')}</option>
            {MOTIVES.map((m) => (
              <option key={m} value={m}>
                {t(`motive.${m}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <DeleteButton
        label={t('panel.contact.deleteLabel', { name: stored.name })}
        name={stored.name}
        disabled={writer.busy}
        onDelete={() => writer.run((ctx) => deleteRow(ctx, 'contacts', stored.id))}
      />
      <WriteError writer={writer} />
    </article>
  );
}
