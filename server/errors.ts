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
