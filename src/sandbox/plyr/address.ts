/**
 * Ethereum address helpers with the semantics of viem's `isAddress` / `getAddress`, which the platform uses to read
 * addresses in paths. EIP-55 checksums need Keccak-256, which node:crypto does not offer (its `sha3-256` uses the
 * FIPS padding), so a small sponge is implemented here.
 */
import { randomBytes } from 'node:crypto';

const MASK64 = (1n << 64n) - 1n;
/** Rotation offsets, lane index x + 5y. */
const ROTATIONS = [
  0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14,
].map(BigInt);
const ROUND_CONSTANTS = [
  '0000000000000001',
  '0000000000008082',
  '800000000000808a',
  '8000000080008000',
  '000000000000808b',
  '0000000080000001',
  '8000000080008081',
  '8000000000008009',
  '000000000000008a',
  '0000000000000088',
  '0000000080008009',
  '000000008000000a',
  '000000008000808b',
  '800000000000008b',
  '8000000000008089',
  '8000000000008003',
  '8000000000008002',
  '8000000000000080',
  '000000000000800a',
  '800000008000000a',
  '8000000080008081',
  '8000000000008080',
  '0000000080000001',
  '8000000080008008',
].map((hex) => BigInt(`0x${hex}`));

const rotl = (x: bigint, n: bigint): bigint => (n === 0n ? x : ((x << n) | (x >> (64n - n))) & MASK64);

function keccakF1600(a: bigint[]): void {
  const c: bigint[] = new Array(5).fill(0n);
  const b: bigint[] = new Array(25).fill(0n);
  for (const rc of ROUND_CONSTANTS) {
    for (let x = 0; x < 5; x++) c[x] = a[x]! ^ a[x + 5]! ^ a[x + 10]! ^ a[x + 15]! ^ a[x + 20]!;
    for (let x = 0; x < 5; x++) {
      const d = c[(x + 4) % 5]! ^ rotl(c[(x + 1) % 5]!, 1n);
      for (let y = 0; y < 25; y += 5) a[x + y] = a[x + y]! ^ d;
    }
    for (let x = 0; x < 5; x++) {
      for (let y = 0; y < 5; y++)
        b[y + 5 * ((2 * x + 3 * y) % 5)] = rotl(a[x + 5 * y]!, ROTATIONS[x + 5 * y]!);
    }
    for (let y = 0; y < 25; y += 5) {
      for (let x = 0; x < 5; x++)
        a[x + y] = b[x + y]! ^ (~b[((x + 1) % 5) + y]! & MASK64 & b[((x + 2) % 5) + y]!);
    }
    a[0] = a[0]! ^ rc;
  }
}

/**
 * A 256-bit Keccak sponge (rate 136 bytes). `padByte` 0x01 gives Ethereum's Keccak-256; 0x06 gives FIPS SHA3-256
 * (used by the tests to check this sponge against node:crypto).
 */
export function keccakSponge256(data: Uint8Array, padByte: number): Buffer {
  const rate = 136;
  const padded = new Uint8Array(Math.floor(data.length / rate + 1) * rate);
  padded.set(data);
  padded[data.length] = padded[data.length]! ^ padByte;
  padded[padded.length - 1] = padded[padded.length - 1]! ^ 0x80;
  const state: bigint[] = new Array(25).fill(0n);
  const view = Buffer.from(padded.buffer, padded.byteOffset, padded.byteLength);
  for (let off = 0; off < padded.length; off += rate) {
    for (let i = 0; i < rate / 8; i++) state[i] = state[i]! ^ view.readBigUInt64LE(off + i * 8);
    keccakF1600(state);
  }
  const out = Buffer.alloc(32);
  for (let i = 0; i < 4; i++) out.writeBigUInt64LE(state[i]!, i * 8);
  return out;
}

/** Ethereum Keccak-256. */
export const keccak256 = (data: Uint8Array | string): Buffer =>
  keccakSponge256(typeof data === 'string' ? Buffer.from(data, 'utf8') : data, 0x01);

const ADDRESS_RE = /^0x[a-fA-F0-9]{40}$/;

/** EIP-55 checksummed form of a hex address (any case in, no validation of an existing checksum). */
export function toChecksumAddress(address: string): string {
  const hex = address.slice(2).toLowerCase();
  const hash = keccak256(hex).toString('hex');
  let out = '0x';
  for (let i = 0; i < hex.length; i++)
    out += Number.parseInt(hash[i]!, 16) >= 8 ? hex[i]!.toUpperCase() : hex[i]!;
  return out;
}

/** viem `isAddress` (strict): 0x + 40 hex, and either all lower-case or a valid EIP-55 checksum. */
export function isAddress(value: unknown): boolean {
  if (typeof value !== 'string' || !ADDRESS_RE.test(value)) return false;
  if (value.toLowerCase() === value) return true;
  return toChecksumAddress(value) === value;
}

/** viem `getAddress` for a value that passed {@link isAddress}: the checksummed form. */
export const getAddress = (address: string): string => toChecksumAddress(address);

/** A fresh random checksummed address (stands in for a wallet the platform would create). */
export const randomAddress = (): string => toChecksumAddress(`0x${randomBytes(20).toString('hex')}`);
