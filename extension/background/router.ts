import { describeZodError, ValidationError } from '../../shared/index.ts';
import { type Reply, Request, type RequestType } from '../messaging/protocol.ts';

type RequestOf<T extends RequestType> = Extract<Request, { type: T }>;
type Handler<T extends RequestType> = (
  request: RequestOf<T>,
  sender: Browser.runtime.MessageSender,
) => Promise<unknown>;

const handlers = new Map<RequestType, Handler<RequestType>>();

/** One handler per message type; features register theirs from the background entrypoint. */
export function handle<T extends RequestType>(type: T, handler: Handler<T>): void {
  if (handlers.has(type)) throw new Error(`a handler for ${type} is already registered`);
  handlers.set(type, handler as unknown as Handler<RequestType>);
}

/**
 * Parse, dispatch, and always answer: a message from a page's content script is untrusted, so
 * it is parsed with zod, and a failing handler answers with a typed error rather than leaving
 * the sender waiting.
 */
export async function dispatch(
  message: unknown,
  sender: Browser.runtime.MessageSender,
): Promise<Reply<unknown>> {
  const parsed = Request.safeParse(message);
  if (!parsed.success) {
    const error = describeZodError(parsed.error, 'message');
    return { ok: false, error: { name: error.name, message: error.message, ...fieldOf(error) } };
  }
  const handler = handlers.get(parsed.data.type);
  if (!handler) {
    return {
      ok: false,
      error: { name: 'UnknownMessage', message: `no handler for ${parsed.data.type}` },
    };
  }
  try {
    return { ok: true, data: await handler(parsed.data, sender) };
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    return {
      ok: false,
      error: {
        name: error.name,
        message: error.message,
        ...(e instanceof ValidationError ? fieldOf(e) : {}),
      },
    };
  }
}

const fieldOf = (e: ValidationError): { field?: string } => (e.field ? { field: e.field } : {});

/** Attach the router to runtime messaging. Returning the promise keeps the channel open. */
export function listen(): void {
  browser.runtime.onMessage.addListener((message, sender) => dispatch(message, sender));
}
