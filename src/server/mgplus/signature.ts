/**
 * `X-HMAC-Signature` for MG+: HMAC-SHA256 over the exact body text sent (UTF-8), key = the shared secret as UTF-8
 * text. The guide does not say hex or base64: hex by default, base64 on request. Built on `../hmac.ts`, so the
 * client picks node:crypto in Node and WebCrypto on edge runtimes.
 */
import { createHmacSign, type HmacImplementation } from '../http/hmac.js';

/** Encoding of `X-HMAC-Signature`. */
export type MgPlusSignatureEncoding = 'hex' | 'base64';

/** Signs one body text. */
export type MgPlusBodySigner = (body: string) => string | Promise<string>;

function hexToBase64(hex: string): string {
  let binary = '';
  for (let i = 0; i < hex.length; i += 2)
    binary += String.fromCharCode(Number.parseInt(hex.slice(i, i + 2), 16));
  return btoa(binary);
}

/** A signer for `secret`; the key is prepared once. */
export async function createBodySigner(
  secret: string,
  encoding: MgPlusSignatureEncoding = 'hex',
  implementation: HmacImplementation = 'auto',
): Promise<MgPlusBodySigner> {
  const hex = await createHmacSign(secret, implementation);
  if (encoding === 'hex') return hex;
  return (body) => {
    const signed = hex(body);
    return typeof signed === 'string' ? hexToBase64(signed) : signed.then(hexToBase64);
  };
}
