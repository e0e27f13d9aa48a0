/**
 * What a handler tells the studio about a failure on the server's side (an answer of status 500 or more): the
 * browser only gets `{ error, code }`, so without this the reason (a refused connection, a TLS error, a runtime that
 * rejects a fetch option, Redis down) would be lost. The event is built from the error chain with every secret the
 * handler holds, and anything shaped like a token or a signature, taken out.
 */
import { Refusal, type RefusalCode } from './errors.js';

/** One failure on the server's side, as a handler's `onError` hook gets it. Never holds a secret or a token. */
export interface HandlerErrorEvent {
  /** The refusal code the browser got, e.g. `UPSTREAM_UNREACHABLE`, `UPSTREAM_TIMEOUT`, `STATE_UNAVAILABLE`. */
  readonly code: RefusalCode;
  /** The HTTP status the browser got (500 or more). */
  readonly status: number;
  /**
   * The route: the allow-list rule (`POST /api/user/login`) or the MG+ relay's (`POST /v1/authenticate`);
   * `undefined` when the failure came before the path was matched (e.g. the per-IP limit's store).
   */
  readonly route: string | undefined;
  /** The message the browser got. */
  readonly message: string;
  /**
   * Why, from the error chain, outermost first, e.g.
   * `TypeError: fetch failed <- Error: connect ECONNREFUSED 127.0.0.1:9`; `undefined` when there is nothing more
   * to say than `message`.
   */
  readonly cause: string | undefined;
}

/** A handler's `onError` option: called once per failure, after the answer is made; what it throws is ignored. */
export type HandlerErrorHook = (event: HandlerErrorEvent) => void;

/** How a pipeline reports a failure: the route it had reached and what was thrown. */
export type FailureReporter = (route: string | undefined, error: unknown) => void;

/** Links of the chain that are kept, and characters per link: enough to see why, not a dump. */
const MAX_LINKS = 4;
const MAX_LINK_CHARS = 300;
/** A JWT (session token, launch token), or a long hex or base64 run (an HMAC signature). */
const TOKEN_SHAPED =
  /[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*|\b[0-9a-fA-F]{40,}\b|[A-Za-z0-9+/]{43}=/g;

/**
 * The reporter of a handler: `undefined` without a hook. `secrets` are the handler's own (API key, secret key,
 * shared secret): any text of theirs in a cause is redacted, whatever put it there.
 */
export function failureReporter(
  hook: HandlerErrorHook | undefined,
  secrets: readonly string[],
): FailureReporter | undefined {
  if (hook === undefined) return undefined;
  const hidden = secrets.filter((s) => s.length >= 4);
  const clean = (text: string) => {
    let out = text;
    for (const secret of hidden) out = out.split(secret).join('[redacted]');
    return out.replace(TOKEN_SHAPED, '[redacted]');
  };
  return (route, error) => {
    const refusal =
      error instanceof Refusal ? error : new Refusal('INTERNAL', 'The endpoint failed unexpectedly.');
    const chain = describeChain(error instanceof Refusal ? error.cause : error);
    const event: HandlerErrorEvent = {
      code: refusal.code,
      status: refusal.status,
      route,
      message: refusal.message,
      cause: chain === undefined ? undefined : clean(chain),
    };
    try {
      const result: unknown = hook(event);
      if (result instanceof Promise) result.catch(() => {});
    } catch {
      // A studio's logger that throws must not turn the answer into another failure.
    }
  };
}

/** `Name: message <- Name: message …` along `cause`, or `undefined` when there is no error. */
function describeChain(error: unknown): string | undefined {
  const links: string[] = [];
  let current = error;
  while (current !== undefined && current !== null && links.length < MAX_LINKS) {
    links.push(describe(current).slice(0, MAX_LINK_CHARS));
    current = errorLike(current) ? current.cause : undefined;
  }
  return links.length === 0 ? undefined : links.join(' <- ');
}

/** An error by its shape: one made in another realm (a runtime's own fetch, a test's VM) fails `instanceof`. */
function errorLike(
  value: unknown,
): value is { name: string; message: string; cause?: unknown; code?: unknown } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Error).message === 'string' &&
    typeof (value as Error).name === 'string'
  );
}

function describe(error: unknown): string {
  if (errorLike(error)) {
    const code = error.code;
    const suffix = typeof code === 'string' && !error.message.includes(code) ? ` (${code})` : '';
    return `${error.name}: ${error.message}${suffix}`;
  }
  return typeof error === 'string' ? error : Object.prototype.toString.call(error);
}
