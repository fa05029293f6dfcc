import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareHlc } from '../../shared/index.ts';
import {
  account,
  Client,
  inviteCode,
  join,
  makeTeamOfTwo,
  note,
  startTestServer,
  type TestServer,
  visible,
} from './helpers.ts';

describe('two browsers of a team converge', () => {
  let server: TestServer;
  let teamId: string;
  let alice: Client;
  let bob: Client;

  beforeAll(async () => {
    server = await startTestServer();
    ({ teamId, admin: alice, rep: bob } = await makeTeamOfTwo(server, 'Converging team'));
  });
  afterAll(() => server.close());

  it('rows pushed by one browser arrive in the other, tombstones included', async () => {
    const accountId = ulid();
    const contactId = ulid();
    await alice.push([
      alice.mutation(
        'accounts',
        accountId,
        account('Acme Robotics', { domains: ['ACME-robotics.com'] }),
      ),
      alice.mutation('contacts', contactId, {
        accountId,
        name: '王小明',
        createdAt: Date.now(),
        emails: ['Wang@Acme-Robotics.com'],
      }),
    ]);
    await bob.sync();
    // Stored normalised: what every reader compares is the same.
    expect(bob.row('accounts', accountId)?.fields.domains).toEqual(['acme-robotics.com']);
    expect(bob.row('contacts', contactId)?.fields).toMatchObject({
      name: '王小明',
      emails: ['wang@acme-robotics.com'],
    });

    await bob.push([bob.mutation('contacts', contactId, { deleted: true })]);
    await alice.sync();
    expect(alice.row('contacts', contactId)?.deleted).toBe(true);
    await bob.sync();
    expect(visible(alice)).toBe(visible(bob));
  });

  it('concurrent edits of the same field resolve the same way on both; other fields merge', async () => {
    const id = ulid();
    await alice.push([alice.mutation('accounts', id, account('Globex'))]);
    await bob.sync();

    // Offline on both sides: each edits the name, and each a different field.
    const fromAlice = [
      alice.mutation('accounts', id, { name: 'Globex Corp' }),
      alice.mutation('accounts', id, { phone: '+1 555 0100' }),
    ];
    const fromBob = [
      bob.mutation('accounts', id, { name: 'Globex Corporation' }),
      bob.mutation('accounts', id, { industry: 'Energy' }),
    ];
    // Arrival order is the opposite of clock order for at least one pair.
    await bob.push(fromBob);
    await alice.push(fromAlice);
    await alice.sync();
    await bob.sync();

    const winner =
      compareHlc(fromAlice[0]?.hlc ?? '', fromBob[0]?.hlc ?? '') > 0
        ? 'Globex Corp'
        : 'Globex Corporation';
    for (const c of [alice, bob]) {
      expect(c.row('accounts', id)?.fields).toMatchObject({
        name: winner,
        phone: '+1 555 0100',
        industry: 'Energy',
      });
    }
    expect(visible(alice)).toBe(visible(bob));
  });

  it('a concurrent note edit leaves both texts retrievable: the winner in notes, the loser as a revision', async () => {
    const noteId = ulid();
    await alice.push([
      alice.mutation('notes', noteId, note(alice.member.memberId, 'Call went well.')),
    ]);
    await alice.sync();
    await bob.sync();
    const seen = bob.row('notes', noteId)?.stamps?.body;
    if (!seen) throw new Error('pulled note has no body stamp');
    expect(alice.row('notes', noteId)?.stamps?.body).toBe(seen);

    const a = alice.mutation(
      'notes',
      noteId,
      { body: 'Call went well. Budget approved in Q3.' },
      { body: seen },
    );
    const b = bob.mutation(
      'notes',
      noteId,
      { body: 'Call went well. They want a demo first.' },
      { body: seen },
    );
    await alice.push([a]);
    await bob.push([b]);
    await alice.sync();
    await bob.sync();

    const [win, lose] = compareHlc(a.hlc, b.hlc) > 0 ? [a, b] : [b, a];
    for (const c of [alice, bob]) {
      expect(c.row('notes', noteId)?.fields.body).toBe(win.fields.body);
      const revisions = c
        .rowsOf('note_revisions')
        .filter((r) => r.fields.noteId === noteId && !r.deleted);
      expect(revisions.map((r) => r.fields.body)).toEqual([lose.fields.body]);
      expect(revisions[0]?.fields.hlc).toBe(lose.hlc);
    }

    // An edit made on top of what was seen (no concurrency) keeps nothing more.
    const current = alice.row('notes', noteId)?.stamps?.body;
    if (!current) throw new Error('no body stamp');
    await alice.push([
      alice.mutation('notes', noteId, { body: 'Demo booked, budget approved.' }, { body: current }),
    ]);
    await bob.sync();
    expect(
      bob.rowsOf('note_revisions').filter((r) => r.fields.noteId === noteId && !r.deleted),
    ).toHaveLength(1);
    await alice.sync();
    expect(visible(alice)).toBe(visible(bob));
  });

  it('a private note syncs only to its author; turned private, it leaves teammates without its text', async () => {
    const privateId = ulid();
    const sharedId = ulid();
    await bob.push([
      bob.mutation(
        'notes',
        privateId,
        note(bob.member.memberId, 'Salary of their buyer: do not share', { visibility: 'private' }),
      ),
      bob.mutation('notes', sharedId, note(bob.member.memberId, 'Visited HQ')),
    ]);
    await alice.sync();
    expect(alice.row('notes', privateId)).toMatchObject({ fields: {}, deleted: true });
    expect(alice.row('notes', sharedId)?.fields.body).toBe('Visited HQ');
    await bob.sync();
    expect(bob.row('notes', privateId)?.fields.body).toBe('Salary of their buyer: do not share');

    // Teammates cannot edit a private note, change who sees a note, or take it over.
    for (const [m, field] of [
      [alice.mutation('notes', privateId, { body: 'mine now' }), 'mutations[0].id'],
      [
        alice.mutation('notes', sharedId, { visibility: 'private' }),
        'mutations[0].fields.visibility',
      ],
      [
        alice.mutation('notes', sharedId, { authorId: alice.member.memberId }),
        'mutations[0].fields.authorId',
      ],
    ] as const) {
      const res = await alice.request('POST', '/v1/sync/push', {
        clientId: alice.clientId,
        mutations: [m],
      });
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ error: { code: 'forbidden', field } });
    }
    // A teammate may still edit a team note.
    await alice.push([alice.mutation('notes', sharedId, { subject: 'HQ visit' })]);

    await bob.push([bob.mutation('notes', sharedId, { visibility: 'private' })]);
    await alice.sync();
    expect(alice.row('notes', sharedId)).toMatchObject({ fields: {}, deleted: true });
    expect(JSON.stringify([...alice.rows.values()])).not.toContain('Visited HQ');

    await bob.push([bob.mutation('notes', sharedId, { visibility: 'team' })]);
    await alice.sync();
    expect(alice.row('notes', sharedId)?.fields).toMatchObject({
      body: 'Visited HQ',
      subject: 'HQ visit',
      deleted: false,
    });
  });

  it("revisions of a private note reach only its author's browsers", async () => {
    const laptop = new Client(
      server.url,
      await join(
        server.url,
        await inviteCode(server.store, teamId, 'member', bob.member.memberId),
        'bob laptop',
      ),
    );
    expect(laptop.member.memberId).toBe(bob.member.memberId);
    const id = ulid();
    await bob.push([
      bob.mutation('notes', id, note(bob.member.memberId, 'draft', { visibility: 'private' })),
    ]);
    await bob.sync();
    await laptop.sync();
    const seen = laptop.row('notes', id)?.stamps?.body;
    if (!seen) throw new Error('no body stamp');
    await bob.push([bob.mutation('notes', id, { body: 'draft from desktop' }, { body: seen })]);
    await laptop.push([
      laptop.mutation('notes', id, { body: 'draft from laptop' }, { body: seen }),
    ]);

    await laptop.sync();
    const revision = laptop.rowsOf('note_revisions').find((r) => r.fields.noteId === id);
    expect(revision?.fields.body).toMatch(/draft from/);
    await alice.sync();
    expect(alice.row('note_revisions', revision?.id ?? '')).toMatchObject({
      fields: {},
      deleted: true,
    });
    expect(JSON.stringify([...alice.rows.values()])).not.toContain('draft from');
  });
});
