import fc from 'fast-check';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_TABLES } from '../../shared/index.ts';
import { BUILT_IN_NAMES } from '../built-in-names.ts';
import {
  ApiErrorBody,
  account,
  type Client,
  makeTeamOfTwo,
  startTestServer,
  type TestServer,
} from './helpers.ts';

/** Object groups of the team settings, where a patch merges key by key. */
const SETTING_GROUPS = [
  'tierShares',
  'valueWeights',
  'cadenceDays',
  'winRates',
  'complaintResponseHours',
  'relationshipThresholds',
] as const;

// JSON is written by hand: an object literal's `__proto__` key sets its prototype instead.
const objectJson = (entries: readonly (readonly [string, string])[]): string =>
  `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`;

describe('a field or setting named like a built-in property gets a 400 naming it, and nothing is written', () => {
  let server: TestServer;
  let admin: Client;
  let teamId: string;

  beforeAll(async () => {
    server = await startTestServer();
    ({ teamId, admin } = await makeTeamOfTwo(server, 'Built-ins'));
  });
  afterAll(() => server.close());

  it('in any table, at any place in the batch, beside valid fields or alone (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...BUILT_IN_NAMES),
        fc.constantFrom(...CLIENT_TABLES),
        fc.nat({ max: 3 }),
        fc.nat({ max: 2 }),
        fc.jsonValue({ maxDepth: 2 }),
        fc.boolean(),
        async (name, table, before, after, value, withValidField) => {
          const good = () =>
            JSON.stringify(admin.mutation('accounts', ulid(), account(`Good ${ulid()}`)));
          const fields: [string, string][] = withValidField ? [['deleted', 'false']] : [];
          fields.push([name, JSON.stringify(value)]);
          const bad = objectJson([
            ['mutationId', JSON.stringify(ulid())],
            ['table', JSON.stringify(table)],
            ['id', JSON.stringify(ulid())],
            ['hlc', JSON.stringify(admin.clock.tick())],
            ['fields', objectJson(fields)],
          ]);
          const mutations = [
            ...Array.from({ length: before }, good),
            bad,
            ...Array.from({ length: after }, good),
          ];
          const seq = await server.store.teamSeq(teamId);
          const res = await admin.request(
            'POST',
            '/v1/sync/push',
            `{"clientId":"${admin.clientId}","mutations":[${mutations.join(',')}]}`,
          );
          expect(res.status, JSON.stringify(res.body)).toBe(400);
          const { error } = ApiErrorBody.parse(res.body);
          const field = `mutations[${before}].fields.${name}`;
          expect(error).toMatchObject({ code: 'invalid_input', field });
          expect(error.message.startsWith(`${field}: `), error.message).toBe(true);
          // The good mutations around it were not written either.
          expect(await server.store.teamSeq(teamId)).toBe(seq);
        },
      ),
      { numRuns: 80 },
    );
    expect((await fetch(`${server.url}/v1/health`)).status).toBe(200);
  });

  it('in team settings, at the top or inside a group (property)', async () => {
    const settingsNow = async () => (await admin.request('GET', '/v1/me')).body;
    const before = await settingsNow();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...BUILT_IN_NAMES),
        fc.option(fc.constantFrom(...SETTING_GROUPS), { nil: undefined }),
        fc.jsonValue({ maxDepth: 2 }),
        async (name, group, value) => {
          const inner = objectJson([[name, JSON.stringify(value)]]);
          const body = group === undefined ? inner : objectJson([[group, inner]]);
          const res = await admin.request('PUT', '/v1/team/settings', body);
          expect(res.status, JSON.stringify(res.body)).toBe(400);
          const field = group === undefined ? name : `${group}.${name}`;
          expect(ApiErrorBody.parse(res.body).error).toMatchObject({
            code: 'invalid_input',
            field,
            message: `${field}: unknown setting`,
          });
        },
      ),
      { numRuns: 60 },
    );
    expect(await settingsNow()).toEqual(before);
  });
});
