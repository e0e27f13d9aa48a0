/**
 * One signed call to the platform's game-economy API (docs/platform/plyr-api.md#hmac-signing): the HMAC covers the
 * timestamp and the exact body text sent (a GET signs `"{}"`, as the platform parses an empty body), with the same
 * HMAC and forwarding step as the signing endpoint (`http/hmac.ts`, `http/upstream.ts`): a hard timeout, the answer
 * read to the end, no redirect followed. A failure to get an answer is a {@link PlyrGameError} whose outcome is
 * `unknown`; an answer of any status is returned for the caller to read.
 */

import { Refusal } from '../http/errors.js';
import type { HmacSign } from '../http/hmac.js';
import { callUpstream, type UpstreamFetch } from '../http/upstream.js';
import { PlyrGameError } from './errors.js';

/** What a call needs from the client. */
export interface GameTransport {
  /** The platform's origin (and path prefix), without a trailing slash; `/api/...` is appended. */
  apiBase: string;
  apiKey: string;
  /** The HMAC of the secret key, imported once. */
  sign: () => Promise<HmacSign>;
  fetch: UpstreamFetch;
  /** Timeout of a call without a sync wait, in ms. */
  timeoutMs: number;
  now(): number;
}

/** The status and parsed JSON body of an answer (`undefined` when the body is not JSON). */
export interface GameAnswer {
  status: number;
  body: unknown;
}

const decoder = new TextDecoder();

/** Sends one signed call; `timeoutMs` overrides the transport's (a sync call waits for its task). */
export async function callPlatform(
  t: GameTransport,
  method: 'GET' | 'POST',
  path: string,
  body?: Record<string, unknown>,
  timeoutMs = t.timeoutMs,
): Promise<GameAnswer> {
  const text = method === 'GET' ? '{}' : JSON.stringify(body ?? {});
  const timestamp = String(Math.floor(t.now()));
  const hmac = await t.sign();
  const headers: Record<string, string> = {
    apikey: t.apiKey,
    signature: await hmac(timestamp + text),
    timestamp,
    accept: 'application/json',
  };
  if (method === 'POST') headers['content-type'] = 'application/json';
  let status: number;
  let bytes: Uint8Array;
  try {
    ({ status, bytes } = await callUpstream(
      t.fetch,
      { url: `${t.apiBase}${path}`, method, headers, ...(method === 'POST' ? { body: text } : {}) },
      timeoutMs,
      'The PLYR platform',
    ));
  } catch (error) {
    const timedOut = error instanceof Refusal && error.code === 'UPSTREAM_TIMEOUT';
    throw new PlyrGameError(
      timedOut ? 'TIMEOUT' : 'NETWORK',
      `${method} ${path.split('?')[0]}: ${timedOut ? `no answer within ${timeoutMs} ms` : 'the platform could not be reached'}; the outcome is not known.`,
      { outcome: 'unknown', cause: error },
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoder.decode(bytes));
  } catch {
    parsed = undefined;
  }
  return { status, body: parsed };
}
