import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../../i18n/index.ts';
import {
  identityOf,
  loadMyAddresses,
  MAX_MY_ADDRESSES,
  myAddressesItem,
  saveMyAddresses,
} from '../../settings/identity.ts';

/**
 * "Your e-mail addresses": mail from them is the rep's own, so the webmail panel shows whom
 * they wrote to, and their company domains are colleagues, not prospects. Saved all at once:
 * one invalid address and nothing is saved.
 */
export function IdentitySection() {
  const [stored, setStored] = useState<string[]>([]);
  const [text, setText] = useState('');
  const [state, setState] = useState<{ busy?: boolean; error?: string; saved?: boolean }>({});
  // While the rep edits the field, an address confirmed in a mail tab must not overwrite it.
  const dirty = useRef(false);
  useEffect(() => {
    const refresh = () =>
      void loadMyAddresses().then((list) => {
        setStored(list);
        if (!dirty.current) setText(list.join('\n'));
      });
    refresh();
    return myAddressesItem.watch(refresh);
  }, []);

  const save = async () => {
    if (state.busy) return;
    setState({ busy: true });
    let result: Awaited<ReturnType<typeof saveMyAddresses>>;
    try {
      result = await saveMyAddresses(text);
    } catch (e) {
      setState({ error: e instanceof Error ? e.message : String(e) });
      return;
    }
    if (result.ok) {
      dirty.current = false;
      setStored(result.addresses);
      setText(result.addresses.join('\n'));
      setState({ saved: true });
    } else {
      setState({
        error:
          result.invalid.length > 0
            ? t('webmail.identity.invalid', { addresses: result.invalid.join(', ') })
            : t('webmail.identity.tooMany', { n: MAX_MY_ADDRESSES }),
      });
    }
  };

  const domains = [...identityOf(stored).domains];
  return (
    <section class="card identity">
      <h2>{t('webmail.identity.heading')}</h2>
      <p class="hint">{t('webmail.identity.hint')}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <label class="stacked">
          <span>{t('webmail.identity.label')}</span>
          <textarea
            name="myAddresses"
            rows={3}
            spellcheck={false}
            autocomplete="off"
            placeholder="you@yourcompany.com"
            value={text}
            onInput={(e) => {
              dirty.current = true;
              setText(e.currentTarget.value);
              if (state.saved || state.error) setState({});
            }}
          />
        </label>
        <div class="row">
          <button type="submit" disabled={state.busy === true}>
            {t('webmail.identity.save')}
          </button>
          {state.saved && (
            <span class="saved" role="status">
              {t('webmail.identity.saved')}
            </span>
          )}
        </div>
        {state.error && (
          <p class="error" role="alert">
            {state.error}
          </p>
        )}
      </form>
      {domains.length > 0 && (
        <p class="hint" data-company>
          {t('webmail.identity.company', { domains: domains.join(', ') })}
        </p>
      )}
    </section>
  );
}
