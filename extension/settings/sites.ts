import { z } from 'zod';
import { storage } from '#imports';

/**
 * Where the on-page overlay may show: a global switch and a list of sites the rep turned it off
 * on. Kept in browser.storage.local (not Dexie) because it is a preference of this browser, not
 * team data, and every page of the extension reads it the same way.
 */
export const overlayEnabledItem = storage.defineItem<boolean>('local:overlayEnabled', {
  fallback: true,
});
export const disabledSitesItem = storage.defineItem<string[]>('local:disabledSites', {
  fallback: [],
});

const Sites = z.array(z.string().max(253)).max(10_000);

/**
 * The key a site is remembered by: the hostname without a leading `www.`, so turning the overlay
 * off on www.acme.com also covers acme.com and its other subdomains, while turning it off on
 * shop.acme.com leaves the main site alone.
 */
export function siteKey(hostname: string): string {
  const host = hostname.trim().toLowerCase().replace(/\.$/, '');
  return host.startsWith('www.') ? host.slice(4) : host;
}

/** The stored site that switches `hostname` off, if any. */
export function disabledBy(hostname: string, sites: readonly string[]): string | undefined {
  const host = hostname.trim().toLowerCase().replace(/\.$/, '');
  return sites.find((s) => host === s || host.endsWith(`.${s}`));
}

/** Stored values come from an older version or a hand edit: never trust them. */
export async function loadDisabledSites(): Promise<string[]> {
  const parsed = Sites.safeParse(await disabledSitesItem.getValue());
  return parsed.success ? parsed.data : [];
}

export async function loadOverlayEnabled(): Promise<boolean> {
  return (await overlayEnabledItem.getValue()) !== false;
}

export interface SiteState {
  /** The global switch. */
  readonly globalEnabled: boolean;
  /** False when the rep turned the overlay off on this site (or a parent site). */
  readonly siteEnabled: boolean;
  /** The stored key the site is remembered by (what setSiteEnabled adds or removes). */
  readonly site: string;
}

export async function siteState(hostname: string): Promise<SiteState> {
  const [globalEnabled, sites] = await Promise.all([loadOverlayEnabled(), loadDisabledSites()]);
  const by = disabledBy(hostname, sites);
  return { globalEnabled, siteEnabled: by === undefined, site: by ?? siteKey(hostname) };
}

/** Turn the overlay on or off for a site. Turning it on removes every entry that covered it. */
export async function setSiteEnabled(hostname: string, enabled: boolean): Promise<SiteState> {
  const sites = await loadDisabledSites();
  const host = siteKey(hostname);
  const next = enabled
    ? sites.filter((s) => disabledBy(hostname, [s]) === undefined)
    : [...new Set([...sites, host])];
  await disabledSitesItem.setValue(next);
  return siteState(hostname);
}

export async function setOverlayEnabled(enabled: boolean): Promise<void> {
  await overlayEnabledItem.setValue(enabled);
}
