import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountInsight } from '../../shared/index.ts';
import {
  account,
  type Client,
  makeTeamOfTwo,
  startTestServer,
  type TestServer,
  waitFor,
} from './helpers.ts';

const insightsOf = (c: Client) =>
  new Map(
    c
      .rowsOf('account_insights')
      .filter((r) => !r.deleted)
      .map((r) => [r.id, AccountInsight.parse({ ...r.fields, id: r.id })]),
  );

describe('the team-wide segmentation arrives as account_insights rows', () => {
  let server: TestServer;
  let admin: Client;
  let rep: Client;
  let teamId: string;
  const ids: string[] = [];

  beforeAll(async () => {
    // The worker thread path, as in production.
    server = await startTestServer({ segmentation: { worker: true } });
    ({ teamId, admin, rep } = await makeTeamOfTwo(server, 'Pyramid team'));
  });
  afterAll(() => server.close());

  it('pushing accounts produces a ranked pyramid every browser pulls', async () => {
    const mutations = [];
    for (let i = 0; i < 10; i++) {
      const id = ulid();
      ids.push(id);
      mutations.push(
        rep.mutation(
          'accounts',
          id,
          account(`Account ${i}`, {
            revenue12m: (i + 1) * 10_000,
            // A rep's override: it must win, and must not be rewritten by every recompute.
            ...(i === 0 ? { tierOverride: { tier: 'key', reason: 'reference customer' } } : {}),
          }),
        ),
      );
    }
    await rep.push(mutations);
    const insights = await waitFor(
      async () => {
        await admin.sync();
        const found = insightsOf(admin);
        return found.size === 10 ? found : undefined;
      },
      10_000,
      'ten insights',
    );
    const top = insights.get(ids[9] ?? '');
    expect(top).toMatchObject({ tier: 'keyStrategic', rank: 1, bookSize: 10 });
    expect(insights.get(ids[1] ?? '')?.tier).toBe('small');
    expect(insights.get(ids[0] ?? '')).toMatchObject({
      tier: 'key',
      tierSource: 'manual',
      tierReason: 'reference customer',
    });
  });

  it('a recompute that changes nothing leaves every seq where it was', async () => {
    await server.segmentation.flush();
    const seq = await server.store.teamSeq(teamId);
    const res = await admin.request('PUT', '/v1/team/settings', {});
    expect(res.status).toBe(200);
    await server.segmentation.flush();
    expect(await server.store.teamSeq(teamId)).toBe(seq);
  });

  it('only an admin can change settings; a change recomputes the tiers', async () => {
    const denied = await rep.request('PUT', '/v1/team/settings', {
      tierShares: { keyStrategic: 0.5, key: 0.2, ordinary: 0.2, small: 0.1 },
    });
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({ error: { code: 'forbidden' } });

    const res = await admin.request('PUT', '/v1/team/settings', {
      tierShares: { keyStrategic: 0.5, key: 0.2, ordinary: 0.2, small: 0.1 },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ settings: { tierShares: { keyStrategic: 0.5 } } });
    const me = await rep.request('GET', '/v1/me');
    expect(me.body).toMatchObject({
      settings: { tierShares: { keyStrategic: 0.5 } },
      member: { role: 'member' },
    });

    await waitFor(
      async () => {
        await rep.sync();
        return [...insightsOf(rep).values()].filter((i) => i.tier === 'keyStrategic').length === 5;
      },
      10_000,
      'five key-strategic accounts',
    );
  });

  it('a deleted account loses its insight', async () => {
    const gone = ids[9] ?? '';
    await rep.push([rep.mutation('accounts', gone, { deleted: true })]);
    await waitFor(
      async () => {
        await admin.sync();
        const row = admin.row('account_insights', gone);
        return row?.deleted === true && insightsOf(admin).size === 9;
      },
      10_000,
      'the tombstoned insight',
    );
  });
});

describe('accounts without value data in the server’s segmentation', () => {
  let server: TestServer;
  let admin: Client;
  let rep: Client;

  beforeAll(async () => {
    server = await startTestServer();
    ({ admin, rep } = await makeTeamOfTwo(server, 'New book'));
  });
  afterAll(() => server.close());

  const insightWhen = async (id: string, test: (i: AccountInsight) => boolean, what: string) =>
    waitFor(
      async () => {
        await admin.sync();
        const insight = insightsOf(admin).get(id);
        return insight && test(insight) ? insight : undefined;
      },
      10_000,
      what,
    );

  it('an account without value data arrives not yet tiered, and moves into the pyramid once it has revenue, and out again', async () => {
    const valued = [ulid(), ulid(), ulid()];
    const bare = ulid();
    await rep.push([
      ...valued.map((id, i) =>
        rep.mutation('accounts', id, account(`V${i}`, { revenue12m: (i + 1) * 100 })),
      ),
      rep.mutation('accounts', bare, account('Nova GmbH')),
    ]);
    const untiered = await insightWhen(
      bare,
      (i) => i.tierSource === 'untiered',
      'an untiered insight',
    );
    expect(untiered).toMatchObject({
      tier: 'small',
      strategy: 'addValueData',
      rank: 4,
      bookSize: 4,
    });
    const tiersOfValued = () => valued.map((id) => insightsOf(admin).get(id)?.tier);
    // Three accounts cut 1 / 0 / 1 / 1, as if the fourth did not exist.
    expect(tiersOfValued()).toEqual(['small', 'ordinary', 'keyStrategic']);

    await rep.push([rep.mutation('accounts', bare, { revenue12m: 1_000 })]);
    const ranked = await insightWhen(bare, (i) => i.tierSource === 'pyramid', 'a pyramid tier');
    expect(ranked).toMatchObject({ tier: 'keyStrategic', rank: 1, strategy: 'dedicatedResources' });

    await rep.push([rep.mutation('accounts', bare, { revenue12m: null })]);
    await insightWhen(bare, (i) => i.tierSource === 'untiered', 'untiered again');
    expect(tiersOfValued()).toEqual(['small', 'ordinary', 'keyStrategic']);
  });
});
