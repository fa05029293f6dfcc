import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  account,
  Client,
  EventReader,
  makeTeam,
  makeTeamOfTwo,
  startTestServer,
  type TestServer,
  waitFor,
} from './helpers.ts';

describe("a teammate's push wakes my event stream", () => {
  let server: TestServer;
  let a: Client;
  let b: Client;
  let other: Client;

  beforeAll(async () => {
    server = await startTestServer({ heartbeatMs: 100 });
    ({ admin: a, rep: b } = await makeTeamOfTwo(server, 'Live team'));
    other = new Client(server.url, (await makeTeam(server, 'Other team', 0)).admin);
  });
  afterAll(() => server.close());

  it('a push by A reaches B as a change event with the new seq, well within 100 ms', async () => {
    const stream = await EventReader.open(server.url, b.member.token);
    const outsider = await EventReader.open(server.url, other.member.token);
    try {
      expect(stream.status).toBe(200);
      await waitFor(() => stream.events.length > 0, 2_000, 'the initial event');
      expect(stream.events[0]?.event).toBe('change');

      const delays: number[] = [];
      for (let i = 0; i < 5; i++) {
        const before = stream.events.length;
        const t0 = performance.now();
        const id = ulid();
        await a.push([a.mutation('accounts', id, account(`Live ${i}`))]);
        const event = await waitFor(() => stream.events[before], 2_000, 'a change event');
        delays.push(event.at - t0);
        const seq = stream.changeSeqs().at(-1) ?? 0;
        // Woken, B pulls and has A's row (the team's segmentation may have added more since).
        await b.sync();
        expect(b.cursor).toBeGreaterThanOrEqual(seq);
        expect(b.row('accounts', id)?.fields.name).toBe(`Live ${i}`);
      }
      // Includes the push's own round trip: the event is sent right after the commit.
      expect(Math.min(...delays)).toBeLessThan(100);
      await waitFor(
        () => stream.comments.some((c) => c.includes('heartbeat')),
        2_000,
        'a heartbeat',
      );
      // The other team heard nothing but its own initial event.
      expect(outsider.changeSeqs()).toEqual([0]);
    } finally {
      await stream.close();
      await outsider.close();
    }
    // A browser that goes away leaves nothing subscribed behind.
    await waitFor(() => server.notifier.listenerCount === 0, 2_000, 'the listeners to be released');
  });

  it('streams are closed when the server shuts down', async () => {
    const own = await startTestServer();
    const team = await makeTeam(own, 'Closing team', 0);
    const stream = await EventReader.open(own.url, team.admin.token);
    await waitFor(() => stream.events.length > 0, 2_000, 'the initial event');
    const closed = own.close();
    await waitFor(() => stream.ended, 5_000, 'the stream to end');
    await closed;
  });
});
