import { t } from '../../i18n/index.ts';
import { OpenBookButton } from '../../ui/OpenBookButton.tsx';

/** Right after joining: the two things a new rep does next, both of which exist today. */
export function WhatNext() {
  return (
    <section class="card what-next">
      <h2>{t('options.next.heading')}</h2>
      <ol>
        <li>{t('options.next.site')}</li>
        <li>
          <span>{t('options.next.book')}</span> <OpenBookButton />
        </li>
      </ol>
    </section>
  );
}
