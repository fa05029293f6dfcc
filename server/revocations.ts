import type { StreamOwner, TokenCheck } from './events.ts';
import type { Store } from './store/store.ts';

/**
 * Tells the notifier when a device token may have been revoked, by the admin command or by
 * another server instance: the store says cheaply whether any can have been (see
 * Store.revocationsMayHaveChanged), and only then are the tokens of open streams looked up.
 */
export class RevocationWatch implements TokenCheck {
  constructor(private readonly store: Store) {}

  mayHaveChanged(): boolean {
    return this.store.revocationsMayHaveChanged();
  }

  isActive(owner: StreamOwner): Promise<boolean> {
    return this.store.tokenActive(owner.teamId, owner.tokenId);
  }
}
