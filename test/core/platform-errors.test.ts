/**
 * The one table from platform answers to error codes, row by row, with every body shape of
 * docs/platform/plyr-api.md#error-body-shapes.
 */
import { describe, expect, it } from '@jest/globals';
import { PLATFORM_ERRORS, platformError } from '../../src/core/platform-errors.js';
import type { PlyrErrorCode } from '../../src/index.js';

const json = (value: unknown): string => JSON.stringify(value);

/**
 * [status, body text, expected code] — the platform's real answers
 * (docs/platform/plyr-api.md#hmac-check-order-and-errors, #otp-check-and-lock-out, #player-auth-endpoints,
 * #error-body-shapes).
 */
const ROWS: Array<[number, string, PlyrErrorCode]> = [
  // docs/platform/plyr-api.md#hmac-check-order-and-errors hmacAuth
  [401, json({ error: 'Missing authentication headers' }), 'AUTH_REJECTED'],
  [401, json({ error: 'Invalid API key' }), 'AUTH_REJECTED'],
  [401, json({ error: 'Invalid signature' }), 'AUTH_REJECTED'],
  [401, json({ error: 'Request expired' }), 'CLOCK_SKEW'],
  [403, json({ error: 'Insufficient permissions' }), 'AUTH_REJECTED'],
  // docs/platform/plyr-api.md#otp-check-and-lock-out otpAuth
  [401, json({ error: '2FA token already used' }), 'OTP_ALREADY_USED'],
  [404, json({ error: 'User not found' }), 'USER_NOT_FOUND'],
  [403, json({ error: 'User is instant play pass, can not use 2fa to login' }), 'GUEST_ACCOUNT'],
  [403, json({ error: 'User is temporary locked' }), 'ACCOUNT_LOCKED'],
  [401, json({ error: 'Invalid 2fa token' }), 'INVALID_OTP'],
  [
    500,
    json({ error: "Cannot read properties of undefined (reading 'toLowerCase')", stack: 'TypeError: ...' }),
    'SERVER',
  ],
  // docs/platform/plyr-api.md#login a non-integer expiresIn
  [
    500,
    json({ error: '"expiresIn" should be a number of seconds or string representing a timespan' }),
    'SERVER',
  ],
  // docs/platform/plyr-api.md#login-and-approve loginAndApprove
  [401, json({ error: 'Token is required' }), 'INVALID_APPROVAL'],
  [401, json({ error: 'Invalid token: dogecoin' }), 'INVALID_APPROVAL'],
  [401, json({ error: 'Invalid token: undefined ' }), 'INVALID_APPROVAL'],
  [401, json({ error: 'Game ID is required' }), 'INVALID_APPROVAL'],
  [401, json({ error: 'Invalid game ID' }), 'INVALID_APPROVAL'],
  [401, json({ error: 'Approve amount was incorrect.' }), 'INVALID_APPROVAL'],
  [401, json({ error: 'Input params was incorrect.' }), 'INVALID_APPROVAL'],
  // docs/platform/plyr-api.md#logout logout: the nonce case is `{message}`
  [401, json({ error: 'Invalid sessionJwt' }), 'SESSION_EXPIRED'],
  [401, json({ error: 'User not found' }), 'USER_NOT_FOUND'],
  [401, json({ error: 'Instant Play Pass user cannot logout' }), 'GUEST_ACCOUNT'],
  [401, json({ message: 'JWT nonce is expired' }), 'SESSION_REVOKED'],
  // docs/platform/plyr-api.md#session-verify session/verify
  [401, json({ error: 'JWT and API key mismatch' }), 'INVALID_JWT'],
  [401, json({ error: 'JWT nonce is expired' }), 'SESSION_REVOKED'],
  // docs/platform/plyr-api.md#user-lookups user info
  [404, json({ error: 'Primary address not found' }), 'USER_NOT_FOUND'],
  [400, json({ error: 'Invalid PLYR[ID]' }), 'INVALID_INPUT'],
  [404, json({ error: 'PLYR[ID] not found' }), 'USER_NOT_FOUND'],
  // docs/platform/plyr-api.md#guest-registration register collision
  [400, json({ error: 'PLYR[ID] already exists' }), 'SERVER'],
  [500, json({ error: 'tokens is not iterable', stack: '...' }), 'SERVER'],
  // docs/platform/plyr-api.md#reveal-claiming-code checkSessionJwt errors come as 500 (and one 400)
  [400, json({ error: 'sessionJwt is empty' }), 'NOT_SIGNED_IN'],
  [500, json({ error: 'Invalid sessionJwt' }), 'SESSION_EXPIRED'],
  [500, json({ error: 'Invalid gameId' }), 'INVALID_JWT'],
  [500, json({ error: 'User not found' }), 'USER_NOT_FOUND'],
  [500, json({ error: 'JWT nonce is expired' }), 'SESSION_REVOKED'],
  [401, json({ error: 'Only Instant Play Pass user can reveal claiming code' }), 'INVALID_INPUT'],
  // docs/platform/plyr-api.md#claiming-codes
  [404, json({ error: 'Claiming code not found' }), 'CLAIMING_CODE_NOT_FOUND'],
  // docs/platform/plyr-api.md#error-body-shapes Koa plain-text answers, other 5xx, unknown shapes
  [400, 'Bad Request', 'SERVER'],
  [404, 'Not Found', 'SERVER'],
  [405, 'Method Not Allowed', 'SERVER'],
  [413, 'Payload Too Large', 'SERVER'],
  [502, '<html>Bad Gateway</html>', 'SERVER'],
  [503, '', 'SERVER'],
  [401, json({ error: 'Invalid sessionJwts', invalidPlyrIds: { a: 'JWT deadline is expired' } }), 'SERVER'],
  [500, json({ message: 'constructor' }), 'SERVER'],
  [429, 'Too Many Requests', 'RATE_LIMITED'],
];

describe('platformError', () => {
  it.each(ROWS)('HTTP %i %s → %s', (status, text, code) => {
    const error = platformError(status, text, { now: 0 });
    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
    expect(error.message).toContain(`HTTP ${status}`);
  });

  it('has a row for every message of the table', () => {
    for (const [message, code] of Object.entries(PLATFORM_ERRORS)) {
      expect([message, platformError(401, json({ error: message })).code]).toEqual([message, code]);
      expect([message, platformError(401, json({ message })).code]).toEqual([message, code]);
    }
  });

  it('reads `error` before `message`, and plain text when the body is not JSON', () => {
    expect(platformError(401, json({ error: 'Invalid 2fa token', message: 'Request expired' })).code).toBe(
      'INVALID_OTP',
    );
    expect(platformError(401, 'Invalid 2fa token').code).toBe('INVALID_OTP');
  });

  it('keeps the parsed body as cause', () => {
    expect(platformError(401, json({ error: 'Invalid 2fa token' })).cause).toEqual({
      error: 'Invalid 2fa token',
    });
    expect(platformError(404, 'Not Found').cause).toBe('Not Found');
  });

  it('tells an expired JWT from an invalid one by the local expiry', () => {
    const text = json({ error: 'Invalid sessionJwt' });
    expect(platformError(401, text, { jwtExpired: true }).code).toBe('SESSION_EXPIRED');
    expect(platformError(401, text, { jwtExpired: false }).code).toBe('INVALID_JWT');
  });

  it('waits until the next TOTP step after a reused code, 60 s after a lock-out', () => {
    expect(
      platformError(401, json({ error: '2FA token already used' }), { now: 1_000_002_000 }).retryAfterMs,
    ).toBe(18_000);
    expect(platformError(403, json({ error: 'User is temporary locked' })).retryAfterMs).toBe(60_000);
    expect(platformError(401, json({ error: 'Invalid 2fa token' })).retryAfterMs).toBeUndefined();
  });

  it('honours Retry-After on a 429', () => {
    expect(platformError(429, 'Too Many Requests', {}, '7').retryAfterMs).toBe(7000);
    expect(platformError(429, 'Too Many Requests', {}, null).retryAfterMs).toBe(1000);
  });

  it('never puts a JWT in the message', () => {
    const jwt = 'eyJhbGciOiJFUzI1NiJ9.eyJwbHlySWQiOiJ4In0.c2lnbmF0dXJl';
    const error = platformError(500, json({ error: `jwt malformed: ${jwt}` }));
    expect(error.message).not.toContain(jwt);
    expect(error.message).not.toContain('eyJ');
  });
});
