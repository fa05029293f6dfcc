/**
 * What a frame tells the content script that framed it, and the checks the content script
 * makes (by hand: no zod in the eager content script). Anything else is ignored.
 */

/** The overlay opened or closed its panel: the frame is resized to fit. */
export interface OpenChanged {
  readonly type: 'open';
  readonly open: boolean;
}

/** The rep chose "never show on this site": take the overlay off the page. */
export interface Hidden {
  readonly type: 'hidden';
}

/** A webmail panel's content is this tall (CSS pixels): the frame is resized to fit. */
export interface SizeChanged {
  readonly type: 'size';
  readonly height: number;
}

/** A webmail panel asks for the open message (its body only when `body`), answered by `rpc`. */
export interface ReadRequest {
  readonly type: 'read';
  readonly rpc: number;
  readonly body: boolean;
}

export type FromFrame = OpenChanged | Hidden | SizeChanged | ReadRequest;

const record = (m: unknown): Record<string, unknown> | undefined =>
  typeof m === 'object' && m !== null ? (m as Record<string, unknown>) : undefined;

const count = (v: unknown, max: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max;

/** The message, if it is one of the shapes above; else undefined. */
export function fromFrame(message: unknown): FromFrame | undefined {
  const m = record(message);
  switch (m?.type) {
    case 'open':
      return typeof m.open === 'boolean' ? { type: 'open', open: m.open } : undefined;
    case 'hidden':
      return { type: 'hidden' };
    case 'size':
      return count(m.height, 100_000) ? { type: 'size', height: m.height } : undefined;
    case 'read':
      return count(m.rpc, Number.MAX_SAFE_INTEGER) && typeof m.body === 'boolean'
        ? { type: 'read', rpc: m.rpc, body: m.body }
        : undefined;
    default:
      return undefined;
  }
}
