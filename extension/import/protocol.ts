import { z } from 'zod';
import { IMPORT_ENTITIES, type ImportEntity } from '../../shared/import/index.ts';

const Entity = z.enum(IMPORT_ENTITIES as [ImportEntity, ...ImportEntity[]]);

/** What the wizard page asks of its worker (worker.ts); parsed there, as any boundary is. */
export const WorkerRequest = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('open'),
    id: z.number(),
    fileName: z.string().max(1_000),
    // The File itself: the worker reads it a piece at a time, the page never holds its bytes.
    file: z.instanceof(Blob),
    sheet: z.string().max(300).optional(),
  }),
  z.object({ type: z.literal('mappingFor'), id: z.number(), entity: Entity }),
  z.object({
    type: z.literal('preview'),
    id: z.number(),
    settings: z.object({
      entity: Entity,
      fields: z.array(z.string().max(50).nullable()).max(500),
      currency: z.string().regex(/^[A-Z]{3}$/),
    }),
  }),
  z.object({ type: z.literal('run'), id: z.number() }),
  z.object({ type: z.literal('cancel') }),
  z.object({ type: z.literal('undo'), id: z.number(), batchId: z.string().max(100) }),
  z.object({ type: z.literal('rejected'), id: z.number() }),
]);
export type WorkerRequest = z.infer<typeof WorkerRequest>;

/** An error as it crosses from the worker: its class's stable name, its code, its message. */
export interface WireError {
  readonly name: string;
  readonly code?: string;
  readonly message: string;
}

/** What the worker answers: a result, a failure, or progress on a long request. */
export type WorkerReply =
  | { readonly type: 'result'; readonly id: number; readonly value: unknown }
  | { readonly type: 'error'; readonly id: number; readonly error: WireError }
  | {
      readonly type: 'progress';
      readonly id: number;
      readonly done: number;
      readonly total: number;
    };
