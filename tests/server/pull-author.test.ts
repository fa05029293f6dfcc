import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PULL_CACHE_BYTES, pullFromDb, pullPage } from '../../server/store/pull.ts';
import { authorOf } from '../../server/store/rows.ts';
import { SqliteStore } from '../../server/store/sqlite-store.ts';
import {
  account,
  type Client,
  makeTeamOfTwo,
  startTestServer,
  type TestServer,
} from './helpers.ts';

describe('a pulled row names the browser that wrote all of it', () => {
  let server: TestServer;
  let teamId: string;
  let alice: Client;
  let bob: Client;

  beforeAll(async () => {
    server = await startTestServer();
    ({ teamId, admin: alice, rep: bob } = await makeTeamOfTwo(server, 'Authors'));
  });
  afterAll(() => server.close());

  it('a row one browser wrote wholly carries its client id as `by`, until another browser writes a field of it', async () => {
    const id = ulid();
    await alice.push([alice.mutation('accounts', id, account('Solo GmbH'))]);
    await alice.push([alice.mutation('accounts', id, { industry: 'Pumps' })]);
    await bob.sync();
    expect(bob.row('accounts', id)?.by).toBe(alice.clientId);

    await bob.push([bob.mutation('accounts', id, { phone: '+49 30 1234' })]);
    await bob.sync();
    expect(bob.row('accounts', id)?.by).toBeUndefined();

    // Both pull paths (the recent-changes window and the database) say the same, once the
    // team's segmentation has written its insight (seq 4): it lands after the pushes, and one
    // path read before it and the other after would differ by it.
    await expect
      .poll(() => server.store.teamSeq(teamId), { timeout: 10_000 })
      .toBeGreaterThanOrEqual(4);
    const memberId = alice.member.memberId;
    if (server.store instanceof SqliteStore) {
      const db = server.store.db;
      const fromDb = JSON.parse(pullFromDb(db, teamId, memberId, 0, 100).json);
      const fromWindow = JSON.parse(pullPage(db, teamId, memberId, 0, 100).json);
      expect(fromWindow).toEqual(fromDb);
    } else {
      // The store's own pull, with its window and then with the cache off (from the database).
      const page = async () =>
        JSON.parse((await server.store.pullPage(teamId, memberId, 0, 100)).json);
      const fromWindow = await page();
      server.store.setPullCacheBudget(0);
      try {
        expect(fromWindow).toEqual(await page());
      } finally {
        server.store.setPullCacheBudget(DEFAULT_PULL_CACHE_BYTES);
      }
    }
  });

  it('the browser that wrote a row wholly gets it back without its fields when it says who it is', async () => {
    const own = ulid();
    const shared = ulid();
    await alice.push([
      alice.mutation('accounts', own, account('Own AG')),
      alice.mutation('accounts', shared, account('Shared AG')),
    ]);
    await bob.push([bob.mutation('accounts', shared, { industry: 'Valves' })]);
    for (const path of [
      '/v1/sync/pull?cursor=0',
      `/v1/sync/pull?cursor=0&mine=${alice.clientId}`,
    ]) {
      const res = await alice.request('GET', path);
      expect(res.status).toBe(200);
      const rows = (
        res.body as { rows: { table: string; id: string; fields: object; by?: string }[] }
      ).rows;
      const mine = path.includes('mine');
      expect(rows.find((r) => r.table === 'accounts' && r.id === own)).toMatchObject({
        by: alice.clientId,
        fields: mine ? {} : { name: 'Own AG' },
      });
      expect(rows.find((r) => r.table === 'accounts' && r.id === shared)?.fields).toMatchObject({
        name: 'Shared AG',
        industry: 'Valves',
      });
    }
    // Bob asking as himself gets Alice's row whole.
    const res = await bob.request('GET', `/v1/sync/pull?cursor=0&mine=${bob.clientId}`);
    const rows = (res.body as { rows: { table: string; id: string; fields: object }[] }).rows;
    expect(rows.find((r) => r.table === 'accounts' && r.id === own)?.fields).toMatchObject({
      name: 'Own AG',
    });
  });

  it('a field written again by its only writer keeps the row theirs; the server’s own rows name the server', () => {
    expect(
      authorOf({ name: '000000000000001:00000:abc', industry: '000000000000002:00000:abc' }),
    ).toBe('abc');
    expect(
      authorOf({ name: '000000000000001:00000:abc', industry: '000000000000002:00000:xyz' }),
    ).toBe(null);
    expect(authorOf({ tier: '000000000000001:00000:server' })).toBe('server');
  });
});
