/**
 * The HMAC routes other than `createHmac` give `createHmac`'s answer: the keyed-states HMAC (taken on Deno) for keys
 * shorter than, equal to and longer than SHA-256's block, and messages that are empty, ASCII, non-ASCII or long;
 * and `createHmacSign` in every implementation. node:crypto's `createHmac` is the oracle.
 */
import * as nodeCrypto from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { createHmacSign, keyedStatesHmac } from '../../src/server/http/hmac.js';
import { prng } from '../helpers/prng.js';

const oracle = (key: Uint8Array | string, message: string) =>
  nodeCrypto.createHmac('sha256', key).update(message).digest('hex');

describe('HMAC-SHA256', () => {
  it('keyed states give createHmac’s answer for every key length around the block size', () => {
    const rng = prng(24);
    for (const length of [0, 1, 32, 63, 64, 65, 128, 300]) {
      const key = nodeCrypto.randomBytes(length);
      const hmac = keyedStatesHmac(nodeCrypto, key);
      expect(hmac).toBeDefined();
      for (const message of ['', 'plyr', '{"name":"Zoë 🎮"}', 'x'.repeat(rng.int(5000))])
        expect(hmac?.(message)).toBe(oracle(key, message));
      // The keyed states are copied, never consumed: the same message signs the same way again.
      expect(hmac?.('again')).toBe(hmac?.('again'));
    }
  });

  it('keyed states are refused when the hashes cannot be copied', () => {
    const noCopy = {
      createHmac: nodeCrypto.createHmac,
      createHash: (algorithm: string) => Object.assign(nodeCrypto.createHash(algorithm), { copy: undefined }),
    } as unknown as Parameters<typeof keyedStatesHmac>[0];
    expect(keyedStatesHmac(noCopy, new Uint8Array(8))).toBeUndefined();
  });

  it.each(['auto', 'node', 'webcrypto'] as const)(
    'createHmacSign(%s) signs as the platform checks',
    async (kind) => {
      const secret = 'sandbox-secret-ü';
      const sign = await createHmacSign(secret, kind);
      const message = `1733475600000{"plyrId":"zoë","gameId":"demo"}`;
      expect(await sign(message)).toBe(oracle(secret, message));
    },
  );
});
