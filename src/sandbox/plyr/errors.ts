/**
 * The two ways the platform fails outside its handlers' own answers:
 * - {@link PlainHttpError}: raised before the platform's error handler (body parsing), so Koa answers in plain text;
 * - any other thrown error: caught by the platform's `errorHandler`, answered `err.status || 500` with
 *   `{error: err.message, stack}`. Handlers throw {@link jsTypeError}s with V8's exact messages where the real
 *   server crashes on a bad input.
 */

/** An error Koa itself answers, as plain text (its message if `expose`, else the status text). */
export class PlainHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly expose: boolean,
  ) {
    super(message);
    this.name = 'PlainHttpError';
  }
}

/** A TypeError with the given message (what V8 would throw in the real server's code). */
export const jsTypeError = (message: string): TypeError => new TypeError(message);

/** An error with a fixed message, as thrown by a library (jsonwebtoken, MongoDB, Redis) in the real server. */
export const libraryError = (message: string, name = 'Error'): Error => {
  const err = new Error(message);
  err.name = name;
  return err;
};

/**
 * `value.toLowerCase()` as the platform's code evaluates it: a string is lower-cased; anything else throws V8's
 * TypeError (`expression` is the source text V8 quotes, e.g. `plyrId`).
 */
export function lowerOrThrow(value: unknown, expression: string): string {
  if (typeof value === 'string') return value.toLowerCase();
  if (value === undefined || value === null)
    throw jsTypeError(`Cannot read properties of ${String(value)} (reading 'toLowerCase')`);
  throw jsTypeError(`${expression}.toLowerCase is not a function`);
}

/** The `stack` field of the platform's 500 bodies: the error's first line and a placeholder frame (no paths). */
export const stackOf = (err: Error): string => `${err.name}: ${err.message}\n    at plyr-kit sandbox`;
