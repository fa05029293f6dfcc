import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contactsVcf } from '../../shared/export/index.ts';
import { readVcards, VcardFileError } from '../../shared/import/index.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('contact cards as address books export them', () => {
  it("reads Outlook's vCard 3.0: name, company, title, both phones, e-mail, the website's host", () => {
    const { drafts, problems } = readVcards(fixture('outlook-contact.vcf'));
    expect(problems).toEqual([]);
    expect(drafts).toEqual([
      {
        row: 1,
        draft: {
          name: 'Priya Raman',
          title: 'VP Operations',
          emails: ['priya.raman@nordwerk.de'],
          phones: ['+49 40 1234568', '+49 171 5550101'],
          accountName: 'Nordwerk Logistik SE',
          accountDomain: 'www.nordwerk.de',
          roles: [],
        },
      },
    ]);
  });

  it("reads an iPhone's cards, Chinese and escaped commas included, and names the card it cannot use", () => {
    const { drafts, problems } = readVcards(fixture('iphone-contacts.vcf'));
    expect(
      drafts.map((d) => [d.row, d.draft.name, d.draft.accountName, d.draft.accountDomain]),
    ).toEqual([
      [1, '王小明', '北京宏远科技有限公司', 'www.hongyuan.cn'],
      [2, "Jean-Luc d'Aubigny", 'Brandt & Sons, Ltd', 'brandt-sons.co.uk'],
    ]);
    expect(problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [3, 'FN', 'missing'],
      [3, 'EMAIL', 'notAnEmail'],
      [3, 'ORG', 'missing'],
    ]);
  });

  it('refuses a file that is no vCard', () => {
    expect(() => readVcards('Name,Email\nJane,jane@acme.com')).toThrow(VcardFileError);
  });

  it('reads back what the export writes', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            name: fc
              .string({ unit: 'grapheme', minLength: 1, maxLength: 30 })
              .filter((s) => s.trim() !== ''),
            title: fc.option(
              fc
                .string({ unit: 'grapheme', minLength: 1, maxLength: 30 })
                .filter((s) => s.trim() !== ''),
              {
                nil: undefined,
              },
            ),
            phone: fc.constantFrom('+86 138 0013 8000', '+1 (555) 010-0199'),
          }),
          { minLength: 1, maxLength: 5 },
        ),
        (people) => {
          const vcf = contactsVcf(
            people.map((p, i) => ({
              id: `C${i}`,
              accountId: 'A1',
              name: p.name.trim(),
              ...(p.title === undefined ? {} : { title: p.title.trim() }),
              emails: [`p${i}@acme-robotics.com`],
              phones: [p.phone],
              roles: [],
            })),
            { accountName: () => 'Acme Robotics', roleLabel: (r) => r },
          );
          const { drafts, problems } = readVcards(vcf);
          expect(problems).toEqual([]);
          expect(drafts.map((d) => d.draft)).toEqual(
            people.map((p, i) => ({
              name: p.name.trim(),
              ...(p.title === undefined ? {} : { title: p.title.trim() }),
              emails: [`p${i}@acme-robotics.com`],
              phones: [p.phone],
              accountName: 'Acme Robotics',
              accountDomain: 'acme-robotics.com',
              roles: [],
            })),
          );
        },
      ),
    );
  });
});
