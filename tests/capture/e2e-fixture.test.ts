/**
 * The browser test's team page (tests/e2e/fixtures/capture/team.html) as the extractor reads
 * it: the company's phone is only in the footer ("Tel: …"), its address in JSON-LD. The
 * preview offers both for the account file, so the extractor must find both, and the phone
 * must not be taken for one of the people's.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { capturePage } from '../../shared/capture/index.ts';
import { parsePage } from './fixtures.ts';

const URL = 'https://www.northwind-robotics.de/en/team';
const page = parsePage(readFileSync('tests/e2e/fixtures/capture/team.html', 'utf8'), URL);
afterAll(() => page.close());

describe('the browser test’s team page', () => {
  const { contacts, organization } = capturePage(page.document, URL);

  it('finds the company phone in the footer and the address in structured data', () => {
    expect(organization.phone).toBe('+498912345600');
    expect(organization.fields.phone?.source).toBe('text');
    expect(organization.address).toBe('Industriestraße 12, 80339 München, DE');
    expect(organization.fields.address?.source).toBe('json-ld');
  });

  it('keeps the footer phone off the people', () => {
    expect(contacts).toHaveLength(5);
    for (const c of contacts) expect(c.phones).not.toContain('+498912345600');
  });
});
