import type { ContactCandidate, NameFlag } from '../../shared/capture/types.ts';
import { t } from '../i18n/index.ts';

const FLAG_TEXT: Record<NameFlag, string> = {
  single: 'capture.row.nameSingle',
  unsure: 'capture.row.nameUnsure',
  missing: 'capture.row.nameMissing',
};

/**
 * The notes under a row's name: the honorifics and degrees the page wrote with it (kept out of
 * the name, so the rep sees what was left out), and why the name needs a look (nameFlag). The
 * flag's note shows until the rep changes the name; it is their name from then on.
 */
export function nameNotes(
  candidate: ContactCandidate | undefined,
  draftName: string,
): { honorifics?: string; flag?: NameFlag } {
  if (!candidate) return {};
  const honorifics = candidate.honorifics?.join(' ').trim();
  const flag =
    candidate.nameFlag !== undefined && draftName.trim() === candidate.name
      ? candidate.nameFlag
      : undefined;
  return {
    ...(honorifics ? { honorifics } : {}),
    ...(flag ? { flag } : {}),
  };
}

/** The ids NameNotes gives its notes, for the name input's aria-describedby. */
export function nameNoteIds(id: string, notes: ReturnType<typeof nameNotes>): string[] {
  return [
    ...(notes.flag ? [`${id}-name-flag`] : []),
    ...(notes.honorifics ? [`${id}-honorifics`] : []),
  ];
}

export function NameNotes(props: { id: string; notes: ReturnType<typeof nameNotes> }) {
  const { id, notes } = props;
  if (!notes.flag && !notes.honorifics) return null;
  return (
    <div class="name-notes">
      {notes.flag && (
        <p id={`${id}-name-flag`} class="hint name-flag" data-flag={notes.flag}>
          {t(FLAG_TEXT[notes.flag])}
        </p>
      )}
      {notes.honorifics && (
        <p id={`${id}-honorifics`} class="muted hint honorifics">
          {t('capture.row.honorifics', { honorifics: notes.honorifics })}
        </p>
      )}
    </div>
  );
}
