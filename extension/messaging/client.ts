import type { Reply, RequestInput } from './protocol.ts';

/** Thrown in the sender when the background answered with an error. `name` is the remote one. */
export class BackgroundError extends Error {
  override readonly name: string;
  readonly field: string | undefined;
  constructor(name: string, message: string, field?: string) {
    super(message);
    this.name = name;
    this.field = field;
  }
}

/** Send a request to the background and unwrap its reply. */
export async function ask<T>(request: RequestInput): Promise<T> {
  const reply = (await browser.runtime.sendMessage(request)) as Reply<T> | undefined;
  if (!reply) throw new BackgroundError('NoReply', `the background did not answer ${request.type}`);
  if (!reply.ok)
    throw new BackgroundError(reply.error.name, reply.error.message, reply.error.field);
  return reply.data;
}
