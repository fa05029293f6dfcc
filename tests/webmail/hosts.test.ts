import { describe, expect, it } from 'vitest';
import { WEBMAIL_HOSTNAMES, WEBMAIL_SITES, webmailSiteOf } from '../../extension/hosts/hosts.ts';
import { ADAPTERS } from '../../extension/webmail/adapters.ts';
import { ROLE_ORDER } from '../../extension/webmail/roles.ts';
import { hostnameCandidates, ROLE_ORDER as SHARED_ROLE_ORDER } from '../../shared/index.ts';

describe('webmail hosts', () => {
  it('knows each app by its exact hostname and nothing else', () => {
    expect(webmailSiteOf('mail.google.com')).toBe('gmail');
    expect(webmailSiteOf('outlook.office365.com')).toBe('outlook');
    expect(webmailSiteOf('outlook.live.com')).toBe('outlook');
    expect(webmailSiteOf('mail.qq.com')).toBe('qq');
    expect(webmailSiteOf('wx.mail.qq.com')).toBe('qq');
    expect(webmailSiteOf('mail.126.com')).toBe('netease');
    for (const host of ['google.com', 'www.acme-robotics.com', 'evil-mail.google.com.example']) {
      expect(webmailSiteOf(host)).toBeUndefined();
    }
  });

  it('never badges a webmail app with an account: every host is one matching never uses', () => {
    for (const host of WEBMAIL_HOSTNAMES) expect(hostnameCandidates(host), host).toBeUndefined();
  });

  it('has one adapter per site, serving exactly that site’s hosts', () => {
    for (const [site, hosts] of Object.entries(WEBMAIL_SITES)) {
      const adapter = ADAPTERS[site as keyof typeof WEBMAIL_SITES];
      expect(adapter.id).toBe(site);
      expect(adapter.hosts).toEqual(hosts);
    }
  });

  it('reads the signed-in address on every site, so every panel can ask "Is this you?"', () => {
    for (const adapter of Object.values(ADAPTERS))
      expect(adapter.signedIn, adapter.id).toBeTypeOf('function');
  });

  it('lists buying roles in the order shared/roles reads them (restated to keep zod out)', () => {
    expect(ROLE_ORDER).toEqual(SHARED_ROLE_ORDER);
  });
});
