import { useRef, useState } from 'preact/hooks';
import { type Attitude, BUYING_ROLES, type BuyingRole } from '../../../shared/index.ts';
import type { AccountLensDB } from '../../db/database.ts';
import { createRow } from '../../db/write.ts';
import { t } from '../../i18n/index.ts';
import { AttitudeSelect, RoleCheckboxes } from './CommitteeFields.tsx';
import { Disclosure } from './controls.tsx';
import { useWriter, WriteError } from './write.tsx';

/** "a@x.com, b@x.com" → two entries; blanks dropped, so an empty field is an empty list. */
export const splitList = (value: string, separator: RegExp): string[] =>
  value
    .split(separator)
    .map((s) => s.trim())
    .filter((s) => s !== '');

export interface ContactDraft {
  name: string;
  title: string;
  emails: string;
  phones: string;
  roles: BuyingRole[];
  attitude: Attitude | '';
}

const EMPTY: ContactDraft = {
  name: '',
  title: '',
  emails: '',
  phones: '',
  roles: [],
  attitude: '',
};

/** The fields a new contact is created with: empty optional fields are left out, not blank. */
export function contactFields(accountId: string, draft: ContactDraft): Record<string, unknown> {
  return {
    accountId,
    name: draft.name,
    ...(draft.title.trim() === '' ? {} : { title: draft.title }),
    // Addresses never contain spaces, commas or semicolons; phone numbers may contain spaces.
    emails: splitList(draft.emails, /[\s,;，；]+/),
    phones: splitList(draft.phones, /[,;，；]+/),
    roles: BUYING_ROLES.filter((r) => draft.roles.includes(r)),
    ...(draft.attitude === '' ? {} : { attitude: draft.attitude }),
  };
}

/** "Add contact": a new member of the buying committee, written in one validated row. */
export function AddContact(props: {
  db: AccountLensDB;
  accountId: string;
  /** Open the form (the overlay's "Add contact" opened the side panel on it). */
  openAt?: number | undefined;
}) {
  const { db, accountId } = props;
  return (
    <Disclosure id="new-contact" label={t('panel.contact.add')} openAt={props.openAt}>
      {(close) => <ContactForm db={db} accountId={accountId} close={close} />}
    </Disclosure>
  );
}

function ContactForm(props: { db: AccountLensDB; accountId: string; close: () => void }) {
  const writer = useWriter(props.db);
  const [draft, setDraft] = useState<ContactDraft>(EMPTY);
  const [added, setAdded] = useState(false);
  const nameRef = useRef<HTMLInputElement>(null);
  const set = <K extends keyof ContactDraft>(key: K, value: ContactDraft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setAdded(false);
  };
  const bind = (key: 'name' | 'title' | 'emails' | 'phones') => ({
    id: `new-contact-${key}`,
    name: key,
    value: draft[key],
    onInput: (e: { currentTarget: { value: string } }) => set(key, e.currentTarget.value),
  });
  const submit = async () => {
    const ok = await writer.run((ctx) =>
      createRow(ctx, 'contacts', contactFields(props.accountId, draft)),
    );
    if (!ok) return;
    // Stay open: reps usually enter several people of a committee in a row.
    setDraft(EMPTY);
    setAdded(true);
    nameRef.current?.focus();
  };
  return (
    <form
      class="grid-form new-contact"
      aria-label={t('panel.contact.new')}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div class="form-field">
        <label for="new-contact-name">{t('panel.contact.nameLabel')}</label>
        {/* Not `required`: the store's validation names the field in the rep's language. */}
        <input {...bind('name')} ref={nameRef} aria-required="true" autoComplete="off" />
      </div>
      <div class="form-field">
        <label for="new-contact-title">{t('panel.contact.titleLabel')}</label>
        <input {...bind('title')} maxLength={200} autoComplete="off" />
      </div>
      <div class="form-field">
        <label for="new-contact-emails">{t('ui.field.emails')}</label>
        <input
          {...bind('emails')}
          autoComplete="off"
          spellcheck={false}
          aria-describedby="new-contact-list-hint"
        />
      </div>
      <div class="form-field">
        <label for="new-contact-phones">{t('ui.field.phones')}</label>
        <input
          {...bind('phones')}
          type="tel"
          autoComplete="off"
          aria-describedby="new-contact-list-hint"
        />
        <span id="new-contact-list-hint" class="hint">
          {t('panel.contact.listHint')}
        </span>
      </div>
      <RoleCheckboxes
        roles={draft.roles}
        onToggle={(role, on) =>
          set('roles', on ? [...draft.roles, role] : draft.roles.filter((r) => r !== role))
        }
      />
      <AttitudeSelect value={draft.attitude} onChange={(a) => set('attitude', a)} />
      <div class="row">
        <button type="submit" class="primary" disabled={writer.busy}>
          {t('panel.contact.save')}
        </button>
        <button type="button" onClick={props.close}>
          {t('panel.cancel')}
        </button>
        <span role="status" aria-live="polite" class="saved">
          {added ? t('panel.contact.added') : ''}
        </span>
      </div>
      <WriteError writer={writer} />
    </form>
  );
}
