/**
 * Matching with a full local book: 100k accounts (1–3 domains each) and 300k contacts.
 * The lookup is the part of the 50 ms match-to-badge budget that grows with the book.
 */
import { buildAccountIndex, matchEmail, matchHostname } from '../../shared/matching/index.ts';
import { picker, prng, sequentialUlid as ulid } from './fixtures.ts';
import { percentile, report } from './report.ts';

const ACCOUNTS = 100_000;
const CONTACTS = 300_000;
const LOOKUPS = 10_000;

const SUFFIXES = ['com', 'de', 'co.uk', 'com.cn', 'cn', 'io', 'fr', 'co.jp', 'net', 'org'];
const SUBDOMAINS = ['', '', '', 'www.', 'shop.', 'eu.', 'cn.'];
export default async function main(): Promise<void> {
  const rand = prng(0x5eed);
  const pick = picker(rand);

  const accounts = Array.from({ length: ACCOUNTS }, (_, i) => {
    const n = 1 + Math.floor(rand() * 3);
    const domains = Array.from(
      { length: n },
      (_, j) => `${pick(SUBDOMAINS)}co${i}x${j}.${pick(SUFFIXES)}`,
    );
    return { id: ulid(i), domains, deleted: false };
  });
  const contacts = Array.from({ length: CONTACTS }, (_, i) => {
    const accountIndex = Math.floor(rand() * ACCOUNTS);
    const domain =
      rand() < 0.2 ? pick(['gmail.com', 'qq.com', '163.com']) : `co${accountIndex}x0.com`;
    return {
      id: ulid(ACCOUNTS + i),
      accountId: ulid(accountIndex),
      emails: [`person${i}@${domain}`],
      deleted: false,
    };
  });

  const t0 = performance.now();
  const index = buildAccountIndex(accounts, contacts);
  report({
    name: 'matching: build index (100k accounts, 300k contacts)',
    value: performance.now() - t0,
    unit: 'ms',
  });

  // Half hits on a random subdomain, half misses, the way a rep's browsing mixes.
  const hosts = Array.from({ length: LOOKUPS }, () => {
    if (rand() < 0.5) {
      const a = pick(accounts);
      return `${pick(['', 'www.', 'docs.', 'a.b.'])}${pick(a.domains)}`;
    }
    return `www.unknown${Math.floor(rand() * 1e9)}.${pick(SUFFIXES)}`;
  });
  for (const h of hosts.slice(0, 1_000)) matchHostname(index, h);

  const samples: number[] = [];
  let hits = 0;
  for (const h of hosts) {
    const t = performance.now();
    const m = matchHostname(index, h);
    samples.push((performance.now() - t) * 1_000);
    if (m) hits++;
  }
  report({
    name: 'matching: matchHostname p95 (10k lookups)',
    value: percentile(samples, 95),
    unit: 'µs',
    budget: 1_000,
    scale: 'memory',
  });
  report({ name: 'matching: matchHostname p99', value: percentile(samples, 99), unit: 'µs' });
  report({ name: 'matching: lookups that matched', value: hits, unit: 'of 10000' });

  // A webmail thread: known contacts, colleagues on a company domain, free-mail strangers.
  const emails = Array.from({ length: LOOKUPS }, () => {
    const r = rand();
    if (r < 0.4) return pick(contacts).emails[0] as string;
    if (r < 0.7) return `someone@${pick(pick(accounts).domains)}`;
    return `stranger${Math.floor(rand() * 1e9)}@${pick(['gmail.com', 'qq.com', 'unknown.io'])}`;
  });
  for (const e of emails.slice(0, 1_000)) matchEmail(index, e);
  const emailSamples: number[] = [];
  for (const e of emails) {
    const t = performance.now();
    matchEmail(index, e);
    emailSamples.push((performance.now() - t) * 1_000);
  }
  report({
    name: 'matching: matchEmail p95 (10k lookups)',
    value: percentile(emailSamples, 95),
    unit: 'µs',
    budget: 1_000,
    scale: 'memory',
  });
}
