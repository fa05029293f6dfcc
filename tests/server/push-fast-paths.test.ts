/**
 * The push path's shortcuts answer exactly as the schemas they stand in for: exactPushRequest
 * as PushRequest, parseWholeRow as parseMutationFields then parseRow, and loadedFromColumns's
 * direct checks as its schemas. Each shortcut may decline anything (the schema then decides, as
 * before); what it accepts, the schema must accept, with an equal result. Checked over the
 * fuzz's push bodies (tests/fuzz/arbitraries.ts), well-formed and hostile alike.
 */
import fc from 'fast-check';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { loadedFromColumns } from '../../server/store/rows.ts';
import {
  CLIENT_TABLES,
  type ClientTable,
  exactPushRequest,
  formatHlc,
  PushRequest,
  parseMutationFields,
  parsePushRequest,
  parseRow,
  parseWholeRow,
  ValidationError,
} from '../../shared/index.ts';
import { type FuzzTargets, ROUTE_FUZZERS, writeJson } from '../fuzz/arbitraries.ts';

const members = [ulid(), ulid(), ulid()];
const targets: FuzzTargets = {
  teamId: ulid(),
  teamName: 'Fast paths',
  adminToken: 'admin-token',
  memberToken: 'member-token',
  revokedToken: 'revoked-token',
  adminId: members[0] as string,
  memberId: members[1] as string,
  memberIds: members,
  inviteCodes: ['invite-code-1'],
  foreignTeamId: ulid(),
  foreignIds: [ulid(), ulid()],
};
const NOW = Date.now();
const pushBody = ROUTE_FUZZERS['POST /v1/sync/push']?.body;
if (!pushBody) throw new Error('the fuzz has no push body');

/** A push body as the route receives it: JSON text parsed, or undefined if it is not JSON. */
const bodies = pushBody(targets, NOW, targets.memberId).map((json): unknown => {
  try {
    return JSON.parse(writeJson(json));
  } catch {
    return undefined;
  }
});

const isClientTable = (t: unknown): t is ClientTable =>
  (CLIENT_TABLES as readonly unknown[]).includes(t);

/** parseMutationFields then parseRow, as a push checks a new row without the shortcut. */
function checkedFieldByField(
  table: ClientTable,
  id: string,
  fields: Record<string, unknown>,
): Record<string, unknown> | undefined {
  try {
    const parsed = parseMutationFields(table, fields);
    parseRow(table, id, parsed);
    return parsed;
  } catch (error) {
    if (error instanceof ValidationError) return undefined;
    throw error;
  }
}

describe('the push shortcuts agree with the schemas', () => {
  it('exactPushRequest accepts only what PushRequest accepts, and returns what it returns', () => {
    let taken = 0;
    let valid = 0;
    fc.assert(
      fc.property(bodies, (body) => {
        const exact = exactPushRequest(body);
        const schema = PushRequest.safeParse(body);
        if (schema.success) valid++;
        if (exact === undefined) return;
        taken++;
        expect(schema.success).toBe(true);
        expect(exact).toEqual(schema.data);
        expect(parsePushRequest(body)).toBe(exact);
      }),
      { numRuns: 300 },
    );
    // The shortcut is what well-formed pushes take: a browser's shape, not only a corner of it.
    expect(taken).toBeGreaterThan(valid / 2);
  });

  it('parseWholeRow accepts only whole valid rows, with the values field-by-field parsing gives', () => {
    let whole = 0;
    fc.assert(
      fc.property(bodies, (body) => {
        const push = PushRequest.safeParse(body);
        if (!push.success) return;
        for (const m of push.data.mutations) {
          if (!isClientTable(m.table)) continue;
          const fast = parseWholeRow(m.table, m.id, m.fields);
          const slow = checkedFieldByField(m.table, m.id, m.fields);
          if (fast === undefined) continue;
          whole++;
          expect(slow).toBeDefined();
          expect(fast).toEqual(slow);
          // A new row of these fields needs no second check: it passes the row's schema again.
          expect(() => parseRow(m.table, m.id, fast)).not.toThrow();
        }
      }),
      { numRuns: 300 },
    );
    expect(whole).toBeGreaterThan(0);
  });

  it('loadedFromColumns reads the columns both stores write, and refuses what its schemas refuse', () => {
    const hlc = formatHlc(NOW, 0, 'browser');
    const good = {
      fields: JSON.stringify({ kind: 'call', body: 'Hello', at: NOW }),
      stamps: JSON.stringify({ kind: hlc, body: hlc, at: hlc }),
      bases: JSON.stringify({ body: hlc }),
      history: JSON.stringify({ body: { texts: [hlc], builtOn: [] } }),
      owner_id: null,
    };
    expect(loadedFromColumns('R', good)).toEqual({
      row: {
        id: 'R',
        fields: { kind: 'call', body: 'Hello', at: NOW },
        stamps: { kind: hlc, body: hlc, at: hlc },
        bases: { body: hlc },
        history: { body: { texts: [hlc], builtOn: [] } },
      },
      ownerId: null,
    });
    expect(loadedFromColumns('R', { ...good, bases: null, history: null, owner_id: 'M' })).toEqual({
      row: { id: 'R', fields: JSON.parse(good.fields), stamps: JSON.parse(good.stamps) },
      ownerId: 'M',
    });
    // What the schemas would drop, they still drop: a `__proto__` field, a history's extra key.
    expect(loadedFromColumns('R', { ...good, fields: '{"__proto__":1,"a":2}' }).row.fields).toEqual(
      { a: 2 },
    );
    const extra = JSON.stringify({ body: { texts: [], builtOn: [], x: 1 } });
    expect(loadedFromColumns('R', { ...good, history: extra }).row.history).toEqual({
      body: { texts: [], builtOn: [] },
    });
    // And what they refuse, they refuse.
    for (const bad of [
      { ...good, fields: '[]' },
      { ...good, stamps: '{"a":1}' },
      { ...good, history: '{"body":{"texts":[1],"builtOn":[]}}' },
      { ...good, owner_id: undefined },
      { ...good, stamps: null },
    ]) {
      expect(() => loadedFromColumns('R', bad)).toThrow();
    }
  });
});
