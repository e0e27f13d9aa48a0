/** What route steps receive and return, and the services they share. */
import type { IncomingHttpHeaders } from 'node:http';
import type { JwtIssuer, SessionClaims } from './jwt.js';
import type { ApiKeyRecord, SandboxState, UserRecord } from './state.js';

/** One request as the route steps see it (Koa's `ctx` reduced to what the platform's code reads). */
export interface RequestContext {
  /** Upper-case method (`HEAD` is served by GET routes). */
  method: string;
  /** Raw path (percent-encoded), without the query. */
  path: string;
  /** Decoded route parameters. */
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The parsed body (`{}` when there is none or its content type is not parsed). */
  body: unknown;
  /** The caller's API key, once `hmacAuth` passed. */
  apiKey?: ApiKeyRecord;
  /** The user loaded by `otpAuth`, `checkUserExistsInParams` or `checkSessionJwt`. */
  user?: UserRecord;
  /** The claims checked by `checkSessionJwt`. */
  claims?: SessionClaims;
}

/** An answer: an object is sent as JSON, a string as text (HTML if it starts with `<`). */
export interface Reply {
  status: number;
  body: unknown;
  /** Extra response headers (a `content-type` here wins over the one guessed from the body). */
  headers?: Record<string, string>;
}

/** A middleware or controller: a {@link Reply} ends the request, `undefined` passes to the next step. */
export type Step = (ctx: RequestContext) => Promise<Reply | undefined> | Reply | undefined;

/** A route: method, path pattern (`:name` parameters) and its steps in order. */
export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  pattern: string;
  steps: Step[];
}

/** Services shared by every route of one sandbox. */
export interface Platform {
  state: SandboxState;
  jwt: JwtIssuer;
  now: () => number;
  /** Origin used in `claimingUrl`. */
  frontendUrl: () => string;
  /** The sandbox's own origin (e.g. `http://127.0.0.1:41234`), for the URLs it hands out (avatars). */
  origin: () => string;
}

/** A JSON reply. */
export const reply = (status: number, body: unknown): Reply => ({ status, body });

/** `body[key]` as the platform's destructuring reads it (undefined for non-objects). */
export function field(body: unknown, key: string): unknown {
  if (body === null || typeof body !== 'object') return undefined;
  return (body as Record<string, unknown>)[key];
}
