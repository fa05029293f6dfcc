import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../server/store/sqlite-store.ts';
import { DEFAULT_SETTINGS } from '../../shared/index.ts';
import { type ChildServer, spawnServer } from './child.ts';
import { account, Client, inviteCode, join as joinTeam, type Member } from './helpers.ts';

const CYCLES = 10;

// SQLite only (vitest.config.ts): what survives a SIGKILL here is the SQLite file's WAL.

describe('no acknowledged write is lost when the server is killed', () => {
  let dir: string;
  let env: Record<string, string>;
  let code: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'al-crash-'));
    env = { DATA_DIR: dir };
    const store = SqliteStore.open(join(dir, 'account-lens.db'));
    try {
      const team = await store.createTeam('Crash team', DEFAULT_SETTINGS, Date.now());
      code = await inviteCode(store, team.id, 'admin');
    } finally {
      await store.close();
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`SIGKILL in the middle of a stream of pushes, ${CYCLES} times: every acknowledged mutation survives`, async () => {
    const acked = new Map<string, string>(); // account id → name, for every acknowledged push
    let member: Member | undefined;
    type Batch = { id: string; m: ReturnType<Client['mutation']> }[];
    let unacked: Batch[] = [];
    const ackBatch = (batch: Batch) => {
      for (const b of batch) acked.set(b.id, `Account ${b.id}`);
    };

    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const server: ChildServer = await spawnServer('serve', env);
      member ??= await joinTeam(server.url, code, 'crash laptop');
      const client = new Client(server.url, member, 'crashclient');

      // Batches that were in flight when the last server died are retried: acknowledged now.
      for (const batch of unacked) {
        expect(await client.push(batch.map((b) => b.m))).toEqual(batch.map((b) => b.m.mutationId));
        ackBatch(batch);
      }
      unacked = [];

      // Two writers push batches back to back until the kill lands mid-stream.
      let killed = false;
      const writer = async () => {
        while (!killed) {
          const batch: Batch = Array.from({ length: 25 }, () => {
            const id = ulid();
            return {
              id,
              m: client.mutation('accounts', id, account(`Account ${id}`, { revenue12m: 1_000 })),
            };
          });
          const mutations = batch.map((b) => b.m);
          unacked.push(batch);
          try {
            const ids = await client.push(mutations);
            expect(ids).toEqual(mutations.map((m) => m.mutationId));
            ackBatch(batch);
            unacked.splice(unacked.indexOf(batch), 1);
          } catch {
            return; // the server is gone; this batch stays unacknowledged
          }
        }
      };
      const writers = [writer(), writer()];
      const before = acked.size;
      await new Promise((r) => setTimeout(r, 150 + Math.random() * 350));
      killed = true;
      server.child.kill('SIGKILL');
      await server.exited;
      await Promise.all(writers);
      expect(acked.size).toBeGreaterThan(before);
    }

    // A fresh server on the same file holds every acknowledged mutation.
    const server = await spawnServer('serve', env);
    try {
      if (!member) throw new Error('never joined');
      const reader = new Client(server.url, member, 'reader');
      await reader.sync();
      const present = new Map(reader.rowsOf('accounts').map((r) => [r.id, r.fields.name]));
      const missing = [...acked].filter(([id, name]) => present.get(id) !== name);
      expect(missing).toEqual([]);
      expect(acked.size).toBeGreaterThan(CYCLES * 25);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });
});
