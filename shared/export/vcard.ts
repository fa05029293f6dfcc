import ICAL from 'ical.js';
import type { Contact } from '../schema/entities.ts';

/** What a card says beside the contact's own fields: the account's name, the roles in words. */
export interface VcardContext {
  /** The account a contact belongs to, by id: its name goes into ORG. */
  readonly accountName: (accountId: string) => string | undefined;
  /** A buying role as the rep reads it ("Decision maker", "决策者"): the card's CATEGORIES. */
  readonly roleLabel: (role: Contact['roles'][number]) => string;
}

type CardContact = Pick<
  Contact,
  'id' | 'accountId' | 'name' | 'title' | 'emails' | 'phones' | 'roles' | 'profileUrl'
>;

/**
 * Contacts as vCard 4.0 (RFC 6350), one card each, for Outlook, Google Contacts and a phone's
 * address book. Written by ical.js, which escapes what the format needs (commas, semicolons,
 * line breaks in a title). FN holds the name as written; N is left out, since a name cannot be
 * split into family and given names without knowing its culture ("王小明" has no space).
 */
export function contactsVcf(contacts: readonly CardContact[], ctx: VcardContext): string {
  const cards = contacts.map((contact) => {
    const card = new ICAL.Component('vcard');
    card.addPropertyWithValue('version', '4.0');
    card.addPropertyWithValue('fn', contact.name);
    const org = ctx.accountName(contact.accountId);
    if (org) card.addPropertyWithValue('org', org);
    if (contact.title) card.addPropertyWithValue('title', contact.title);
    contact.emails.forEach((email, i) => {
      const property = card.addPropertyWithValue('email', email);
      property.setParameter('type', 'work');
      if (i === 0) property.setParameter('pref', '1');
    });
    for (const phone of contact.phones) {
      const property = card.addPropertyWithValue('tel', phone);
      // As written by the rep or capture: text, not a tel: URI that would need it normalised.
      property.setParameter('value', 'text');
      property.setParameter('type', 'work');
    }
    if (contact.roles.length > 0) {
      const property = new ICAL.Property('categories');
      property.setValues(contact.roles.map((r) => ctx.roleLabel(r)));
      card.addProperty(property);
    }
    if (contact.profileUrl) card.addPropertyWithValue('url', contact.profileUrl);
    const uid = card.addPropertyWithValue('uid', `account-lens:contact:${contact.id}`);
    uid.setParameter('value', 'text');
    return card.toString();
  });
  return cards.length === 0 ? '' : `${cards.join('\r\n')}\r\n`;
}
