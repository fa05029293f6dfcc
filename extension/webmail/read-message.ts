import type { FromFrame } from '../frame/from-frame.ts';
import type { MessageRead } from '../frame/protocol.ts';
import { t } from '../i18n/index.ts';

/** A content script that does not answer (the page went away) fails the request after this. */
const READ_TIMEOUT_MS = 10_000;

/** The content script did not answer a request for the open message. */
export class ReadTimeout extends Error {
  override readonly name = 'ReadTimeout';
}

/**
 * A webmail panel's frame asks its content script for the open message (the frame cannot read
 * the mail page: it is cross-origin, and should not); answers come back matched by number.
 */
export function messageReader(tell: (message: FromFrame) => void): {
  read(body: boolean): Promise<MessageRead | null>;
  answer(rpc: number, message: MessageRead | null): void;
} {
  let rpc = 0;
  const pending = new Map<number, (message: MessageRead | null) => void>();
  return {
    read: (body) =>
      new Promise((resolve, reject) => {
        const id = ++rpc;
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new ReadTimeout(t('webmail.pageSilent')));
        }, READ_TIMEOUT_MS);
        pending.set(id, (message) => {
          clearTimeout(timer);
          resolve(message);
        });
        tell({ type: 'read', rpc: id, body });
      }),
    answer(id, message) {
      const done = pending.get(id);
      pending.delete(id);
      done?.(message);
    },
  };
}
