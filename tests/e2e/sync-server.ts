/**
 * A real sync server for the browser sync tests that can be taken down and brought back: the
 * same port (so the browsers' stored server URL still points at it) and the same SQLite file
 * (so nothing the team pushed before is lost), as an operator restarting it would.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { ulid } from 'ulid';
import { type RunningServer, type ServerOptions, startServer } from '../../server/server.ts';
import type { Store } from '../../server/store/store.ts';
import { DEFAULT_SETTINGS } from '../../shared/index.ts';
import { account, Client, inviteCode, join, type Member } from '../server/helpers.ts';

export interface RestartableServer {
  /** http://127.0.0.1:<port>, the same across restarts. */
  readonly url: string;
  /** The store of the running server (throws while it is down). */
  store(): Store;
  readonly up: boolean;
  /** Take it down: stop accepting, end the event streams, close the database. */
  stop(): Promise<void>;
  /** Bring it back on the same port over the same database file. */
  start(): Promise<void>;
  /** Stop it (if up) and delete its folder. */
  dispose(): Promise<void>;
}

export async function startRestartableServer(): Promise<RestartableServer> {
  const dir = mkdtempSync(joinPath(tmpdir(), 'al-sync-e2e-'));
  const options = (port: number): ServerOptions => ({
    config: {
      port,
      host: '127.0.0.1',
      databasePath: joinPath(dir, 'account-lens.db'),
      corsOrigins: [],
      rateLimit: { perSecond: 0, burst: 0 },
      logLevel: 'silent',
    },
    segmentation: { debounceMs: 20, maxWaitMs: 200, refreshEveryMs: 0, worker: false },
    drainMs: 1_000,
  });
  let running: RunningServer | undefined = await startServer(options(0));
  const port = running.port;
  const url = running.url;
  return {
    url,
    get up() {
      return running !== undefined;
    },
    store() {
      if (!running) throw new Error('the server is down');
      return running.store;
    },
    async stop() {
      const r = running;
      running = undefined;
      await r?.close();
    },
    async start() {
      if (running) return;
      running = await startServer(options(port));
    },
    async dispose() {
      const r = running;
      running = undefined;
      await r?.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface SeededTeam {
  readonly teamId: string;
  readonly teamName: string;
  readonly accountId: string;
  /** The third member who pushed the account: reads the server's side of the team. */
  readonly seeder: Member;
  /** One member invite per browser, redeemed through each browser's options page. */
  readonly invites: readonly string[];
}

/**
 * A team, an account with the given domain pushed by a third member (a Node client speaking the
 * sync protocol, as another rep's browser would), and `browsers` invite codes.
 */
export async function seedTeam(
  server: RestartableServer,
  fields: { teamName: string; accountName: string; domain: string; browsers: number },
): Promise<SeededTeam> {
  const store = server.store();
  const team = await store.createTeam(fields.teamName, DEFAULT_SETTINGS, Date.now());
  const seeder = await join(
    server.url,
    await inviteCode(store, team.id, 'admin'),
    'seeding laptop',
  );
  const accountId = ulid();
  const writer = new Client(server.url, seeder);
  await writer.push([
    writer.mutation(
      'accounts',
      accountId,
      account(fields.accountName, { domains: [fields.domain] }),
    ),
  ]);
  const invites: string[] = [];
  for (let i = 0; i < fields.browsers; i++) invites.push(await inviteCode(store, team.id));
  return { teamId: team.id, teamName: fields.teamName, accountId, seeder, invites };
}
