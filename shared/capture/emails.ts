import emailAddresses from 'email-addresses';

/**
 * Candidate addresses in running text. Deliberately loose (the validator below decides): it
 * only has to find every plausible address, including IDN ones.
 */
export const EMAIL_IN_TEXT = /[\p{L}\p{N}._%+'-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;

// "jane.doe [at] acme [dot] com", "jane(at)acme.com", "jane{at}acme.com", "jane AT acme DOT com",
// "jane（at）acme.com": sites write these to dodge scrapers, and the rep is the human the site
// wants to reach. A plain dot joins labels only when written tight ("acme.com"), so the word
// after a sentence's full stop is never taken into the domain.
// Spelled out in lower case ("jane at acme dot com") only with a " dot " after the domain's
// first label: " at " alone is a preposition. "(a)" is the German sites' habit ("info(a)acme.de").
const AT = String.raw`(?:\s*[[({（【<]\s*(?:at|@|＠|ät|a|arroba|arobase)\s*[\])}）】>]\s*|\s+AT\s+|\s+\(@\)\s+|\s+@\s+|\s+at\s+(?=[\p{L}\p{N}-]+\s+dot\s))`;
const DOT = String.raw`(?:\.|\s*[[({（【<]\s*(?:dot|punkt|point|\.)\s*[\])}）】>]\s*|\s+DOT\s+|\s+dot\s+)`;
const LABEL = String.raw`[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?`;
const OBFUSCATED = new RegExp(
  String.raw`([\p{L}\p{N}._%+-]*[\p{L}\p{N}])${AT}(${LABEL}(?:${DOT}${LABEL})+)`,
  'gu',
);
const DOT_ONLY = new RegExp(DOT, 'gu');
/** True if `text` may hold an address written to dodge scrapers. */
// Case-sensitive on purpose: " at " in running text is a preposition, " AT " is a disguise.
export const OBFUSCATED_HINT =
  /[[({（【<]\s*(?:[aA][tT]|@|＠|ät|a|arroba|arobase)\s*[\])}）】>]|\sAT\s|＠|\s@\s|\sat\s\S+\sdot\s/;

/**
 * A lower-cased, RFC 5322-valid address with a dotted domain, or undefined. Accepts `mailto:`
 * URLs (query and fragment dropped, percent-encoding decoded) and "Name <address>" forms.
 */
export function normaliseEmailAddress(raw: string): string | undefined {
  const hit = CACHE.get(raw);
  if (hit !== undefined || CACHE.has(raw)) return hit;
  const value = normaliseUncached(raw);
  if (CACHE.size >= CACHE_SIZE) CACHE.clear();
  CACHE.set(raw, value);
  return value;
}

// A team page repeats each address in an href and in the text; the RFC parser is not cheap.
const CACHE = new Map<string, string | undefined>();
const CACHE_SIZE = 5000;

function normaliseUncached(raw: string): string | undefined {
  let s = raw.trim();
  if (/^mailto:/i.test(s)) s = s.slice(7);
  s = s.split(/[?#]/)[0] ?? '';
  if (s.includes('%')) {
    try {
      s = decodeURIComponent(s);
    } catch {
      return undefined;
    }
  }
  const angle = /<([^<>]+)>/.exec(s);
  if (angle?.[1]) s = angle[1];
  s = s.trim().replace(/[.,;:]+$/, '');
  if (s === '' || s.length > 254 || !s.includes('@')) return undefined;
  const parsed = emailAddresses.parseOneAddress({ input: s, rfc6532: true, rejectTLD: true });
  if (parsed === null || parsed.type !== 'mailbox') return undefined;
  const address = parsed.address.toLowerCase();
  // "image001.png@01D9A1B2.C3D4E5F0" (Outlook inline images) and "1.5@2.0" are not addresses.
  const tld = address.slice(address.lastIndexOf('.') + 1);
  if (!/^(?:\p{L}{2,}|xn--[a-z0-9-]+)$/u.test(tld)) return undefined;
  // Quoted local parts and comments are legal but never how a person's address is published.
  if (address.includes('"') || address.includes(' ') || address !== s.toLowerCase()) {
    return undefined;
  }
  return address;
}

// Cloudflare's e-mail protection writes "[email protected]" and keeps the address in a hex
// string: the first byte is a key XORed into every following byte. Its script decodes it in the
// browser; where the script did not run (blocked, or a saved page), it is decoded here.
const CLOUDFLARE_HREF = /\/cdn-cgi\/l\/email-protection#([0-9a-f]+)$/i;

function decodeCloudflare(hex: string): string | undefined {
  if (hex.length < 4 || hex.length > 512 || hex.length % 2 !== 0 || !/^[0-9a-f]+$/i.test(hex)) {
    return undefined;
  }
  const key = Number.parseInt(hex.slice(0, 2), 16);
  const bytes = new Uint8Array(hex.length / 2 - 1);
  for (let i = 2; i < hex.length; i += 2) {
    bytes[i / 2 - 1] = Number.parseInt(hex.slice(i, i + 2), 16) ^ key;
  }
  let out: string;
  try {
    // The encoded bytes are UTF-8 (an IDN address).
    out = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  return normaliseEmailAddress(out);
}

/**
 * The mailto: URL a link stands for: its own href, or the address Cloudflare's protection hid
 * in it ("/cdn-cgi/l/email-protection#…", or data-cfemail on the link or inside it).
 */
export function mailtoHref(a: Element): string {
  const href = (a.getAttribute('href') ?? '').trim();
  if (!href.includes('email-protection') && !a.hasAttribute('data-cfemail')) return href;
  const hex =
    CLOUDFLARE_HREF.exec(href)?.[1] ??
    a.getAttribute('data-cfemail') ??
    a.querySelector('[data-cfemail]')?.getAttribute('data-cfemail');
  const email = hex ? decodeCloudflare(hex) : undefined;
  return email ? `mailto:${email}` : href;
}

/** Addresses hidden by Cloudflare in elements under `root` that are not links themselves. */
export function cloudflareEmails(root: Element): string[] {
  const out: string[] = [];
  for (const el of root.querySelectorAll('[data-cfemail]')) {
    if (el.closest('a[href]')) continue;
    const e = decodeCloudflare(el.getAttribute('data-cfemail') ?? '');
    if (e && !out.includes(e)) out.push(e);
  }
  return out;
}

/** Every valid address written in `text`, in order, without duplicates. */
export function emailsInText(text: string, decodeObfuscated = false): string[] {
  const found: string[] = [];
  const add = (raw: string) => {
    const e = normaliseEmailAddress(raw);
    if (e !== undefined && !found.includes(e)) found.push(e);
  };
  const plain = text.includes('＠') ? text.replace(/＠/g, '@') : text;
  if (plain.includes('@')) for (const m of plain.matchAll(EMAIL_IN_TEXT)) add(m[0]);
  if (decodeObfuscated && OBFUSCATED_HINT.test(text)) {
    for (const m of plain.matchAll(OBFUSCATED)) {
      const domain = (m[2] ?? '').replace(DOT_ONLY, '.');
      add(`${m[1] ?? ''}@${domain}`);
    }
  }
  return found;
}

// Role mailboxes: whoever reads them, they are the account's switchboard, not a person.
const GENERIC_LOCAL = new Set([
  'info',
  'information',
  'sales',
  'support',
  'contact',
  'contactus',
  'contact-us',
  'hello',
  'hi',
  'hey',
  'hr',
  'jobs',
  'job',
  'careers',
  'career',
  'recruit',
  'recruiting',
  'recruitment',
  'talent',
  'hiring',
  'zhaopin',
  'noreply',
  'no-reply',
  'no_reply',
  'donotreply',
  'do-not-reply',
  'press',
  'media',
  'pr',
  'news',
  'newsletter',
  'blog',
  'editor',
  'editors',
  'editorial',
  'redaktion',
  'marketing',
  'admin',
  'administrator',
  'webmaster',
  'web',
  'www',
  'postmaster',
  'hostmaster',
  'abuse',
  'security',
  'privacy',
  'legal',
  'compliance',
  'dpo',
  'gdpr',
  'service',
  'services',
  'customerservice',
  'customer-service',
  'customercare',
  'care',
  'cs',
  'kefu',
  'help',
  'helpdesk',
  'office',
  'mail',
  'email',
  'enquiries',
  'enquiry',
  'inquiries',
  'inquiry',
  'feedback',
  'billing',
  'invoice',
  'invoices',
  'accounts',
  'accounting',
  'finance',
  'orders',
  'order',
  'shop',
  'store',
  'partners',
  'partner',
  'partnerships',
  'investor',
  'investors',
  'ir',
  'team',
  'events',
  'bd',
  'business',
  'biz',
  'tech',
  'it',
  'reception',
  'welcome',
  'general',
  'purchasing',
  'procurement',
  'purchase',
  'caigou',
  'shichang',
  'xiaoshou',
  'fuwu',
  'hezuo',
  'tousu',
  'booking',
  'bookings',
  'reservations',
  'export',
  'import',
  'quality',
  'service-desk',
  'servicedesk',
  'office-manager',
  // German, French, Spanish role mailboxes.
  'kontakt',
  'datenschutz',
  'vertrieb',
  'verkauf',
  'einkauf',
  'buchhaltung',
  'rechnung',
  'bewerbung',
  'karriere',
  'presse',
  'zentrale',
  'empfang',
  'commercial',
  'recrutement',
  'emploi',
  'ventas',
  'soporte',
  'contacto',
  'calidad',
  'pedidos',
  'compras',
  'facturacion',
  'administracion',
  'rrhh',
  'empleo',
  'atencion',
  'reservas',
  'prensa',
  'comunicacion',
  'accueil',
  'devis',
  'commande',
  'commandes',
  'compta',
  'comptabilite',
  'facturation',
  'qualite',
  'achats',
  'secretariat',
  'direction',
  'info-fr',
  'auftrag',
  'bestellung',
  'service-center',
  'personal',
  'qualitaet',
  'technik',
  'versand',
  'logistik',
  // Warehouses and dispatch, in the same languages.
  'lager',
  'warehouse',
  'almacen',
  'expediciones',
  'logistica',
  'magazzino',
  'contabilidad',
  // Events, groups and catering (restaurants, hotels, venues) in the same languages.
  'eventos',
  'evento',
  'eventi',
  'evenements',
  'evenement',
  'veranstaltung',
  'veranstaltungen',
  'tagung',
  'tagungen',
  'bankett',
  'seminar',
  'seminare',
  'meetings',
  'groups',
  'volunteer',
  'volunteers',
  'volunteering',
  'donations',
  'donate',
  'grupos',
  'groupes',
  'catering',
]);

/** True for role mailboxes (info@, sales@, kefu@, no-reply@ …), also with a suffix (sales.de@). */
export function isGenericMailbox(email: string): boolean {
  const local = (email.split('@')[0] ?? '').toLowerCase();
  if (GENERIC_LOCAL.has(local)) return true;
  const head = local.split(/[._+-]/)[0] ?? '';
  return GENERIC_LOCAL.has(head) && head.length >= 2 && !/^(?:it|pr|cs|bd|hi)$/.test(head);
}

/** Labels that mark an address as a department's: "客服邮箱", "Sales:", "招聘". */
export const GENERIC_LABEL =
  /(?:客服|销售部|销售热线|销售|市场部|市场|招聘|人事|人力资源|商务合作|合作|媒体|售后|技术支持|投诉|采购|咨询|customer service|press|media|careers|jobs|support|general enquiries|enquiries|inquiries)/i;

/** The local part's label for a generic mailbox ("sales" for sales.de@acme.com). */
export function mailboxLabel(email: string): string {
  const local = (email.split('@')[0] ?? '').toLowerCase();
  return local.split(/[._+-]/)[0] ?? local;
}
