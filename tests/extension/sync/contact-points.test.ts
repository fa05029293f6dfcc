import 'fake-indexeddb/auto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { saveCapture } from '../../../extension/capture/save.ts';
import type { AccountLensDB } from '../../../extension/db/database.ts';
import { createRow, type WriteContext, writeRow } from '../../../extension/db/write.ts';
import { setLanguage } from '../../../extension/i18n/index.ts';
import { clientIdOf, joinTeam } from '../../../extension/sync/index.ts';
import { Browser, nodeFetch, SyncServer } from './helpers.ts';

let server: SyncServer;
let team: ReturnType<SyncServer['team']>;
const open: Browser[] = [];

beforeAll(async () => {
  server = await SyncServer.start();
});
beforeEach(() => {
  setLanguage('en');
  team = server.team();
});
afterAll(() => server.close());
afterEach(async () => {
  for (const b of open.splice(0)) await b.close();
  setLanguage('auto');
});

async function joined(): Promise<Browser> {
  const b = new Browser();
  open.push(b);
  await joinTeam(b.db, nodeFetch, {
    serverUrl: `${server.url}/`,
    inviteCode: team.invite(),
    deviceName: 'laptop',
  });
  return b;
}

async function writer(db: AccountLensDB): Promise<WriteContext> {
  return { db, clientId: await clientIdOf(db) };
}

describe('shared mailboxes and lines between two browsers', () => {
  it('captured in one browser, shown in the other; removed there, gone in the first', async () => {
    const alice = await joined();
    const bob = await joined();
    const saved = await saveCapture(await writer(alice.db), {
      target: {
        kind: 'new',
        name: 'Northwind Robotics GmbH',
        domains: 'northwind-robotics.de',
        phone: '',
        address: '',
      },
      rows: [],
      contactPoints: [
        { key: 'p0', email: 'info@northwind-robotics.de', label: 'General enquiries' },
        { key: 'p1', phone: '+49 89 1234 5600' },
      ],
      sourceUrl: 'https://www.northwind-robotics.de/en/team',
      capturedAt: Date.now(),
    });
    await alice.client.sync();
    await bob.client.sync();
    expect((await bob.db.accounts.get(saved.accountId))?.contactPoints).toEqual([
      { email: 'info@northwind-robotics.de', label: 'General enquiries' },
      { phone: '+49 89 1234 5600' },
    ]);

    // The side panel's remove button: the list written without the point.
    const account = await bob.db.accounts.get(saved.accountId);
    await writeRow(await writer(bob.db), 'accounts', saved.accountId, {
      contactPoints: (account?.contactPoints ?? []).filter((p) => p.phone === undefined),
    });
    await bob.client.sync();
    await alice.client.sync();
    expect((await alice.db.accounts.get(saved.accountId))?.contactPoints).toEqual([
      { email: 'info@northwind-robotics.de', label: 'General enquiries' },
    ]);
  });

  it('an account written without any arrives with an empty list', async () => {
    const alice = await joined();
    const bob = await joined();
    const acct = await createRow(await writer(alice.db), 'accounts', { name: 'Plain Ltd' });
    await alice.client.sync();
    await bob.client.sync();
    expect((await bob.db.accounts.get(acct.id))?.contactPoints).toEqual([]);
  });
});
