import { useState } from 'preact/hooks';
import { openBook } from '../book/open.ts';
import { t } from '../i18n/index.ts';
import { errorText } from './errors.ts';

/** "Open the book": the popup's and the side panel's way to the Book page. */
export function OpenBookButton() {
  const [error, setError] = useState<string | undefined>(undefined);
  return (
    <>
      <button
        type="button"
        class="open-book"
        onClick={() => {
          setError(undefined);
          openBook().catch((e: unknown) => setError(errorText(e)));
        }}
      >
        {t('book.open')}
      </button>
      {error && <p class="error">{error}</p>}
    </>
  );
}
