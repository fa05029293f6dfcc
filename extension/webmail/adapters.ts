import { gmail } from '../hosts/gmail.ts';
import type { WebmailSite } from '../hosts/hosts.ts';
import { netease } from '../hosts/netease.ts';
import { outlook } from '../hosts/outlook.ts';
import { qq } from '../hosts/qq.ts';
import type { MailAdapter } from '../hosts/types.ts';

/** The adapter of each webmail site: part of the lazy bundle, never of the eager script. */
export const ADAPTERS: Readonly<Record<WebmailSite, MailAdapter>> = { gmail, outlook, qq, netease };
