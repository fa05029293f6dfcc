import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Account, parseMutationFields, parseRow, ValidationError } from '../../shared/index.ts';
import {
  ApiErrorBody,
  account,
  type Client,
  makeTeamOfTwo,
  startTestServer,
  type TestServer,
} from './helpers.ts';

describe('an account’s shared mailboxes and lines (contact points)', () => {
  let server: TestServer;
  let alice: Client;
  let bob: Client;

  beforeAll(async () => {
    server = await startTestServer({ segmentation: { debounceMs: 60_000, maxWaitMs: 60_000 } });
    ({ admin: alice, rep: bob } = await makeTeamOfTwo(server, 'Contact points'));
  });
  afterAll(() => server.close());

  it('push from one browser and pull into another, e-mails normalised', async () => {
    const id = ulid();
    await alice.push([
      alice.mutation(
        'accounts',
        id,
        account('Northwind Robotics GmbH', {
          contactPoints: [
            { email: ' Info@Northwind-Robotics.de ', label: 'General enquiries' },
            { phone: '+49 89 1234 5600', label: 'Zentrale' },
            { email: 'kundenservice@northwind-robotics.de', phone: '+49 89 1234 5699' },
          ],
        }),
      ),
    ]);
    await bob.sync();
    const pulled = bob.row('accounts', id);
    expect(pulled?.fields.contactPoints).toEqual([
      { email: 'info@northwind-robotics.de', label: 'General enquiries' },
      { phone: '+49 89 1234 5600', label: 'Zentrale' },
      { email: 'kundenservice@northwind-robotics.de', phone: '+49 89 1234 5699' },
    ]);
    // What is pulled is a valid row.
    expect(parseRow('accounts', id, pulled?.fields ?? {}).contactPoints).toHaveLength(3);

    // Removing one is writing the list without it; the other browser sees the shorter list.
    await bob.push([
      bob.mutation('accounts', id, {
        contactPoints: [{ phone: '+49 89 1234 5600', label: 'Zentrale' }],
      }),
    ]);
    await alice.sync();
    expect(alice.row('accounts', id)?.fields.contactPoints).toEqual([
      { phone: '+49 89 1234 5600', label: 'Zentrale' },
    ]);
  });

  it('refuses a point with neither an e-mail nor a phone, naming it, and stores nothing', async () => {
    const id = ulid();
    const res = await alice.request('POST', '/v1/sync/push', {
      clientId: alice.clientId,
      mutations: [
        alice.mutation(
          'accounts',
          id,
          account('Nowhere Ltd', {
            contactPoints: [{ email: 'info@nowhere.com' }, { label: 'Reception' }],
          }),
        ),
      ],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    const { error } = ApiErrorBody.parse(res.body);
    expect(error.field).toBe('mutations[0].fields.contactPoints[1]');
    expect(error.message).toBe(
      'mutations[0].fields.contactPoints[1]: needs an e-mail address or a phone number',
    );
    await bob.sync();
    expect(bob.row('accounts', id)).toBeUndefined();
  });

  it('refuses a broken e-mail and a list over 50, naming the field', async () => {
    const bad = await alice.request('POST', '/v1/sync/push', {
      clientId: alice.clientId,
      mutations: [
        alice.mutation('accounts', ulid(), {
          contactPoints: [{ email: 'info(at)nowhere.com' }],
        }),
      ],
    });
    expect(bad.status).toBe(400);
    expect(ApiErrorBody.parse(bad.body).error).toMatchObject({
      field: 'mutations[0].fields.contactPoints[0].email',
      message: 'mutations[0].fields.contactPoints[0].email: must be an e-mail address',
    });
    const many = Array.from({ length: 51 }, (_, i) => ({ phone: `+49 89 1234 ${5600 + i}` }));
    const tooMany = await alice.request('POST', '/v1/sync/push', {
      clientId: alice.clientId,
      mutations: [alice.mutation('accounts', ulid(), { contactPoints: many })],
    });
    expect(tooMany.status).toBe(400);
    expect(ApiErrorBody.parse(tooMany.body).error.message).toMatch(/at most 50 entries/);
  });
});

describe('the contact points schema', () => {
  it('defaults to an empty list and keeps a label only beside an e-mail or a phone', () => {
    const row = Account.parse({ id: ulid(), createdAt: 0, name: 'Acme' });
    expect(row.contactPoints).toEqual([]);
    expect(() => parseMutationFields('accounts', { contactPoints: [{ label: '客服' }] })).toThrow(
      new ValidationError(
        'fields.contactPoints[0]: needs an e-mail address or a phone number',
        'fields.contactPoints[0]',
      ),
    );
    expect(
      parseMutationFields('accounts', {
        contactPoints: [{ email: 'KeFu@Acme.cn', label: '客服' }],
      }),
    ).toEqual({ contactPoints: [{ email: 'kefu@acme.cn', label: '客服' }] });
  });
});
