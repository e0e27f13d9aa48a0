/**
 * The relay's one call to MG+: `POST /v1/authenticate` with the validated payload, signed over its exact bytes,
 * with a fresh `X-Request-ID` that MG+ must echo. Kept as one replaceable function of the payload so the relay can
 * later call the server-side MG+ client instead (and keep the player token on the server).
 */
import { Refusal } from './errors.js';
import type { AuthenticatePayload } from './mgplus-authenticate-body.js';
import { callUpstream, type UpstreamAnswer, type UpstreamFetch } from './pipeline/upstream.js';

/** What {@link forwardAuthenticate} needs to reach MG+. */
export interface MgPlusForwardSettings {
  /** MG+ base URL without a trailing slash. */
  baseUrl: string;
  sharedSecret: string;
  signatureEncoding: 'hex' | 'base64';
  timeoutMs: number;
  fetch: UpstreamFetch;
}

/** MG+'s answer to an authenticate call, with the request id it echoed. */
export interface AuthenticateAnswer extends UpstreamAnswer {
  requestId: string;
}

/** Forwards a validated authenticate payload to MG+ (502 when the answer is not ours, 502/504 when MG+ fails). */
export async function forwardAuthenticate(
  settings: MgPlusForwardSettings,
  payload: AuthenticatePayload,
): Promise<AuthenticateAnswer> {
  const bytes = new TextEncoder().encode(JSON.stringify(payload));
  const requestId = globalThis.crypto.randomUUID();
  const signature = await signBytes(settings.sharedSecret, bytes, settings.signatureEncoding);
  const answer = await callUpstream(
    settings.fetch,
    {
      url: `${settings.baseUrl}/v1/authenticate`,
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        'x-hmac-signature': signature,
        'x-request-id': requestId,
      },
      body: bytes,
    },
    settings.timeoutMs,
    'MG+',
  );
  const echoed = answer.headers.get('x-request-id');
  const ok = answer.status >= 200 && answer.status < 300;
  // A different id means the answer is not ours (it may carry another player's token); a missing id is only
  // tolerated on errors, so an MG+ error body is not lost when a gateway in front of MG+ answered.
  if (echoed !== null ? echoed.toLowerCase() !== requestId : ok)
    throw new Refusal('UPSTREAM_REQUEST_ID_MISMATCH', 'MG+ did not echo the X-Request-ID of the request.');
  return { ...answer, requestId };
}

/**
 * HMAC-SHA256 of the exact payload bytes with WebCrypto, so the relay runs in any Fetch-API runtime (the module
 * must not import node:crypto: plyr-kit/server also loads on edge runtimes). MG+ authenticate is low-volume, so
 * the async WebCrypto cost does not matter here.
 */
async function signBytes(secret: string, bytes: Uint8Array, encoding: 'hex' | 'base64'): Promise<string> {
  const key = await globalThis.crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = new Uint8Array(
    await globalThis.crypto.subtle.sign('HMAC', key, bytes as Uint8Array<ArrayBuffer>),
  );
  if (encoding === 'hex') return Array.from(mac, (b) => b.toString(16).padStart(2, '0')).join('');
  return btoa(String.fromCharCode(...mac));
}
