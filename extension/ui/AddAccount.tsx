import { useState } from 'preact/hooks';
import { domainKey, parseMutationFields, ValidationError } from '../../shared/index.ts';
import type { AccountLensDB } from '../db/database.ts';
import { createRow } from '../db/write.ts';
import { t } from '../i18n/index.ts';
import { errorText } from './errors.ts';
import { writeContext } from './identity.ts';
import type { NewAccountOffer } from './new-account.ts';

/**
 * Create an account with one web domain. The domain is checked against the matching rules too:
 * the schema accepts `gmail.com`, but an account on it would never show a badge anywhere.
 */
export async function addAccount(
  db: AccountLensDB,
  fields: { name: string; domain: string },
): Promise<string> {
  const parsed = parseMutationFields('accounts', {
    name: fields.name,
    domains: [fields.domain],
  });
  const [domain] = parsed.domains as string[];
  if (domain === undefined || domainKey(domain) === undefined) {
    throw new ValidationError(
      `fields.domains[0]: ${t('popup.add.neverMatches')}`,
      'fields.domains[0]',
    );
  }
  const row = await createRow(await writeContext(db), 'accounts', parsed);
  return row.id;
}

/** "Add <domain> as an account": for a company site that belongs to no account yet. */
export function AddAccount(props: {
  db: AccountLensDB;
  offer: NewAccountOffer;
  onAdded: (accountId: string) => void;
}) {
  const [name, setName] = useState(props.offer.name);
  const [domain, setDomain] = useState(props.offer.domain);
  const [state, setState] = useState<{ saving?: boolean; error?: string }>({});

  const save = async () => {
    if (state.saving) return;
    setState({ saving: true });
    try {
      props.onAdded(await addAccount(props.db, { name, domain }));
    } catch (error) {
      setState({ error: errorText(error) });
    }
  };

  return (
    <section class="add-account" aria-labelledby="add-account-heading">
      <h2 id="add-account-heading">{t('popup.add.heading', { domain: props.offer.domain })}</h2>
      <p class="muted">{t('popup.noAccountHere')}</p>
      <form
        class="grid-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <div class="form-field">
          <label for="add-account-name">{t('popup.add.name')}</label>
          <input
            id="add-account-name"
            name="name"
            value={name}
            maxLength={200}
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </div>
        <div class="form-field">
          <label for="add-account-domain">{t('popup.add.domain')}</label>
          <input
            id="add-account-domain"
            name="domain"
            value={domain}
            aria-describedby="add-account-domain-hint"
            autoCapitalize="off"
            spellcheck={false}
            onInput={(e) => setDomain(e.currentTarget.value)}
          />
          <span id="add-account-domain-hint" class="hint">
            {t('popup.add.domainHint')}
          </span>
        </div>
        <div class="row">
          <button type="submit" class="primary" disabled={state.saving === true}>
            {t('popup.add.save')}
          </button>
        </div>
        {state.error && (
          <p class="error" role="alert">
            {state.error}
          </p>
        )}
      </form>
    </section>
  );
}
