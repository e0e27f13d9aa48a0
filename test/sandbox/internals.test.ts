// Building blocks with exact external references: Keccak (vs node's SHA3 with FIPS padding, EIP-55 vectors),
// jsonwebtoken's expiresIn rules, koa-bodyparser's strict JSON and forms.
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { isAddress, keccak256, keccakSponge256, toChecksumAddress } from '../../src/sandbox/plyr/address.js';
import { parseForm, parseStrictJson } from '../../src/sandbox/plyr/body-parser.js';
import { expiryFor, parseMs } from '../../src/sandbox/plyr/jwt.js';
import { newClaimingCode } from '../../src/sandbox/plyr/routes/ipp.js';

describe('Keccak-256 and EIP-55', () => {
  it('matches SHA3-256 when padded the FIPS way, across block boundaries', () => {
    for (const n of [0, 1, 135, 136, 137, 272, 500]) {
      const data = randomBytes(n);
      expect(keccakSponge256(data, 0x06).equals(createHash('sha3-256').update(data).digest())).toBe(true);
    }
  });

  it('gives the known Keccak-256 of the empty string and EIP-55 test vectors', () => {
    expect(keccak256('').toString('hex')).toBe(
      'c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470',
    );
    for (const a of [
      '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
      '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359',
    ]) {
      expect(toChecksumAddress(a.toLowerCase())).toBe(a);
      expect(isAddress(a)).toBe(true);
    }
    expect(isAddress('0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d358')).toBe(false);
    expect(isAddress('0xfb6916095ca1df60bb79ce92ce3ea74c37c5d358')).toBe(true);
    expect(isAddress('0x123')).toBe(false);
  });
});

describe('expiresIn (jsonwebtoken 9 + ms)', () => {
  it('reads integers as seconds, falsy as 86400, strings through ms', () => {
    expect(expiryFor(60, 1000)).toBe(1060);
    expect(expiryFor(0, 1000)).toBe(87_400);
    expect(expiryFor(undefined, 1000)).toBe(87_400);
    expect(expiryFor('2h', 1000)).toBe(1000 + 7200);
    expect(expiryFor('86400', 1000)).toBe(1086);
    expect(parseMs('1.5 days')).toBe(129_600_000);
    expect(parseMs('10 mins')).toBe(600_000);
    expect(parseMs('1y')).toBe(31_557_600_000);
  });

  it("throws jsonwebtoken's errors", () => {
    expect(() => expiryFor(1.5, 0)).toThrow(
      '"expiresIn" should be a number of seconds or string representing a timespan',
    );
    expect(() => expiryFor(true, 0)).toThrow('"expiresIn" should be a number of seconds or string');
    expect(() => expiryFor('soon', 0)).toThrow('eg: "1d", "20h", 60');
  });
});

describe('body parsing', () => {
  it('is strict JSON: {} for empty, objects and arrays only, no __proto__', () => {
    expect(parseStrictJson('')).toEqual({});
    expect(parseStrictJson(' [1]')).toEqual([1]);
    for (const bad of ['1', 'null', '"x"', '{', '{"a":{"__proto__":1}}'])
      expect(() => parseStrictJson(bad)).toThrow();
  });

  it('parses forms with repeated and [] keys, dropping prototype keys', () => {
    expect(parseForm('a=1&b[]=x&c=1&c=2&constructor=x')).toEqual({ a: '1', b: ['x'], c: ['1', '2'] });
  });
});

describe('claiming codes', () => {
  it('are 8 random bytes as XXXX-XXXX-XXXX-XXXX upper-case hex', () => {
    const codes = new Set(Array.from({ length: 50 }, newClaimingCode));
    expect(codes.size).toBe(50);
    for (const code of codes) expect(code).toMatch(/^[0-9A-F]{4}(-[0-9A-F]{4}){3}$/);
  });
});
