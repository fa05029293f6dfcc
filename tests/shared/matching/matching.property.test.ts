import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildAccountIndex, matchEmail, matchHostname } from '../../../shared/matching/index.ts';

const ACCOUNT_IDS = [
  '01HZ00000000000000000000A1',
  '01HZ00000000000000000000A2',
  '01HZ00000000000000000000A3',
];
const CONTACT_IDS = ['01HZ00000000000000000000C1', '01HZ00000000000000000000C2'];
const DOMAINS = [
  'acme.com',
  'www.acme.com',
  'eu.acme.com',
  'shop.acme.co.uk',
  'globex.cn',
  'gmail.com',
];
const EMAILS = ['jane@gmail.com', 'bob@acme.com', 'li@globex.cn'];
const HOSTS = [
  'acme.com',
  'eu.acme.com',
  'x.eu.acme.com',
  'us.acme.com',
  'acme.co.uk',
  'globex.cn',
  'gmail.com',
];

const op = fc.oneof(
  fc.record({
    kind: fc.constant('account' as const),
    id: fc.constantFrom(...ACCOUNT_IDS),
    domains: fc.subarray(DOMAINS),
    deleted: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('contact' as const),
    id: fc.constantFrom(...CONTACT_IDS),
    accountId: fc.constantFrom(...ACCOUNT_IDS),
    emails: fc.subarray(EMAILS),
    deleted: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('removeAccount' as const), id: fc.constantFrom(...ACCOUNT_IDS) }),
  fc.record({ kind: fc.constant('removeContact' as const), id: fc.constantFrom(...CONTACT_IDS) }),
);

describe('keeping the match index current (property)', () => {
  it('answers after any sequence of updates exactly as an index rebuilt from the final rows', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), (ops) => {
        const live = buildAccountIndex([], []);
        const accounts = new Map<string, { id: string; domains: string[]; deleted: boolean }>();
        const contacts = new Map<
          string,
          { id: string; accountId: string; emails: string[]; deleted: boolean }
        >();
        for (const o of ops) {
          if (o.kind === 'account') {
            live.upsertAccount(o);
            accounts.set(o.id, o);
          } else if (o.kind === 'contact') {
            live.upsertContact(o);
            contacts.set(o.id, o);
          } else if (o.kind === 'removeAccount') {
            live.removeAccount(o.id);
            accounts.delete(o.id);
          } else {
            live.removeContact(o.id);
            contacts.delete(o.id);
          }
        }
        // Rows in reverse order too: the answer must not depend on arrival order.
        const rebuilt = buildAccountIndex(
          [...accounts.values()].reverse(),
          [...contacts.values()].reverse(),
        );
        for (const h of HOSTS) expect(matchHostname(live, h)).toEqual(matchHostname(rebuilt, h));
        for (const e of EMAILS) expect(matchEmail(live, e)).toEqual(matchEmail(rebuilt, e));
      }),
      { numRuns: 500 },
    );
  });
});
