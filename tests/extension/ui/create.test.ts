import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountLensDB } from '../../../extension/db/database.ts';
import { lookupHostname } from '../../../extension/db/read.ts';
import { setLanguage } from '../../../extension/i18n/index.ts';
import { addAccount } from '../../../extension/ui/AddAccount.tsx';
import { contactFields } from '../../../extension/ui/account/AddContact.tsx';
import { opportunityFields, parseAmount } from '../../../extension/ui/account/AddOpportunity.tsx';
import { errorText } from '../../../extension/ui/errors.ts';
import { Contact, Opportunity, ValidationError } from '../../../shared/index.ts';

let db: AccountLensDB;
let n = 0;

beforeEach(async () => {
  // No browser.i18n under node: an explicit language reads the bundled catalogs.
  setLanguage('en');
  db = new AccountLensDB(`create-test-${n++}`);
  await db.open();
});

afterEach(async () => {
  db.close();
  await db.delete();
  setLanguage('auto');
});

describe('addAccount', () => {
  it('creates an account the page lookup finds, with its outbox entry', async () => {
    const id = await addAccount(db, { name: ' Acme Robotics ', domain: 'Acme-Robotics.com' });
    expect(await db.accounts.get(id)).toMatchObject({
      name: 'Acme Robotics',
      domains: ['acme-robotics.com'],
    });
    expect((await lookupHostname(db, 'www.acme-robotics.com'))?.accountId).toBe(id);
    expect((await db.outbox.toArray()).map((e) => e.rowId)).toEqual([id]);
  });

  it('refuses a domain that would never match, or no name, naming the field and writing nothing', async () => {
    const domain = await addAccount(db, { name: 'Mail', domain: 'gmail.com' }).catch((e) => e);
    expect(domain).toBeInstanceOf(ValidationError);
    expect(errorText(domain)).toMatch(/^Web domain: is a free-mail/);
    const name = await addAccount(db, { name: '  ', domain: 'acme.com' }).catch((e) => e);
    expect(errorText(name)).toBe('Name: must not be empty');
    const bad = await addAccount(db, { name: 'X', domain: 'not a domain' }).catch((e) => e);
    expect(errorText(bad)).toMatch(/^Web domain: /);
    expect(await db.accounts.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });
});

const ACCOUNT = '01HZX3K7Q8T9V0W1X2Y3Z4A5B6';

describe('contactFields', () => {
  it('splits lists, keeps roles in committee order and leaves blank optionals out', () => {
    const fields = contactFields(ACCOUNT, {
      name: 'Jane',
      title: ' ',
      emails: 'a@x.com; b@x.com\nc@x.com',
      phones: '+1 555 0100, +1 555 0101',
      roles: ['evaluator', 'decisionMaker'],
      attitude: '',
    });
    expect(fields).toEqual({
      accountId: ACCOUNT,
      name: 'Jane',
      emails: ['a@x.com', 'b@x.com', 'c@x.com'],
      phones: ['+1 555 0100', '+1 555 0101'],
      roles: ['decisionMaker', 'evaluator'],
    });
    expect(Contact.safeParse({ id: ACCOUNT, createdAt: 1, ...fields }).success).toBe(true);
  });
});

describe('opportunityFields', () => {
  const draft = {
    name: 'Retrofit',
    stage: 'negotiation' as const,
    amount: '12 500',
    currency: 'eur',
    expectedClose: '',
  };

  it('reads thousands separators and stamps the stage change', () => {
    const fields = opportunityFields(ACCOUNT, draft, 1_700_000_000_000);
    expect(fields).toEqual({
      accountId: ACCOUNT,
      name: 'Retrofit',
      stage: 'negotiation',
      amount: 12_500,
      currency: 'eur',
      stageChangedAt: 1_700_000_000_000,
    });
    expect(Opportunity.parse({ id: ACCOUNT, createdAt: 1, ...fields }).currency).toBe('EUR');
    expect(
      opportunityFields(ACCOUNT, { ...draft, expectedClose: '2030-01-31' }, 0).expectedCloseAt,
    ).toBe(new Date(2030, 0, 31).getTime());
  });

  it('names the amount when it is blank or not a number', () => {
    for (const amount of ['', 'ten', '1.2.3']) {
      expect(() => parseAmount(amount)).toThrow(ValidationError);
    }
    expect(errorText(new ValidationError('fields.amount: must be a number', 'fields.amount'))).toBe(
      'Amount: must be a number',
    );
  });
});
