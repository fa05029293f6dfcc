import strings from 'virtual:account-lens-strings/badge';
import { translator } from '../i18n/language.ts';

/**
 * The badge's strings only (its label, the tier names, "local"), picked from the catalogs at
 * build time (i18n/surfaces.ts): the badge is the frame's first paint, and the full catalogs
 * come with the panel's code just after it.
 */
export const tBadge = translator(strings);
