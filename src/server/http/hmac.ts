/**
 * HMAC-SHA256 (key = the secret as UTF-8 text, output lowercase hex), as the platform checks it
 * (docs/platform/plyr-api.md#hmac-signing).
 *
 * Two implementations behind one interface: WebCrypto (`crypto.subtle`, every modern runtime: edge, Deno, Bun,
 * browsers, Node) and node:crypto. In Node the async WebCrypto call costs far more than the HMAC itself
 * (see the report of `npm run bench`), so `auto` uses node:crypto when the runtime has it and falls back to
 * WebCrypto otherwise. node:crypto is loaded with a dynamic import so edge bundles never need it. Where a runtime's
 * `createHmac` is slow (Bun, Deno), a faster route to the same answer is taken once it has given `createHmac`'s.
 */

/** Computes the hex HMAC of a message (synchronously with node:crypto, asynchronously with WebCrypto). */
export type HmacSign = (message: string) => string | Promise<string>;

/** Which HMAC implementation to use. */
export type HmacImplementation = 'auto' | 'node' | 'webcrypto';

const HEX: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function toHex(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i]!];
  return out;
}

/** WebCrypto HMAC: the key is imported once; each call is one `subtle.sign`. */
export async function webCryptoHmac(secret: string): Promise<HmacSign> {
  const subtle = globalThis.crypto?.subtle;
  if (subtle === undefined) throw new Error('WebCrypto (crypto.subtle) is not available in this runtime.');
  const encoder = new TextEncoder();
  const key = await subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return async (message) => toHex(await subtle.sign('HMAC', key, encoder.encode(message)));
}

/** A node:crypto hash state. */
interface NodeHash {
  update(data: string | Uint8Array): NodeHash;
  digest(): Uint8Array;
  digest(encoding: 'hex'): string;
  copy(): NodeHash;
}

/** The parts of node:crypto used here. */
export interface NodeCryptoModule {
  createHmac(
    algorithm: string,
    key: Uint8Array,
  ): { update(data: string): { digest(encoding: 'hex'): string } };
  createHash(algorithm: string): NodeHash;
}

/** SHA-256's block size in bytes: the HMAC key is padded (or first hashed) to it. */
const SHA256_BLOCK = 64;

/**
 * HMAC-SHA256 as RFC 2104 builds it, from two SHA-256 states keyed once (key ⊕ ipad, key ⊕ opad) that each call
 * copies. Deno's node:crypto builds the HMAC in JavaScript and pads the key again on every `createHmac`; copying
 * the keyed states costs about half as much there. `undefined` when the module's hashes cannot be copied.
 */
export function keyedStatesHmac(mod: NodeCryptoModule, key: Uint8Array): HmacSign | undefined {
  if (typeof mod.createHash !== 'function') return undefined;
  const block = new Uint8Array(SHA256_BLOCK);
  block.set(key.length > SHA256_BLOCK ? mod.createHash('sha256').update(key).digest() : key);
  const inner = mod.createHash('sha256').update(block.map((b) => b ^ 0x36));
  const outer = mod.createHash('sha256').update(block.map((b) => b ^ 0x5c));
  if (typeof inner.copy !== 'function') return undefined;
  return (message) => outer.copy().update(inner.copy().update(message).digest()).digest('hex');
}

/** node:crypto HMAC (synchronous), or `undefined` when the runtime has no node:crypto. */
export async function nodeHmac(secret: string): Promise<HmacSign | undefined> {
  const proc = (globalThis as { process?: { versions?: { node?: string } } }).process;
  if (typeof proc?.versions?.node !== 'string') return undefined;
  let mod: NodeCryptoModule;
  try {
    // A non-literal specifier keeps edge bundlers from trying to resolve a Node built-in.
    const specifier = 'node:crypto';
    mod = (await import(/* webpackIgnore: true */ /* @vite-ignore */ specifier)) as NodeCryptoModule;
  } catch {
    return undefined;
  }
  // The key as bytes, encoded once. Not a KeyObject: Deno's node:crypto exports a KeyObject's bytes again on every
  // createHmac (about 2 µs a request there), and Node and Bun take bytes as fast.
  const key = new TextEncoder().encode(secret);
  const hmac: HmacSign = (message) => mod.createHmac('sha256', key).update(message).digest('hex');
  if ((globalThis as { Deno?: unknown }).Deno === undefined) return hmac; // Node's createHmac is native: as fast
  return agreeing(keyedStatesHmac(mod, key), hmac) ?? hmac;
}

/** `faster` once it gives `reference`'s answers (a plain and a non-ASCII message), else `undefined`. */
function agreeing(faster: HmacSign | undefined, reference: HmacSign): HmacSign | undefined {
  if (faster === undefined) return undefined;
  for (const probe of ['plyr-kit hmac self-check', '{"name":"Zoë 🎮"}'])
    if (faster(probe) !== reference(probe)) return undefined;
  return faster;
}

interface BunCryptoHasher {
  new (algorithm: string, hmacKey: Uint8Array): { update(data: string): { digest(encoding: 'hex'): string } };
}

/**
 * Bun's own HMAC (`Bun.CryptoHasher` with a key): about half the cost of Bun's node:crypto `createHmac`, which wraps
 * it in a stream object per call. `undefined` outside Bun.
 */
function bunHmac(secret: string): HmacSign | undefined {
  const Hasher = (globalThis as { Bun?: { CryptoHasher?: BunCryptoHasher } }).Bun?.CryptoHasher;
  if (typeof Hasher !== 'function') return undefined;
  const key = new TextEncoder().encode(secret);
  return (message) => new Hasher('sha256', key).update(message).digest('hex');
}

/**
 * Picks the HMAC implementation (`auto`: node:crypto when available, else WebCrypto; on Bun, Bun's own HMAC once it
 * gives node:crypto's answer).
 */
export async function createHmacSign(
  secret: string,
  implementation: HmacImplementation = 'auto',
): Promise<HmacSign> {
  if (implementation !== 'webcrypto') {
    const node = await nodeHmac(secret);
    if (node !== undefined && implementation === 'auto') {
      // Checked once against node:crypto, so a Bun whose CryptoHasher took no key could never sign wrongly.
      const bun = agreeing(bunHmac(secret), node);
      if (bun !== undefined) return bun;
    }
    if (node !== undefined) return node;
    if (implementation === 'node') throw new Error('node:crypto is not available in this runtime.');
  }
  return webCryptoHmac(secret);
}
