import { useState } from 'preact/hooks';
import {
  type Attitude,
  BUYING_ROLES,
  type BuyingRole,
  type Contact,
  MOTIVES,
} from '../../../shared/index.ts';
import type { AccountLensDB } from '../../db/database.ts';
import { deleteRow, writeRow } from '../../db/write.ts';
import { t } from '../../i18n/index.ts';
import { AttitudeSelect, RoleCheckboxes } from './CommitteeFields.tsx';
import { DeleteButton } from './controls.tsx';
import { CardForm } from './editing.tsx';
import { useWriter } from './write.tsx';

interface Draft {
  name: string;
  title: string;
  roles: BuyingRole[];
  attitude: Attitude | '';
  strength: string;
  motive: string;
}

const draftOf = (c: Contact): Draft => ({
  name: c.name,
  title: c.title ?? '',
  roles: [...c.roles],
  attitude: c.attitude ?? '',
  strength: c.relationshipStrength === undefined ? '' : String(c.relationshipStrength),
  motive: c.motive ?? '',
});

/** What changed, as one write: a cleared field is null (removed); roles in canonical order. */
export function contactChanges(stored: Contact, draft: Draft): Record<string, unknown> {
  const before = draftOf(stored);
  const changes: Record<string, unknown> = {};
  if (draft.name.trim() !== before.name) changes.name = draft.name.trim();
  if (draft.title.trim() !== before.title) changes.title = draft.title.trim() || null;
  // Kept in the committee's canonical order, so two browsers' edits compare equal.
  const roles = BUYING_ROLES.filter((r) => draft.roles.includes(r));
  if (roles.join() !== before.roles.join()) changes.roles = roles;
  if (draft.attitude !== before.attitude) changes.attitude = draft.attitude || null;
  if (draft.strength !== before.strength) {
    changes.relationshipStrength = draft.strength === '' ? null : Number(draft.strength);
  }
  if (draft.motive !== before.motive) changes.motive = draft.motive || null;
  return changes;
}

/** A contact's edit form: name, title, roles, attitude, strength, motive; Delete. */
export function ContactEditForm(props: { db: AccountLensDB; contact: Contact; close: () => void }) {
  const { contact } = props;
  const writer = useWriter(props.db);
  const [draft, setDraft] = useState<Draft>(() => draftOf(contact));
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));
  const id = `contact-edit-${contact.id}`;
  const save = async () => {
    const changes = contactChanges(contact, draft);
    if (Object.keys(changes).length === 0) return props.close();
    const ok = await writer.run((ctx) => writeRow(ctx, 'contacts', contact.id, changes));
    if (ok) props.close();
  };
  return (
    <CardForm
      label={t('panel.editLabel', { name: contact.name })}
      writer={writer}
      onSubmit={() => void save()}
      onCancel={props.close}
      extra={
        <DeleteButton
          label={t('panel.contact.deleteLabel', { name: contact.name })}
          name={contact.name}
          disabled={writer.busy}
          onDelete={() => writer.run((ctx) => deleteRow(ctx, 'contacts', contact.id))}
        />
      }
    >
      <div class="form-field">
        <label for={`${id}-name`}>{t('panel.contact.nameLabel')}</label>
        <input
          id={`${id}-name`}
          name="name"
          value={draft.name}
          autoComplete="off"
          onInput={(e) => set('name', e.currentTarget.value)}
        />
      </div>
      <div class="form-field">
        <label for={`${id}-title`}>{t('panel.contact.titleLabel')}</label>
        <input
          id={`${id}-title`}
          name="title"
          value={draft.title}
          maxLength={200}
          autoComplete="off"
          onInput={(e) => set('title', e.currentTarget.value)}
        />
      </div>
      <RoleCheckboxes
        roles={draft.roles}
        onToggle={(role, on) =>
          set('roles', on ? [...draft.roles, role] : draft.roles.filter((r) => r !== role))
        }
      />
      <div class="row">
        <AttitudeSelect value={draft.attitude} onChange={(a) => set('attitude', a)} />
        <label class="row">
          <span>{t('panel.contact.strength')}</span>
          <select
            name="relationshipStrength"
            value={draft.strength}
            onChange={(e) => set('strength', e.currentTarget.value)}
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
            value={draft.motive}
            onChange={(e) => set('motive', e.currentTarget.value)}
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
    </CardForm>
  );
}
