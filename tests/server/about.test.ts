import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startTestServer, type TestServer } from './helpers.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const About = z.object({
  name: z.string(),
  version: z.string(),
  ok: z.literal(true),
  health: z.string(),
  docs: z.string(),
  join: z.string(),
});

describe("the server's address, opened without a token", () => {
  it('tells a program what this server is: name, version, health and where the docs are', async () => {
    const res = await fetch(`${server.url}/`);
    expect(res.status).toBe(200);
    const about = About.parse(await res.json());
    expect(about.name).toBe('Account Lens sync server');
    // The health endpoint it names answers, with the same version.
    const health = z
      .object({ ok: z.literal(true), version: z.string() })
      .parse(await (await fetch(`${server.url}${about.health}`)).json());
    expect(health.version).toBe(about.version);
    expect(about.docs).toContain('README.md');
  });

  it('tells a person in a browser, in English and Chinese, how to join, as plain text', async () => {
    const res = await fetch(`${server.url}/`, { headers: { accept: 'text/html,*/*' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toContain('Account Lens sync server');
    expect(text).toContain('Join team');
    expect(text).toContain('加入团队');
    expect(text).toContain('/v1/health');
  });

  it('still answers an unknown path with a 404 that names it', async () => {
    const res = await fetch(`${server.url}/nowhere`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('GET /nowhere');
  });
});
