/**
 * The one place that turns a thrown value into text. JavaScript lets code throw anything, so every
 * catch block would otherwise repeat the same `instanceof Error` dance.
 */

/** The message of an Error, or the thrown value as text. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The stack of an Error (its message when it has none), or the thrown value as text: for logs. */
export function errorDetail(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/** The thrown value as an Error, so it can be kept, rethrown or logged with its stack. */
export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
