/**
 * A refusal the client is told about: an HTTP status, a stable code for programs and a message in
 * plain words for people (docs/sync.md, "Errors"). The body is `{ error, message, ...details }`.
 */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }

  get body(): Record<string, unknown> {
    return { error: this.code, message: this.message, ...this.details };
  }
}
