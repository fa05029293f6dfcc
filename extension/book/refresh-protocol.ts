import { z } from 'zod';
import { TeamSettings } from '../../shared/index.ts';
import type { RefreshResult } from './refresh.ts';

/** What a Book page asks of its refresh worker (refresh-worker.ts); parsed there. */
export const RefreshRequest = z.discriminatedUnion('type', [
  z.object({ type: z.literal('refresh'), id: z.number(), settings: TeamSettings }),
  // The page's own searches (extension/db/urgent.ts): the worker's bulk reads give way to them.
  z.object({ type: z.literal('urgent'), busy: z.boolean() }),
]);
export type RefreshRequest = z.infer<typeof RefreshRequest>;

/**
 * A performance entry of the worker's timeline, at its absolute time (timeOrigin + startTime):
 * the page puts it on its own timeline, where DevTools and the benchmark read a refresh's
 * phases.
 */
export interface TimelineEntry {
  readonly name: string;
  readonly kind: 'mark' | 'measure';
  readonly at: number;
  readonly duration: number;
}

export type RefreshReply =
  | { readonly type: 'progress'; readonly id: number; readonly done: number }
  | {
      readonly type: 'result';
      readonly id: number;
      readonly result: RefreshResult;
      readonly timeline: readonly TimelineEntry[];
    }
  | {
      readonly type: 'error';
      readonly id: number;
      readonly message: string;
      readonly timeline: readonly TimelineEntry[];
    };
