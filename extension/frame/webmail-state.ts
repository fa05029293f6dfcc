import type { WebmailSite } from '../hosts/hosts.ts';
import type { LanguageSetting } from '../i18n/language.ts';
import type { WebmailComposeView, WebmailMessageView } from '../messaging/webmail.ts';

/**
 * What the webmail content script tells its panel's frame, as protocol.ts's zod schemas say,
 * checked by hand for the two messages the frame draws from (the panel's first paint should not
 * wait for zod and the schemas it would bring). As there, the views are the background's own
 * replies relayed unchanged: their envelope is checked, their shape is the background's.
 * An answer to a read (`read`) is parsed with zod, loaded when the first one comes.
 */
export type WebmailState =
  | {
      readonly type: 'message';
      readonly site: WebmailSite;
      readonly language: LanguageSetting;
      readonly fallback: boolean;
      readonly view: WebmailMessageView;
    }
  | {
      readonly type: 'compose';
      readonly language: LanguageSetting;
      readonly view: WebmailComposeView;
    }
  /** Kept loaded off the page's view for the next message (webmail/host.ts): draw nothing. */
  | { readonly type: 'parked' };

/** Records, so the compiler says when a site or a language is added. */
const SITES: Readonly<Record<WebmailSite, true>> = {
  gmail: true,
  outlook: true,
  qq: true,
  netease: true,
};
const LANGUAGES: Readonly<Record<LanguageSetting, true>> = { auto: true, en: true, zh_CN: true };

const record = (v: unknown): Record<string, unknown> | undefined =>
  typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined;

/** Own keys only: 'constructor' is no site. */
const oneOf = <K extends string>(set: Readonly<Record<K, true>>, v: unknown): v is K =>
  typeof v === 'string' && Object.hasOwn(set, v);

/** The panel's state, if the message is one; else undefined (a read's answer among them). */
export function webmailState(message: unknown): WebmailState | undefined {
  const m = record(message);
  if (m?.type === 'parked') return { type: 'parked' };
  if (!m || !oneOf(LANGUAGES, m.language) || !record(m.view)) return undefined;
  if (m.type === 'compose') {
    return { type: 'compose', language: m.language, view: m.view as WebmailComposeView };
  }
  if (m.type === 'message' && oneOf(SITES, m.site) && typeof m.fallback === 'boolean') {
    return {
      type: 'message',
      site: m.site,
      language: m.language,
      fallback: m.fallback,
      view: m.view as WebmailMessageView,
    };
  }
  return undefined;
}
