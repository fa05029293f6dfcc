/** A listener hears the team's latest seq after each commit that changed rows. */
export type ChangeListener = (seq: number) => void;

/**
 * In-process, per-team change notifications: pushes and the segmentation job call notify()
 * after their transaction commits; each open event stream listens on its team.
 */
export class ChangeNotifier {
  private readonly teams = new Map<string, Set<ChangeListener>>();
  private readonly closers = new Set<() => void>();

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
      if (current?.size === 0) this.teams.delete(teamId);
    };
  }

  notify(teamId: string, seq: number): void {
    const set = this.teams.get(teamId);
    if (!set) return;
    for (const listener of [...set]) listener(seq);
  }

  /** Register a stream to be closed at shutdown; returns the unregister function. */
  onClose(close: () => void): () => void {
    this.closers.add(close);
    return () => this.closers.delete(close);
  }

  /** Close every open stream: long-lived responses would otherwise hold shutdown forever. */
  closeAll(): void {
    for (const close of [...this.closers]) close();
    this.closers.clear();
  }

  get listenerCount(): number {
    let n = 0;
    for (const set of this.teams.values()) n += set.size;
    return n;
  }
}
