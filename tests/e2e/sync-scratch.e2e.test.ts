import { afterAll, it } from 'vitest';
import { joinThroughOptions, launchRep, notesShown, openAccountPanel, type Rep, syncState, until, writeQuickNote } from './sync-browser.ts';
import { type RestartableServer, seedTeam, startRestartableServer } from './sync-server.ts';

let server: RestartableServer | undefined;
const reps: Rep[] = [];
afterAll(async () => {
  await Promise.all(reps.map((r) => r.browser.close()));
  await server?.dispose();
});

it('recovery vs outage length', { timeout: 600_000 }, async () => {
  server = await startRestartableServer();
  const s = server;
  const team = await seedTeam(s, { teamName: 'T', accountName: 'Acme Robotics', domain: 'acme-robotics.com', browsers: 2 });
  const [a, b] = await Promise.all([launchRep('A'), launchRep('B')]);
  reps.push(a, b);
  await Promise.all([a, b].map((r, i) => joinThroughOptions(r, { serverUrl: s.url, inviteCode: team.invites[i] ?? '', teamName: 'T' })));
  const [pa, pb] = await Promise.all([openAccountPanel(a, 'https://www.acme-robotics.com/'), openAccountPanel(b, 'https://www.acme-robotics.com/')]);
  for (const outage of [5_000]) {
    await s.stop();
    const body = `outage ${outage}`;
    for (let i = 0; i < 6; i++) await writeQuickNote(pa, `${body} #${i}`);
    await writeQuickNote(pa, body);
    await new Promise((ok) => setTimeout(ok, outage));
    const stA = await syncState(a);
    await s.start();
    const t0 = performance.now();
    const ok = await until(async () => (await notesShown(pb)).includes(body), 120_000);
    console.info(`outage ${outage} ms (A state before restart: ${stA}): B shows A's note after ${(performance.now() - t0).toFixed(0)} ms ok=${ok}`);
  }
});
