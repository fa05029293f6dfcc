import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { AccountLensDB } from '../db/database.ts';
import { t } from '../i18n/index.ts';
import { ask } from '../messaging/client.ts';
import { AccountSearch, type SearchHit } from '../search/index.ts';

/**
 * Search across accounts and contacts. Choosing a result (click, or Enter on it) hands over the
 * account to show: a contact's choice is its account.
 */
export function SearchBox(props: {
  db: AccountLensDB;
  onChoose: (accountId: string) => void;
  /** In the popup searching is the first thing to do; in the side panel it is not. */
  autoFocus?: boolean;
}) {
  const search = useMemo(
    () =>
      new AccountSearch(props.db, {
        onStale: () => {
          ask({ type: 'indexSearch' }).catch(() => undefined);
        },
      }),
    [props.db],
  );
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<SearchHit[] | undefined>(undefined);
  const latest = useRef(0);

  useEffect(() => {
    search.warm().catch(() => undefined);
    return () => search.close();
  }, [search]);

  // Every keystroke searches at once, from the input event itself (an effect would run a frame
  // later): a search reads a few records of the persisted index (extension/search), so there
  // is nothing to save by waiting; only the latest answer shows.
  const onInput = (value: string) => {
    setQuery(value);
    const seq = ++latest.current;
    if (value.trim() === '') {
      setHits(undefined);
      return;
    }
    const show = (found: SearchHit[]) => {
      if (seq === latest.current) setHits(found);
    };
    search.search(value, { onPrefix: show }).then(show, () => show([]));
  };

  return (
    <section class="search" aria-labelledby="search-heading">
      <h2 id="search-heading" class="sr-only">
        {t('ui.search.heading')}
      </h2>
      <label class="field">
        <span class="sr-only">{t('ui.search.label')}</span>
        <input
          type="search"
          name="q"
          value={query}
          placeholder={t('ui.search.placeholder')}
          autocomplete="off"
          // biome-ignore lint/a11y/noAutofocus: only where searching is what the page is opened for.
          autoFocus={props.autoFocus === true}
          onInput={(e) => onInput(e.currentTarget.value)}
          onKeyDown={(e) => {
            const first = hits?.[0];
            if (e.key === 'Enter' && first) props.onChoose(accountOf(first));
          }}
          style={{ width: '100%', boxSizing: 'border-box' }}
        />
      </label>
      {hits && hits.length === 0 && <p class="muted">{t('ui.search.none')}</p>}
      {hits && hits.length > 0 && (
        <ul class="results" aria-label={t('ui.search.results')}>
          {hits.map((hit) => (
            <li key={`${hit.kind}:${hit.id}`}>
              <button
                type="button"
                class="result"
                data-kind={hit.kind}
                onClick={() => props.onChoose(accountOf(hit))}
              >
                <HitText hit={hit} />
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

const accountOf = (hit: SearchHit): string =>
  hit.kind === 'account' ? hit.id : hit.contact.accountId;

function HitText({ hit }: { hit: SearchHit }) {
  if (hit.kind === 'account') {
    const domain = hit.field === 'domain' ? hit.matched : hit.account.domains[0];
    return (
      <>
        <span class="result-name">{hit.account.name}</span>
        <span class="result-sub">
          {t('ui.search.account')}
          {domain ? ` · ${domain}` : ''}
        </span>
      </>
    );
  }
  const { contact } = hit;
  const detail = hit.field === 'email' ? hit.matched : (contact.title ?? contact.emails[0]);
  return (
    <>
      <span class="result-name">{contact.name}</span>
      <span class="result-sub">
        {t('ui.search.contactAt', { account: hit.account?.name ?? t('ui.search.unknownAccount') })}
        {detail ? ` · ${detail}` : ''}
      </span>
    </>
  );
}
