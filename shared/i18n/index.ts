/**
 * Text that shared/ produces for people (action titles, reasons, strategies) travels as a
 * message id with parameters, so the extension can show it in the rep's language and the
 * server can log it in English. Catalogs live next to the code that emits the messages.
 */
export type MsgParams = Readonly<Record<string, string | number>>;
export interface Msg {
  readonly id: string;
  readonly params: MsgParams;
}
export type Locale = 'en' | 'zh_CN';
export type Catalog = Readonly<Record<string, string>>;
export type Catalogs = Readonly<Record<Locale, Catalog>>;

export const msg = (id: string, params: MsgParams = {}): Msg => ({ id, params });

/** Fill `{name}` placeholders; a parameter that is itself a message id is translated first. */
export function formatMessage(m: Msg, catalog: Catalog): string {
  const template = catalog[m.id];
  if (template === undefined) return m.id;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = m.params[name];
    if (value === undefined) return whole;
    if (typeof value === 'string' && catalog[value] !== undefined) return catalog[value];
    return typeof value === 'number' ? formatNumber(value) : value;
  });
}

const formatNumber = (n: number): string =>
  Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100);

/** Merge catalogs from several modules; a duplicate id is a programming error. */
export function mergeCatalogs(...parts: Catalogs[]): Catalogs {
  const out: Record<Locale, Record<string, string>> = { en: {}, zh_CN: {} };
  for (const part of parts) {
    for (const locale of ['en', 'zh_CN'] as const) {
      for (const [id, text] of Object.entries(part[locale])) {
        if (id in out[locale]) throw new Error(`duplicate message id ${id}`);
        out[locale][id] = text;
      }
    }
  }
  return out;
}
