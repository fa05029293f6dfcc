import type { StreamOwner, TokenCheck } from './events.ts';
import { type Db, stmt } from './store/db.ts';
import { tokenActive } from './store/identity.ts';

/**
 * Tells the notifier when a device token may have been revoked. Tokens are revoked by the admin
 * CLI (`token revoke`): another process with its own SQLite connection, so nothing in this
 * process hears of it. SQLite's data_version moves whenever another connection commits and
 * costs next to nothing to read, so the tokens of open streams are looked up only after it
 * moved. This process's own commits leave it alone: a push does not send every stream's token
 * to the database again.
 */
export class RevocationWatch implements TokenCheck {
  private version: unknown;

  constructor(private readonly db: Db) {}

  mayHaveChanged(): boolean {
    const version = stmt(this.db, 'PRAGMA data_version').pluck().get();
    if (version === this.version) return false;
    this.version = version;
    return true;
  }

  isActive(owner: StreamOwner): boolean {
    return tokenActive(this.db, owner.teamId, owner.tokenId);
  }
}
