/**
 * Every MG+ error code of the guide, answered by a relay on loopback, becomes a typed `MgPlusError` in the browser:
 * the stable plyr-kit code, the exact MG+ code, and whether the call may be retried; the shared table
 * (`src/realplay/mgplus-error-codes.ts`) lists each documented code once.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import {
  createRealPlay,
  isMgPlusError,
  MGPLUS_ERROR_CODES,
  MGPLUS_ERRORS,
  mgplusErrorInfo,
} from '../../src/realplay/index.js';
import { type Started, sendJson, startStub } from '../helpers/realplay-servers.js';
import { rejection } from '../helpers/rejection.js';

const stubs: Started[] = [];
afterAll(() => Promise.all(stubs.map((s) => s.close())));

/** Authenticate against a relay stand-in that answers `status` and `body`. */
async function refusal(status: number, body: unknown) {
  const stub = await startStub((_req, res) => sendJson(res, status, body));
  stubs.push(stub);
  const rp = createRealPlay({ relay: stub.url, provider: 'plyr-studio', game: 'g', platform: 'desktop' });
  return rejection(rp.authenticate('eyJhbG9hshdgjh38Gsjsk3jdl'));
}

/** The guide's codes in its order, each with its HTTP status, the browser's code and retryable flag; then an unknown one. */
const CASES: [string, number, string, boolean][] = [
  ['INVALID_REQUEST', 400, 'INVALID_INPUT', false],
  ['PLAYER_UNAUTHORIZED', 401, 'PLAYER_UNAUTHORIZED', false],
  ['SERVER_UNAUTHORIZED', 401, 'AUTH_REJECTED', false],
  ['INSUFFICIENT_FUNDS', 400, 'SERVER', false],
  ['REGION_BLOCKED', 401, 'REGION_BLOCKED', false],
  ['SESSION_EXPIRED', 401, 'SESSION_EXPIRED', true],
  ['VALIDATION_FAILED', 400, 'INVALID_INPUT', false],
  ['DEBIT_FAILED', 500, 'SERVER', true],
  ['CREDIT_FAILED', 500, 'SERVER', true],
  ['DEBIT_ROLLED_BACK', 400, 'SERVER', false],
  ['RETRY_REQUIRED', 500, 'SERVER', true],
  ['SOMETHING_NEW', 500, 'SERVER', false],
];
/** The documented codes alone (an independent list: the source table may not lose one). */
const GUIDE_CODES = CASES.map(([code]) => code).filter((code) => code !== 'SOMETHING_NEW');

describe('MG+ error codes in the browser', () => {
  it.each(CASES)('%s (HTTP %i) → %s, retryable: %p', async (mgplusCode, status, code, retryable) => {
    // Lower-case on the wire: MG+ codes are matched case-insensitively.
    const body = { error: { code: mgplusCode.toLowerCase(), message: 'from MG+' } };
    const error = await refusal(status, body);
    expect(error).toMatchObject({ code, status, mgplusCode, retryable, cause: body });
    expect(error.message).toContain(mgplusCode);
    expect(isMgPlusError(error)).toBe(true);
  });

  it("lists every documented code once, the guide's four retryable ones retryable", () => {
    expect(Object.keys(MGPLUS_ERRORS)).toEqual([...MGPLUS_ERROR_CODES]);
    expect(MGPLUS_ERROR_CODES).toHaveLength(11);
    expect([...MGPLUS_ERROR_CODES]).toEqual(GUIDE_CODES);
    expect(MGPLUS_ERROR_CODES.filter((c) => MGPLUS_ERRORS[c].retryable)).toEqual([
      'SESSION_EXPIRED',
      'DEBIT_FAILED',
      'CREDIT_FAILED',
      'RETRY_REQUIRED',
    ]);
    expect(mgplusErrorInfo('debit_failed')).toBe(MGPLUS_ERRORS.DEBIT_FAILED);
    expect(mgplusErrorInfo('toString')).toBeUndefined();
    expect(mgplusErrorInfo('NOPE')).toBeUndefined();
  });

  it('a relay refusal is not an MG+ error', async () => {
    const error = await refusal(403, { error: 'no', code: 'ORIGIN_NOT_ALLOWED' });
    expect(error.code).toBe('SIGNER_REJECTED');
    expect(isMgPlusError(error)).toBe(false);
  });
});
