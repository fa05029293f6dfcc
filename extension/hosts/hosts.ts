/**
 * The webmail apps Account Lens reads, by hostname. Part of the eager content script (the
 * webmail feature checks `location.hostname` here before anything is loaded), so this module
 * imports nothing: the adapters that know each site's DOM load lazily with the webmail bundle.
 *
 * Every host here also never matches an account by hostname (shared/matching's WEBMAIL_HOSTS
 * or a free-mail domain): tests/webmail/hosts.test.ts keeps the two lists in step.
 */
export const WEBMAIL_SITES = {
  gmail: ['mail.google.com'],
  outlook: ['outlook.office.com', 'outlook.live.com', 'outlook.office365.com'],
  qq: ['mail.qq.com', 'wx.mail.qq.com'],
  netease: ['mail.163.com', 'mail.126.com'],
} as const satisfies Record<string, readonly string[]>;

export type WebmailSite = keyof typeof WEBMAIL_SITES;

const BY_HOST: ReadonlyMap<string, WebmailSite> = new Map(
  (Object.keys(WEBMAIL_SITES) as WebmailSite[]).flatMap((site) =>
    WEBMAIL_SITES[site].map((host) => [host, site] as const),
  ),
);

/** The webmail app served on `hostname` (exact, as in `location.hostname`), if any. */
export function webmailSiteOf(hostname: string): WebmailSite | undefined {
  return BY_HOST.get(hostname);
}

/** Every webmail hostname, e.g. for `web_accessible_resources` match patterns. */
export const WEBMAIL_HOSTNAMES: readonly string[] = [...BY_HOST.keys()];
