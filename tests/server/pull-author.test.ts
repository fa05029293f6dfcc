import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pullFromDb, pullPage } from '../../server/store/pull.ts';
import { authorOf } from '../../server/store/rows.ts';
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

    // Both pull paths (the recent-changes window and SQLite) say the same.
    const fromDb = JSON.parse(pullFromDb(server.db, teamId, alice.member.memberId, 0, 100).json);
    const fromWindow = JSON.parse(pullPage(server.db, teamId, alice.member.memberId, 0, 100).json);
    expect(fromWindow).toEqual(fromDb);
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
