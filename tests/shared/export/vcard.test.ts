import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { contactsVcf } from '../../../shared/export/index.ts';

const ctx = {
  accountName: (id: string) => (id === 'A1' ? '北京宏远科技有限公司' : undefined),
  roleLabel: (role: string) => (role === 'decisionMaker' ? 'Decision maker' : role),
};

/** Every card of a .vcf file, as an address book reads it. */
const cards = (vcf: string) => {
  const parsed = ICAL.parse(vcf);
  const list = (Array.isArray(parsed[0]) ? parsed : [parsed]) as unknown[];
  return list.map((jcard) => new ICAL.Component(jcard as unknown[]));
};

describe('contacts as vCard 4.0', () => {
  it('writes one card per contact with name, organisation, title, e-mails, phones and roles, that reads back as written', () => {
    const vcf = contactsVcf(
      [
        {
          id: 'C1',
          accountId: 'A1',
          name: '王小明',
          title: 'CTO, R&D; Beijing\nHQ',
          emails: ['xm@hongyuan.cn', 'wang@hy-tech.com'],
          phones: ['+86 10 1234 5678'],
          roles: ['decisionMaker', 'user'],
        },
        { id: 'C2', accountId: 'A2', name: 'Jane Doe', emails: [], phones: [], roles: [] },
      ],
      ctx,
    );
    expect(vcf.startsWith('BEGIN:VCARD\r\nVERSION:4.0\r\n')).toBe(true);
    const [xm, jane, ...rest] = cards(vcf);
    expect(rest).toEqual([]);
    expect(xm?.getFirstPropertyValue('fn')).toBe('王小明');
    expect(xm?.getFirstPropertyValue('org')).toBe('北京宏远科技有限公司');
    expect(xm?.getFirstPropertyValue('title')).toBe('CTO, R&D; Beijing\nHQ');
    expect(xm?.getAllProperties('email').map((p) => p.getFirstValue())).toEqual([
      'xm@hongyuan.cn',
      'wang@hy-tech.com',
    ]);
    expect(xm?.getFirstProperty('email')?.getParameter('pref')).toBe('1');
    expect(xm?.getFirstPropertyValue('tel')).toBe('+86 10 1234 5678');
    expect(xm?.getFirstProperty('categories')?.getValues()).toEqual(['Decision maker', 'user']);
    expect(xm?.getFirstPropertyValue('uid')).toBe('account-lens:contact:C1');
    expect(jane?.getFirstPropertyValue('fn')).toBe('Jane Doe');
    expect(jane?.getFirstProperty('org')).toBeNull();
  });

  it('writes nothing for no contacts', () => {
    expect(contactsVcf([], ctx)).toBe('');
  });
});
