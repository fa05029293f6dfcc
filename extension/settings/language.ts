import { z } from 'zod';
import { storage } from '#imports';
import type { LanguageSetting } from '../i18n/index.ts';

const LanguageSchema = z.enum(['auto', 'en', 'zh_CN']);

/** The rep's language choice, shared by every page of the extension. */
export const languageItem = storage.defineItem<LanguageSetting>('local:language', {
  fallback: 'auto',
});

/** Stored values come from an older version or a hand edit: never trust them. */
export async function loadLanguage(): Promise<LanguageSetting> {
  const parsed = LanguageSchema.safeParse(await languageItem.getValue());
  return parsed.success ? parsed.data : 'auto';
}
