import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiErrorBody,
  account,
  type Client,
  makeTeamOfTwo,
  note,
  startTestServer,
  type TestServer,
} from './helpers.ts';

describe('a first sync can pull some tables before the others', () => {
  let server: TestServer;
  let writer: Client;
  let reader: Client;
  beforeAll(async () => {
    server = await startTestServer({ segmentation: { debounceMs: 60_000, maxWaitMs: 60_000 } });
    ({ admin: writer, rep: reader } = await makeTeamOfTwo(server, 'Filter'));
    // Interleaved: account, contact, note, account, contact, note, …
    for (let i = 0; i < 10; i++) {
      const accountId = ulid();
      await writer.push([
        writer.mutation('accounts', accountId, account(`A${i}`, { domains: [`a${i}.com`] })),
        writer.mutation('contacts', ulid(), {
          accountId,
          name: `C${i}`,
          createdAt: Date.now(),
          deleted: false,
        }),
        writer.mutation('notes', ulid(), note(writer.member.memberId, `n${i}`, { accountId })),
      ]);
    }
  });
  afterAll(() => server.close());

  it('returns only the named tables, in seq order, across pages', async () => {
    const seen: string[] = [];
    let cursor = 0;
    for (;;) {
      const res = await reader.request(
        'GET',
        `/v1/sync/pull?cursor=${cursor}&limit=3&tables=accounts`,
      );
      expect(res.status).toBe(200);
      const body = res.body as {
        rows: { table: string; seq: number }[];
        cursor: number;
        hasMore: boolean;
      };
      for (const r of body.rows) seen.push(r.table);
      const seqs = body.rows.map((r) => r.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      cursor = body.cursor;
      if (!body.hasMore) break;
    }
    expect(seen).toEqual(Array(10).fill('accounts'));
  });

  it('answers the last page with the team’s latest seq, so the general pull need not start over', async () => {
    const all = await reader.pullPage(0, 5_000);
    const res = await reader.request(
      'GET',
      '/v1/sync/pull?cursor=0&limit=5000&tables=accounts,account_insights',
    );
    const body = res.body as { rows: { seq: number }[]; cursor: number; hasMore: boolean };
    expect(body.hasMore).toBe(false);
    expect(body.cursor).toBe(all.cursor);
    // The last account is not the last row: the cursor still covers the notes after it.
    expect(Math.max(...body.rows.map((r) => r.seq))).toBeLessThan(all.cursor);
  });

  it('counts the rows still to come when asked, per filter', async () => {
    const all = await reader.request('GET', '/v1/sync/pull?cursor=0&limit=2&total=1');
    expect((all.body as { total: number }).total).toBe(30);
    const some = await reader.request(
      'GET',
      '/v1/sync/pull?cursor=0&limit=2&total=1&tables=contacts,notes',
    );
    expect((some.body as { total: number }).total).toBe(20);
    const plain = await reader.request('GET', '/v1/sync/pull?cursor=0&limit=2');
    expect(plain.body).not.toHaveProperty('total');
  });

  it('refuses an unknown table, naming the field', async () => {
    const res = await reader.request('GET', '/v1/sync/pull?tables=accounts,members');
    expect(res.status).toBe(400);
    const error = ApiErrorBody.parse(res.body).error;
    expect(error.field).toMatch(/^tables/);
    expect(error.message).toContain('members');
  });
});
