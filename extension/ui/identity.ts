import type { AccountLensDB } from '../db/database.ts';
import type { WriteContext } from '../db/write.ts';
import { clientIdOf } from '../sync/state.ts';

/**
 * Who is writing, from the sync client's state (extension/sync/state.ts owns the meta keys):
 * the client id is this browser's clock node id; the author is the member once joined, the
 * client id before (the sync client re-authors those rows at join).
 */
export { currentAuthorId } from '../sync/state.ts';

export async function writeContext(db: AccountLensDB): Promise<WriteContext> {
  return { db, clientId: await clientIdOf(db) };
}
