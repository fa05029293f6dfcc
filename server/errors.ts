/**
 * A refusal with an HTTP status, an error code clients can branch on, and the field at fault.
 * Thrown anywhere below a route; the app's error handler turns it into `{error: {...}}`.
 */
export class HttpFailure extends Error {
  override readonly name = 'HttpFailure';
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 429,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly headers?: Readonly<Record<string, string>>,
  ) {
    super(message);
  }
}

/**
 * The client went away before its request was read in full (a closed tab, a dropped network
 * mid-upload). Nobody is left to answer: logged at debug level, never as a server error, and
 * answered with no error page (status 499, for the request line).
 */
export class ClientAbortError extends Error {
  override readonly name = 'ClientAbortError';
  constructor(cause: unknown) {
    super('the client closed the connection before its request was read', { cause });
  }
}
