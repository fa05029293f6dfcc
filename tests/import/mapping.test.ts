import { existsSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  detectEntity,
  IMPORT_ENTITIES,
  IMPORT_FIELDS,
  mapColumns,
  normaliseHeader,
} from '../../shared/import/index.ts';
import { formatScore, readCases, scoreMapping } from './score.ts';

const DEV = new URL('./dev-mapping-cases.json', import.meta.url).pathname;
const HELD_OUT = new URL('./heldout/mapping-cases.json', import.meta.url).pathname;

describe("reading an export's headers", () => {
  it('compares headers whatever their case, width, punctuation and units', () => {
    expect(normaliseHeader(' E-mail Address ')).toEqual({
      main: 'e mail address',
      unit: undefined,
    });
    expect(normaliseHeader('金额（元）')).toEqual({ main: '金额', unit: '元' });
    expect(normaliseHeader('Deal - Expected close date')).toEqual({
      main: 'deal expected close date',
      unit: undefined,
    });
    expect(normaliseHeader('ＡＭＯＵＮＴ (EUR)')).toEqual({ main: 'amount', unit: 'eur' });
  });

  it('maps each field from at most one column, and only fields of the kind of rows', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...IMPORT_ENTITIES),
        fc.array(
          fc.oneof(
            fc.string({ unit: 'grapheme', maxLength: 40 }),
            fc.constantFrom('Name', 'Email', 'E-mail', '邮箱', 'Company', 'Amount', 'Date', '金额'),
          ),
          { maxLength: 30 },
        ),
        (entity, headers) => {
          const mapped = mapColumns(entity, headers);
          expect(mapped.map((c) => c.header)).toEqual(headers);
          const fields = mapped.flatMap((c) => (c.field === null ? [] : [c.field]));
          expect(new Set(fields).size).toBe(fields.length);
          for (const f of fields) expect(IMPORT_FIELDS[entity]).toContain(f);
          expect(IMPORT_ENTITIES).toContain(detectEntity(headers).entity);
        },
      ),
    );
  });

  it('gives the person the name and the account the company, in a contacts file', () => {
    const mapped = mapColumns('contacts', ['Company Name', 'Name', 'Middle Name', 'Company ID']);
    expect(mapped.map((c) => c.field)).toEqual(['accountName', 'name', null, null]);
    // The rep who owns the row is neither the person nor the company.
    const owned = mapColumns('contacts', [
      'First Name',
      'Last Name',
      'Contact Owner',
      'Account Owner',
    ]);
    expect(owned.map((c) => c.field)).toEqual(['firstName', 'lastName', null, null]);
  });

  it("maps the developer's tuning cases (HubSpot, Outlook, Google, Pipedrive, Salesforce, Chinese CRM and ERP)", () => {
    const score = scoreMapping(readCases(DEV));
    expect(score.misses, formatScore('dev', score)).toEqual([]);
  });

  // Written by someone who had not seen the mapping code, before it was run on them; never used
  // to tune it (tests/import/heldout/README.md). The floor guards against regressions only.
  it.runIf(existsSync(HELD_OUT))(
    'maps held-out exports at least as well as when first scored',
    () => {
      const score = scoreMapping(readCases(HELD_OUT));
      console.log(formatScore('held-out', score).split('\n')[0]);
      expect(score.columnsRight / score.columns).toBeGreaterThanOrEqual(HELD_OUT_FLOOR.columns);
      expect(score.entitiesRight / score.cases).toBeGreaterThanOrEqual(HELD_OUT_FLOOR.entities);
    },
  );
});

/**
 * The first score of the held-out set, with the mapping code as committed before the set was
 * read (f82b7ea): 643 of 671 columns right (95.8 %), the kind of rows of 46 of 47 files. With
 * no mapping at all, 361 of 671 (the columns nobody imports) would be right. After an owner
 * column stopped naming a person (found on the developer's Salesforce fixture): still 643.
 */
const HELD_OUT_FLOOR = { columns: 0.95, entities: 0.95 };
