/**
 * Several server processes on one PostgreSQL, as a host behind a load balancer runs them:
 * clients spread across instances converge, events cross instances, teams stay apart, and the
 * faults a host meets (an instance killed mid-push, the database going away under load) cost
 * retries, never an acknowledged write or a crashed instance.
 */
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../server/store/open.ts';
import type { Store } from '../../server/store/store.ts';
import { DEFAULT_SETTINGS, PushResponse } from '../../shared/index.ts';
import { type ChildServer, spawnServer } from './child.ts';
import {
  account,
  Client,
  EventReader,
  inviteCode,
  join,
  note,
  visible,
  waitFor,
} from './helpers.ts';
import { PgProxy } from './pg-proxy.ts';
import { freshPostgresUrl } from './postgres-db.ts';

const PG = { host: '127.0.0.1', port: 5432 };

interface Setup {
  readonly url: string;
  readonly store: Store;
  readonly proxy: PgProxy;
  readonly instances: ChildServer[];
  readonly drop: () => Promise<void>;
}

async function setUp(count: number): Promise<Setup> {
  const db = await freshPostgresUrl();
  const store = await openStore({ kind: 'postgres', url: db.url });
  const proxy = await PgProxy.start(PG);
  const env = { DATABASE_URL: proxy.rewrite(db.url), RATE_LIMIT: '0' };
  const instances = await Promise.all(
    Array.from({ length: count }, () => spawnServer('serve', env)),
  );
  return { url: db.url, store, proxy, instances, drop: db.drop };
}

async function tearDown(s: Setup | undefined): Promise<void> {
  if (!s) return;
  for (const i of s.instances) i.child.kill('SIGKILL');
  await Promise.all(s.instances.map((i) => i.exited));
  await s.proxy.stop();
  await s.store.close();
  await s.drop();
}

/** A member of a new team joined through `instance`: the invite is spent wherever it lands. */
async function member(store: Store, teamId: string, instance: ChildServer, name: string) {
  return new Client(instance.url, await join(instance.url, await inviteCode(store, teamId), name));
}

/**
 * Push until acknowledged, as a browser's outbox does: the same mutations again and again, on
 * the instances in turn. Every refusal is counted in `refused` as it happens, with its status.
 */
async function pushUntilAcked(
  clients: readonly Client[],
  start: number,
  mutations: readonly { mutationId: string }[],
  refused: number[],
): Promise<void> {
  const giveUp = Date.now() + 60_000;
  for (let attempt = 0; ; attempt++) {
    const client = clients[(start + attempt) % clients.length] as Client;
    const res = await client
      .request('POST', '/v1/sync/push', { clientId: client.clientId, mutations })
      .catch(() => ({ status: 0, body: undefined }));
    if (res.status === 200) {
      expect(PushResponse.parse(res.body).acked).toEqual(mutations.map((m) => m.mutationId));
      return;
    }
    refused.push(res.status);
    if (Date.now() > giveUp) throw new Error(`still refused after 60 s: ${res.status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each([2, 3])('%i server instances on one PostgreSQL', (count) => {
  let s: Setup | undefined;
  beforeAll(async () => {
    s = await setUp(count);
  }, 60_000);
  afterAll(() => tearDown(s), 30_000);

  it('clients spread across the instances converge, concurrent edits included', async () => {
    const { store, instances } = s as Setup;
    const team = await store.createTeam('Spread team', DEFAULT_SETTINGS, Date.now());
    const clients: Client[] = [];
    for (let i = 0; i < count * 2; i++) {
      clients.push(await member(store, team.id, instances[i % count] as ChildServer, `rep ${i}`));
    }
    const shared = Array.from({ length: 5 }, () => ulid());
    await Promise.all(
      clients.map(async (c, i) => {
        for (let round = 0; round < 5; round++) {
          await c.push([
            // Everyone edits the same five accounts: the same winner must come out everywhere.
            ...shared.map((id) => c.mutation('accounts', id, account(`shared ${i}.${round}`))),
            c.mutation('notes', ulid(), note(c.member.memberId, `note ${i}.${round}`)),
          ]);
        }
      }),
    );
    await Promise.all(clients.map((c) => c.sync()));
    const first = visible(clients[0] as Client);
    for (const c of clients) expect(visible(c)).toBe(first);
    expect((clients[0] as Client).rowsOf('notes')).toHaveLength(clients.length * 5);
  });

  it("a push on one instance fires the event stream of a teammate on every other, and no other team's", async () => {
    const { store, instances } = s as Setup;
    const team = await store.createTeam('Event team', DEFAULT_SETTINGS, Date.now());
    const other = await store.createTeam('Other team', DEFAULT_SETTINGS, Date.now());
    const writer = await member(store, team.id, instances[0] as ChildServer, 'writer');
    const readers = await Promise.all(
      instances.map((i, n) => member(store, team.id, i, `reader ${n}`)),
    );
    const outsider = await member(store, other.id, instances[count - 1] as ChildServer, 'outsider');
    const streams = await Promise.all(readers.map((r) => EventReader.open(r.url, r.member.token)));
    const outsiderStream = await EventReader.open(outsider.url, outsider.member.token);
    // Each stream opens with the team's seq: wait for it before pushing.
    for (const st of streams) await waitFor(() => st.events.length > 0, 5_000, 'first event');
    await waitFor(() => outsiderStream.events.length > 0, 5_000, 'outsider first event');
    const outsiderBefore = outsiderStream.events.length;

    const id = ulid();
    await writer.push([writer.mutation('accounts', id, account('Seen everywhere'))]);
    for (const [n, st] of streams.entries()) {
      await waitFor(
        () => st.events.some((e) => (JSON.parse(e.data) as { seq: number }).seq > 0),
        5_000,
        `event on instance ${n}`,
      );
    }
    for (const r of readers) {
      await r.sync();
      expect(r.row('accounts', id)?.fields.name).toBe('Seen everywhere');
    }
    await outsider.sync();
    expect(outsider.row('accounts', id)).toBeUndefined();
    expect(outsiderStream.events.length).toBe(outsiderBefore);
    for (const st of [...streams, outsiderStream]) await st.close();
  });
});

describe('faults with three instances on one PostgreSQL', () => {
  let s: Setup | undefined;
  let teamId = '';
  beforeAll(async () => {
    s = await setUp(3);
    teamId = (await s.store.createTeam('Fault team', DEFAULT_SETTINGS, Date.now())).id;
  }, 60_000);
  afterAll(() => tearDown(s), 30_000);

  it('an instance killed mid-push loses nothing acknowledged; the retry on another applies once', async () => {
    const setup = s as Setup;
    const survivor = setup.instances[0] as ChildServer;
    const reader = await member(setup.store, teamId, survivor, 'reader');
    const expected = new Map<string, string>();
    for (let round = 0; round < 3; round++) {
      const victim = await spawnServer('serve', {
        DATABASE_URL: setup.proxy.rewrite(setup.url),
        RATE_LIMIT: '0',
      });
      const client = await member(setup.store, teamId, victim, `victim client ${round}`);
      // Notes: they start no segmentation, so nothing but these pushes moves the team's seq.
      const author = client.member.memberId;
      // Acknowledged by the victim before it dies: must survive it.
      const before = Array.from({ length: 50 }, (_, i) => {
        const id = ulid();
        expected.set(id, `acked ${round}.${i}`);
        return client.mutation('notes', id, note(author, `acked ${round}.${i}`));
      });
      await client.push(before);
      // In flight when the process is killed: committed or not, the retry settles it.
      const inFlight = Array.from({ length: 1_000 }, (_, i) => {
        const id = ulid();
        expected.set(id, `in flight ${round}.${i}`);
        return client.mutation('notes', id, note(author, `in flight ${round}.${i}`));
      });
      const cut = client.push(inFlight).then(
        () => 'acknowledged',
        () => 'cut off',
      );
      victim.child.kill('SIGKILL');
      await victim.exited;
      const outcome = await cut;
      // All of the push or none of it was committed: never some rows of it.
      const ids = new Set(inFlight.map((m) => m.id));
      const stored = (await setup.store.liveRows(teamId, 'notes')).filter((r) => ids.has(r.id));
      expect([0, inFlight.length]).toContain(stored.length);
      if (outcome === 'acknowledged') expect(stored.length).toBe(inFlight.length);
      const seqBefore = await setup.store.teamSeq(teamId);
      const retry = new Client(survivor.url, client.member, client.clientId);
      expect(await retry.push(inFlight)).toEqual(inFlight.map((m) => m.mutationId));
      // Applied once: a retry of a committed push changes nothing, of a lost one writes it all.
      expect((await setup.store.teamSeq(teamId)) - seqBefore).toBe(inFlight.length - stored.length);
    }
    await reader.sync();
    const bodies = new Map(
      reader.rowsOf('notes').map((r) => [r.id, r.fields.body as string | undefined]),
    );
    for (const [id, body] of expected) expect(bodies.get(id)).toBe(body);
  }, 120_000);

  it('PostgreSQL going away under load: instances stay up, clients retry, nothing acknowledged is lost', async () => {
    const setup = s as Setup;
    const clients = await Promise.all(
      setup.instances.map((i, n) => member(setup.store, teamId, i, `loaded ${n}`)),
    );
    const acked: string[] = [];
    const refused: number[] = [];
    let stop = false;
    const writers = clients.map(async (c, n) => {
      // The same browser, able to reach every instance (a load balancer picks one per request).
      const routes = setup.instances.map((i) => new Client(i.url, c.member, c.clientId));
      while (!stop) {
        const id = ulid();
        const batch = [c.mutation('notes', id, note(c.member.memberId, `under load ${id}`))];
        await pushUntilAcked(routes, n, batch, refused);
        acked.push(id);
      }
    });
    const listener = clients[2] as Client;
    for (let outage = 0; outage < 2; outage++) {
      const before = acked.length;
      await waitFor(() => acked.length >= before + 20, 20_000, 'pushes before the outage');
      await setup.proxy.cut();
      const refusedBefore = refused.length;
      await waitFor(
        () => refused.length > refusedBefore,
        20_000,
        'a push refused while the database is away',
      );
      await setup.proxy.back();
      const after = acked.length;
      await waitFor(() => acked.length >= after + 20, 30_000, 'pushes after the database is back');
    }
    stop = true;
    await Promise.all(writers);
    // Refused as unavailable, to be tried again: never a crash, never a request blamed on the client.
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.filter((status) => status !== 503)).toEqual([]);
    for (const i of setup.instances) expect(i.child.exitCode).toBeNull();

    // Events still cross instances once the database is back (each listener reconnected).
    const stream = await EventReader.open(listener.url, listener.member.token);
    await waitFor(() => stream.events.length > 0, 5_000, 'first event after the outages');
    const seen = stream.events.length;
    const writer = clients[0] as Client;
    await writer.push([writer.mutation('accounts', ulid(), account('After the outages'))]);
    await waitFor(() => stream.events.length > seen, 5_000, 'an event from another instance');
    await stream.close();

    await listener.sync();
    const bodies = new Set(listener.rowsOf('notes').map((r) => r.id));
    for (const id of acked) expect(bodies.has(id)).toBe(true);
  }, 180_000);
});
