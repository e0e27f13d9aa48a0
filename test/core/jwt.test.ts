/**
 * JWT decoding and ES256 verification with WebCrypto (docs/platform/plyr-api.md#session-jwt), against keys made with
 * node:crypto.
 */

import { createSign, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { importEs256Key, publicKeyDer, verifyEs256 } from '../../src/core/local-verify.js';
import { decodeSessionJwt, isPlyrError } from '../../src/index.js';

const b64url = (value: Buffer | string): string => Buffer.from(value).toString('base64url');
const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();

/** An ES256 JWT as jsonwebtoken makes it (raw r‖s signature). */
function es256(claims: object, header: object = { alg: 'ES256', typ: 'JWT' }): string {
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  const signature = createSign('SHA256').update(input).sign({ key: privateKey, dsaEncoding: 'ieee-p1363' });
  return `${input}.${b64url(signature)}`;
}

const claims = {
  plyrId: 'alice',
  nonce: 1,
  gameId: 'g',
  primaryAddress: '0x1',
  mirrorAddress: '0x2',
  iat: 1,
  exp: 2,
};

describe('decodeSessionJwt', () => {
  it('reads the claims', () => expect(decodeSessionJwt(es256(claims))).toEqual(claims));
  it.each(['', 'a.b', 'a.b.c', `x.${b64url('{"plyrId":"a"}')}.y`, `x.${b64url('[1]')}.y`])(
    'refuses %p',
    (jwt) => {
      let error: unknown;
      try {
        decodeSessionJwt(jwt);
      } catch (e) {
        error = e;
      }
      expect(isPlyrError(error, 'INVALID_JWT')).toBe(true);
    },
  );
});

describe('verifyEs256', () => {
  it('verifies with the key as the platform publishes it (base64 of a PEM), and as a bare PEM', async () => {
    const jwt = es256(claims);
    expect(
      await verifyEs256(jwt, await importEs256Key(publicKeyDer(Buffer.from(pem).toString('base64')))),
    ).toBe(true);
    expect(await verifyEs256(jwt, await importEs256Key(publicKeyDer(pem)))).toBe(true);
  });

  it('refuses a changed payload, another key, and another algorithm', async () => {
    const key = await importEs256Key(publicKeyDer(pem));
    const [h, , s] = es256(claims).split('.');
    expect(await verifyEs256(`${h}.${b64url(JSON.stringify({ ...claims, plyrId: 'bob' }))}.${s}`, key)).toBe(
      false,
    );
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({
      type: 'spki',
      format: 'pem',
    });
    expect(await verifyEs256(es256(claims), await importEs256Key(publicKeyDer(other.toString())))).toBe(
      false,
    );
    expect(await verifyEs256(es256(claims, { alg: 'HS256' }), key)).toBe(false);
    expect(await verifyEs256('not.a.jwt', key)).toBe(false);
  });
});
