import type { ContactPoint } from '../../../shared/index.ts';
import type { AccountLensDB, LocalAccount } from '../../db/database.ts';
import { writeRow } from '../../db/write.ts';
import { t } from '../../i18n/index.ts';
import { useWriter, WriteError } from './write.tsx';

/** A dialable `tel:` target: the digits and a leading +, whatever the number was written as. */
const telHref = (phone: string): string => {
  const digits = phone.replace(/\D/g, '');
  return `tel:${phone.trim().startsWith('+') ? '+' : ''}${digits}`;
};

const pointText = (p: ContactPoint): string =>
  [p.label, p.email, p.phone].filter((v) => v !== undefined).join(' · ');

/**
 * The company's shared mailboxes and switchboard lines (info@, 客服…), as captured from its
 * website: read-only, each a link, each removable. Everything is rendered as text.
 */
export function ContactPoints({ db, account }: { db: AccountLensDB; account: LocalAccount }) {
  const writer = useWriter(db);
  // A row stored before accounts had contact points has no list.
  const points = account.contactPoints ?? [];
  const remove = (point: ContactPoint) =>
    writer.run((ctx) =>
      writeRow(ctx, 'accounts', account.id, {
        contactPoints: points.filter((p) => p !== point),
      }),
    );
  return (
    <div class="contact-points">
      <h3 id="contact-points-heading">{t('ui.field.contactPoints')}</h3>
      {points.length === 0 ? (
        <p class="muted">{t('panel.contactPoints.none')}</p>
      ) : (
        <ul aria-labelledby="contact-points-heading">
          {points.map((p, i) => (
            <li key={`${i}:${pointText(p)}`} class="contact-point row">
              {p.label !== undefined && <span class="contact-point-label">{p.label}</span>}
              {p.email !== undefined && <a href={`mailto:${p.email}`}>{p.email}</a>}
              {p.phone !== undefined && <a href={telHref(p.phone)}>{p.phone}</a>}
              <button
                type="button"
                aria-label={t('panel.contactPoints.removeLabel', { point: pointText(p) })}
                disabled={writer.busy}
                onClick={() => void remove(p)}
              >
                {t('panel.contactPoints.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <WriteError writer={writer} />
    </div>
  );
}
