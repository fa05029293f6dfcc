/** A listener hears the team's latest seq after each commit that changed rows. */
export type ChangeListener = (seq: number) => void;

/** The device an event stream was opened with. */
export interface StreamOwner {
  readonly teamId: string;
  readonly tokenId: string;
}

/** How the notifier learns that a device's token was revoked (see RevocationWatch). */
export interface TokenCheck {
  /** False when no token can have been revoked since the last call: cheap, asked often. */
  mayHaveChanged(): boolean;
  isActive(owner: StreamOwner): Promise<boolean>;
}

const NEVER_REVOKED: TokenCheck = { mayHaveChanged: () => false, isActive: async () => true };

/**
 * In-process, per-team change notifications: pushes and the segmentation job call notify()
 * after their transaction commits; each open event stream listens on its team.
 */
export class ChangeNotifier {
  private readonly teams = new Map<string, Set<ChangeListener>>();
  private readonly streams = new Map<() => void, StreamOwner | undefined>();
  /** The last seq told to each team's listeners: the same change heard twice is told once. */
  private readonly told = new Map<string, number>();

  constructor(private readonly tokens: TokenCheck = NEVER_REVOKED) {}

  subscribe(teamId: string, listener: ChangeListener): () => void {
    let set = this.teams.get(teamId);
    if (!set) {
      set = new Set();
      this.teams.set(teamId, set);
    }
    set.add(listener);
    return () => {
      const current = this.teams.get(teamId);
      current?.delete(listener);
      if (current?.size === 0) {
        this.teams.delete(teamId);
        this.told.delete(teamId);
      }
    };
  }

  /**
   * Tell the team's streams about the change that brought it to `seq`. A change is heard from
   * this process's push and again from the database's notification (PostgreSQL): told once.
   */
  async notify(teamId: string, seq: number): Promise<void> {
    const set = this.teams.get(teamId);
    if (!set) return;
    if ((this.told.get(teamId) ?? -1) >= seq) return;
    this.told.set(teamId, seq);
    // A device revoked a moment ago must not hear of this change: its stream ends first.
    await this.closeRevoked();
    for (const listener of [...set]) listener(seq);
  }

  /**
   * Register a stream to be closed at shutdown, and at its device's revocation when it has an
   * owner; returns the unregister function.
   */
  onClose(close: () => void, owner?: StreamOwner): () => void {
    this.streams.set(close, owner);
    return () => this.streams.delete(close);
  }

  /** End the streams of revoked devices. Called before every notify and by the server's timer. */
  async closeRevoked(): Promise<void> {
    if (this.streams.size === 0 || !this.tokens.mayHaveChanged()) return;
    for (const [close, owner] of [...this.streams]) {
      if (owner === undefined || (await this.tokens.isActive(owner))) continue;
      this.streams.delete(close);
      close();
    }
  }

  /** Close every open stream: long-lived responses would otherwise hold shutdown forever. */
  closeAll(): void {
    for (const close of [...this.streams.keys()]) close();
    this.streams.clear();
  }

  get listenerCount(): number {
    let n = 0;
    for (const set of this.teams.values()) n += set.size;
    return n;
  }
}
