/**
 * What can go wrong talking to the sync server, as typed errors with stable names: the status
 * the rep sees and the retry policy both depend on which one it is.
 */

/** The server could not be reached (no network, server down, DNS, refused connection). */
export class OfflineError extends Error {
  override readonly name = 'OfflineError';
  constructor(message = 'cannot reach the sync server') {
    super(message);
  }
}

/** The token was refused (revoked, or the member removed): syncing stops until the rep joins again. */
export class SignedOutError extends Error {
  override readonly name = 'SignedOutError';
  constructor(message = 'signed out: join the team again') {
    super(message);
  }
}

/** A 5xx or 429: worth retrying later. `retryAfterMs` when the server said how long to wait. */
export class ServerUnavailableError extends Error {
  override readonly name = 'ServerUnavailableError';
  readonly status: number;
  readonly retryAfterMs: number | undefined;
  constructor(status: number, message: string, retryAfterMs?: number) {
    super(message);
    this.status = status;
    this.retryAfterMs = retryAfterMs;
  }
}

/** The server refused the request itself (4xx): retrying the same request will not help. */
export class RequestRejectedError extends Error {
  override readonly name = 'RequestRejectedError';
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;
  constructor(status: number, code: string, message: string, field?: string) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

/** The reply did not fit the protocol's schema (not an Account Lens server, or a wrong version). */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
}

/** Not joined to a team: there is nothing to sync with. */
export class NotJoinedError extends Error {
  override readonly name = 'NotJoinedError';
  constructor() {
    super('not joined to a team');
  }
}

/** Errors worth retrying with backoff. */
export const isTransient = (e: unknown): boolean =>
  e instanceof OfflineError || e instanceof ServerUnavailableError;
