import { z } from 'zod';
import {
  ApiError,
  ChangeEvent,
  Id,
  InvitePreview,
  type JoinRequest,
  JoinResponse,
  type PullResponse,
  PullResponse as PullResponseSchema,
  type PushRequest,
  PushResponse,
  type TableName,
  TeamSettings,
} from '../../shared/index.ts';
import {
  OfflineError,
  ProtocolError,
  RequestRejectedError,
  ServerUnavailableError,
  SignedOutError,
} from './errors.ts';

/** `fetch` as injected: the global one in the extension, the same in Node tests. */
export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export const MeResponse = z.object({
  member: z.object({ id: Id, name: z.string(), role: z.string() }),
  team: z.object({ id: Id, name: z.string() }),
  settings: TeamSettings,
  /** The team's members; absent from servers older than the Book page. */
  members: z.array(z.object({ id: Id, name: z.string() })).default([]),
});
export type MeResponse = z.infer<typeof MeResponse>;

/** What an admin sends to change the team's settings: only the settings it names change. */
export type TeamSettingsPatch = { readonly [K in keyof TeamSettings]?: unknown };
const SettingsReply = z.object({ settings: TeamSettings });

export interface PullParams {
  readonly cursor: number;
  readonly limit: number;
  readonly tables?: readonly TableName[];
  readonly total?: boolean;
  /** This browser's client id: the rows it wrote wholly come without their fields (apply.ts). */
  readonly mine?: string;
}

/**
 * The server's base URL as the rep typed it, reduced to scheme, host and port: the API lives
 * at /v1 under it. Throws a RequestRejectedError naming `serverUrl` for anything else.
 */
export function normaliseServerUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new RequestRejectedError(
      0,
      'invalid_input',
      'serverUrl: must be a URL such as https://sync.example.com',
      'serverUrl',
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new RequestRejectedError(
      0,
      'invalid_input',
      'serverUrl: must start with http:// or https://',
      'serverUrl',
    );
  }
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.origin}${path}`;
}

/** The sync server's HTTP API. Every reply is parsed with the shared schemas. */
export class SyncApi {
  private readonly fetchFn: Fetch;

  constructor(
    readonly baseUrl: string,
    fetchFn: Fetch,
    private readonly token?: string,
  ) {
    this.fetchFn = fetchFn;
  }

  withToken(token: string): SyncApi {
    return new SyncApi(this.baseUrl, this.fetchFn, token);
  }

  async join(body: JoinRequest): Promise<JoinResponse> {
    return parseReply(JoinResponse, await this.request('POST', '/v1/auth/join', body));
  }

  /** What an invite is for (team, role, the person's name), before joining; spends nothing. */
  async previewInvite(inviteCode: string): Promise<InvitePreview> {
    return parseReply(
      InvitePreview,
      await this.request('POST', '/v1/auth/invite', { inviteCode: inviteCode.trim() }),
    );
  }

  async me(): Promise<MeResponse> {
    return parseReply(MeResponse, await this.request('GET', '/v1/me'));
  }

  /** An admin's change to the team's settings (a partial patch); answers the settings now in force. */
  async putSettings(patch: TeamSettingsPatch): Promise<{ settings: TeamSettings }> {
    return parseReply(SettingsReply, await this.request('PUT', '/v1/team/settings', patch));
  }

  async push(body: PushRequest): Promise<PushResponse> {
    return parseReply(PushResponse, await this.request('POST', '/v1/sync/push', body));
  }

  async pull(params: PullParams): Promise<PullResponse> {
    let q = `cursor=${params.cursor}&limit=${params.limit}`;
    if (params.tables !== undefined) q += `&tables=${params.tables.join(',')}`;
    if (params.total === true) q += '&total=1';
    if (params.mine !== undefined) q += `&mine=${params.mine}`;
    // The envelope and each row's envelope go through the shared schema (about 1 µs a row);
    // rows' fields are not parsed again against the table schemas: the server parsed every one
    // of them when it was pushed, and a full parse costs ~12 µs a row, a tenth of the whole
    // first sync. apply.ts checks the few fields the local indexes depend on.
    return parseReply(PullResponseSchema, await this.request('GET', `/v1/sync/pull?${q}`));
  }

  /** Open the event stream. Resolves once the server answered; iterate its change events. */
  async events(signal: AbortSignal): Promise<AsyncIterable<ChangeEvent>> {
    const res = await this.send('GET', '/v1/events', undefined, signal);
    await check(res);
    if (!res.body) throw new ProtocolError('the event stream has no body');
    return changeEvents(res.body);
  }

  private async request(method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await this.send(method, path, body);
    await check(res);
    try {
      return await res.json();
    } catch {
      throw new ProtocolError(`${path}: the reply is not JSON; is this an Account Lens server?`);
    }
  }

  private async send(
    method: string,
    path: string,
    body: unknown,
    signal?: AbortSignal,
  ): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.token !== undefined) headers.authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const init: RequestInit = { method, headers };
    if (body !== undefined) init.body = JSON.stringify(body);
    if (signal !== undefined) init.signal = signal;
    try {
      return await this.fetchFn(`${this.baseUrl}${path}`, init);
    } catch (e) {
      if (signal?.aborted) throw e;
      throw new OfflineError(
        `cannot reach ${this.baseUrl}: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  }
}

function parseReply<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? issue.path.join('.') : '';
    throw new ProtocolError(
      `unexpected reply from the server${where ? ` at ${where}` : ''}: ${issue?.message ?? ''}`,
    );
  }
  return parsed.data;
}

async function check(res: Response): Promise<void> {
  if (res.ok) return;
  let error: ApiError['error'] | undefined;
  try {
    const parsed = ApiError.safeParse(await res.json());
    if (parsed.success) error = parsed.data.error;
  } catch {
    // Not JSON (a proxy's error page): the status alone decides.
  }
  const message = error?.message ?? `the server answered ${res.status}`;
  if (res.status === 401) throw new SignedOutError(`signed out: ${message}`);
  if (res.status >= 500 || res.status === 429) {
    const after = Number(res.headers.get('retry-after'));
    throw new ServerUnavailableError(
      res.status,
      message,
      Number.isFinite(after) && after > 0 ? after * 1000 : undefined,
    );
  }
  throw new RequestRejectedError(res.status, error?.code ?? 'rejected', message, error?.field);
}

const MAX_EVENT_BYTES = 64 * 1024;

/**
 * Server-sent events read from a fetch body (a service worker has no EventSource): yields each
 * `change` event's payload, parsed; comments (heartbeats) and other events are skipped.
 */
export async function* changeEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<ChangeEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = parseBlock(block);
        if (event) yield event;
        end = buffer.indexOf('\n\n');
      }
      // A server that never ends a block would grow this without bound.
      if (buffer.length > MAX_EVENT_BYTES) throw new ProtocolError('an event is too large');
    }
  } finally {
    reader.releaseLock();
    await body.cancel().catch(() => {});
  }
}

function parseBlock(block: string): ChangeEvent | undefined {
  let type = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') type = value;
    else if (field === 'data') data.push(value);
  }
  if (type !== 'change' || data.length === 0) return undefined;
  try {
    const parsed = ChangeEvent.safeParse(JSON.parse(data.join('\n')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
