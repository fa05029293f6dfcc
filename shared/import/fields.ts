/**
 * What an imported column can become: per kind of row (an entity), the fields a column maps
 * to. A column that maps to none of them is left out of the import (and shown as such).
 * The names are the import's vocabulary, not the schema's: `website` becomes the account's
 * domains, `accountName` finds the account a contact, deal or order belongs to, a date in
 * `lostAt` marks a deal lost on that day while `stage` keeps the stage it was lost in.
 */
export const IMPORT_FIELDS = {
  accounts: [
    'name',
    'website',
    'industry',
    'address',
    'phone',
    'owner',
    'revenue12m',
    'potentialRevenue',
    'shareOfWallet',
    'tier',
    'tierReason',
  ],
  contacts: [
    'name',
    'firstName',
    'lastName',
    'honorifics',
    'title',
    'email',
    'phone',
    'mobile',
    'accountName',
    'website',
    'roles',
    'attitude',
  ],
  opportunities: [
    'name',
    'accountName',
    'stage',
    'amount',
    'currency',
    'expectedClose',
    'owner',
    'nextStep',
    'lostAt',
  ],
  orders: ['accountName', 'date', 'amount', 'currency'],
} as const;

export type ImportEntity = keyof typeof IMPORT_FIELDS;
export type ImportField<E extends ImportEntity = ImportEntity> = (typeof IMPORT_FIELDS)[E][number];
export const IMPORT_ENTITIES = Object.keys(IMPORT_FIELDS) as ImportEntity[];
