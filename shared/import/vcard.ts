import ICAL from 'ical.js';
import { Domain, Email, Line } from '../schema/common.ts';
import type { ContactDraft, RowProblem } from './rows.ts';

/** A file that is no vCard file, or none ical.js can read. */
export class VcardFileError extends Error {
  override readonly name = 'VcardFileError';
}

/**
 * The cards of a vCard file (3.0 from Outlook and iPhones, 4.0 from Google) as contact drafts,
 * read by ical.js: FN (else the N parts) as the name, ORG's first part as the account, TITLE,
 * every EMAIL and TEL, and URL's host for finding the account by domain. Like a table's rows
 * (rows.ts), a card with any problem is named (card number, property, reason) and left out.
 */
export function readVcards(text: string): {
  drafts: { row: number; draft: ContactDraft }[];
  problems: RowProblem[];
} {
  let parsed: unknown;
  try {
    parsed = ICAL.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new VcardFileError(
      `the file is not a vCard file: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const jcards = (
    Array.isArray(parsed) && Array.isArray(parsed[0]) ? parsed : [parsed]
  ) as unknown[];
  const drafts: { row: number; draft: ContactDraft }[] = [];
  const problems: RowProblem[] = [];
  jcards.forEach((jcard, i) => {
    const row = i + 1;
    const card = new ICAL.Component(jcard as unknown[]);
    if (card.name !== 'vcard') return;
    const found: RowProblem[] = [];
    const fail = (field: string, column: string, code: RowProblem['code'], value: string) =>
      found.push({ row, column, field, code, value });
    const text = (name: string): string | undefined => {
      const value = card.getFirstPropertyValue(name);
      const first = Array.isArray(value) ? value[0] : value;
      return typeof first === 'string' && first.trim() !== '' ? first.trim() : undefined;
    };
    const n = card.getFirstPropertyValue('n');
    const parts = Array.isArray(n)
      ? n.map((p) => (Array.isArray(p) ? p.join(' ') : String(p ?? '')))
      : [];
    const fromN = [parts[1], parts[2], parts[0]].filter((p) => p?.trim()).join(' ');
    const name = text('fn') ?? (fromN === '' ? undefined : fromN);
    if (name === undefined || !Line(200).safeParse(name).success)
      fail('name', 'FN', 'missing', name ?? '');
    const emails: string[] = [];
    for (const p of card.getAllProperties('email')) {
      const raw = String(p.getFirstValue() ?? '').replace(/^mailto:/i, '');
      const email = Email.safeParse(raw);
      if (email.success) emails.push(email.data);
      else fail('email', 'EMAIL', 'notAnEmail', raw);
    }
    const phones = card
      .getAllProperties('tel')
      .map((p) =>
        String(p.getFirstValue() ?? '')
          .replace(/^tel:/i, '')
          .trim(),
      )
      .filter((p) => p !== '' && p.length <= 50);
    const url = text('url');
    const domain = url === undefined ? undefined : Domain.safeParse(url);
    const accountDomain = domain?.success ? domain.data : emails[0]?.split('@')[1];
    const org = card.getFirstPropertyValue('org');
    const accountName = (Array.isArray(org) ? org[0] : org)?.toString().trim() || undefined;
    if (accountName === undefined && accountDomain === undefined)
      fail('accountName', 'ORG', 'missing', '');
    const title = text('title');
    if (found.length > 0) {
      problems.push(...found);
      return;
    }
    drafts.push({
      row,
      draft: {
        name: name as string,
        ...(title === undefined ? {} : { title }),
        emails,
        phones,
        ...(accountName === undefined ? {} : { accountName }),
        ...(accountDomain === undefined ? {} : { accountDomain }),
        roles: [],
      },
    });
  });
  return { drafts, problems };
}
