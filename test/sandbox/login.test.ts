// docs/platform/plyr-api.md#otp-check-and-lock-out, #player-auth-endpoints, #session-jwt, #totp-parameters: login,
// the OTP middleware, single session per game, logout, session/verify.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { type JsonObject, startTestSandbox, type TestSandbox } from '../helpers/sandbox-client.js';
import { LOGIN_ANSWER_KEYS } from '../helpers/sandbox-shapes.js';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(() => t.sb.close());

const verify = (sessionJwt: unknown, client = t.client) =>
  client.post('/api/user/session/verify', { sessionJwt });
const logout = (sessionJwt: unknown, client = t.client) => client.post('/api/user/logout', { sessionJwt });

describe('POST /api/user/login', () => {
  it('answers the documented shape (no nonce) with an ES256 JWT of the documented claims', async () => {
    const res = await t.login('demo-player');
    expect(res.status).toBe(200);
    const seeded = t.sb.users[0]!;
    expect(Object.keys(res.json)).toEqual(LOGIN_ANSWER_KEYS);
    expect(res.json).toMatchObject({
      plyrId: 'demo-player',
      gameId: t.sb.gameId,
      primaryAddress: seeded.primaryAddress,
      mirrorAddress: seeded.mirrorAddress,
      avatar: `${t.sb.url}/sandbox/ipfs/QmNRjvbBfJ7GpRzjs7uxRUytAAuuXjhBqKhDETbET2h6wR`,
      ippClaimed: false,
      isIPP: false,
    });
    const jwt = String(res.json.sessionJwt);
    expect(decodeProtectedHeader(jwt)).toEqual({ alg: 'ES256', typ: 'JWT' });
    const claims = decodeJwt(jwt);
    expect(Object.keys(claims)).toEqual([
      'plyrId',
      'nonce',
      'gameId',
      'primaryAddress',
      'mirrorAddress',
      'iat',
      'exp',
    ]);
    expect(claims.iat).toBe(Math.floor(t.clock.now() / 1000));
    expect(claims.exp).toBe((claims.iat as number) + 86_400);
  });

  it('uses expiresIn (integer seconds) for exp and the deadline', async () => {
    const res = await t.login('second-player', { expiresIn: 3600 });
    const claims = decodeJwt(String(res.json.sessionJwt));
    expect(claims.exp).toBe((claims.iat as number) + 3600);
    const sessions = await t.client.get('/api/user/activeSessions/second-player');
    expect(sessions.json).toEqual({ activeSessions: { [t.sb.gameId]: t.clock.now() + 3_600_000 } });
  });

  it('reads a numeric string expiresIn as milliseconds (jsonwebtoken/ms), while the deadline takes seconds', async () => {
    const res = await t.login('second-player', { expiresIn: '86400' });
    const claims = decodeJwt(String(res.json.sessionJwt));
    expect(claims.exp).toBe((claims.iat as number) + 86);
    const sessions = await t.client.get('/api/user/activeSessions/second-player');
    expect((sessions.json.activeSessions as JsonObject)[t.sb.gameId]).toBe(t.clock.now() + 86_400_000);
  });

  it('fails with 500 on a non-integer expiresIn, after the nonce already moved', async () => {
    const before = await t.login('second-player');
    const res = await t.login('second-player', { expiresIn: 3600.5 });
    expect(res.status).toBe(500);
    expect(res.json.error).toBe(
      '"expiresIn" should be a number of seconds or string representing a timespan',
    );
    expect((await verify(before.json.sessionJwt)).json).toEqual({ error: 'JWT nonce is expired' });
  });

  it('keeps the gameId as sent (not validated); verify then reports the mismatch', async () => {
    const res = await t.login('second-player', { gameId: 'someone-else' });
    expect(res.status).toBe(200);
    expect(res.json.gameId).toBe('someone-else');
    expect((await verify(res.json.sessionJwt)).json).toEqual({ error: 'JWT and API key mismatch' });
  });

  it('lower-cases the plyrId for the lookup and the JWT', async () => {
    const res = await t.client.post('/api/user/login', {
      plyrId: 'Demo-Player',
      otp: t.freshCode('demo-player'),
    });
    expect(res.status).toBe(200);
    expect(res.json.plyrId).toBe('demo-player');
  });
});

describe('otpAuth', () => {
  it('refuses an unknown user with 404 (after recording the code)', async () => {
    const res = await t.client.post('/api/user/login', { plyrId: 'nobody-here', otp: '123456' });
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ error: 'User not found' });
    const again = await t.client.post('/api/user/login', { plyrId: 'nobody-here', otp: '123456' });
    expect(again.status).toBe(401);
    expect(again.json).toEqual({ error: '2FA token already used' });
  });

  it('refuses a code used before, even when the first use failed', async () => {
    const code = t.freshCode('demo-player');
    expect((await t.client.post('/api/user/login', { plyrId: 'demo-player', otp: code })).status).toBe(200);
    const res = await t.client.post('/api/user/login', { plyrId: 'demo-player', otp: code });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ error: '2FA token already used' });
  });

  it('keys the reuse cache on the raw plyrId', async () => {
    const code = t.freshCode('demo-player');
    expect((await t.client.post('/api/user/login', { plyrId: 'demo-player', otp: code })).status).toBe(200);
    expect((await t.client.post('/api/user/login', { plyrId: 'DEMO-player', otp: code })).status).toBe(200);
  });

  it('lets a code be reused after 5 minutes', async () => {
    const code = t.freshCode('demo-player');
    await t.client.post('/api/user/login', { plyrId: 'demo-player', otp: code });
    t.clock.advance(5 * 60 * 1000 + 1);
    // The code itself is stale by now: the cache no longer refuses it, the TOTP check does.
    const res = await t.client.post('/api/user/login', { plyrId: 'demo-player', otp: code });
    expect(res.json).toEqual({ error: 'Invalid 2fa token' });
  });

  it('accepts the previous and next step (window 1) but not two steps away', async () => {
    const now = t.clock.advance(120_000);
    const prev = t.sb.totp('second-player', now - 30_000);
    const next = t.sb.totp('second-player', now + 30_000);
    const far = t.sb.totp('second-player', now + 60_000);
    expect((await t.client.post('/api/user/login', { plyrId: 'second-player', otp: prev })).status).toBe(200);
    expect((await t.client.post('/api/user/login', { plyrId: 'second-player', otp: next })).status).toBe(200);
    const res = await t.client.post('/api/user/login', { plyrId: 'second-player', otp: far });
    expect(res.json).toEqual({ error: 'Invalid 2fa token' });
  });

  it('refuses a numeric otp (strict string equality)', async () => {
    const code = t.freshCode('second-player');
    const res = await t.client.post('/api/user/login', { plyrId: 'second-player', otp: Number(code) });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ error: 'Invalid 2fa token' });
  });

  it('locks the user for 60 s on the 5th failure in a row (numeric codes count), even for a right code', async () => {
    expect((await t.login('demo-player')).status).toBe(200); // the counter is per user: start from 0
    t.clock.advance(30_000);
    for (let i = 0; i < 5; i++) {
      const otp = i === 0 ? Number(t.sb.totp('demo-player')) : `00000${i}`;
      const res = await t.client.post('/api/user/login', { plyrId: 'demo-player', otp });
      expect(res.json).toEqual({ error: 'Invalid 2fa token' });
    }
    // The numeric attempt used up the current code too: the reuse key is `${plyrId}-${otp}` either way.
    const reused = await t.client.post('/api/user/login', {
      plyrId: 'demo-player',
      otp: t.sb.totp('demo-player'),
    });
    expect(reused.json).toEqual({ error: '2FA token already used' });
    const nextCode = () => t.sb.totp('demo-player', t.clock.now() + 30_000);
    const locked = await t.client.post('/api/user/login', { plyrId: 'demo-player', otp: nextCode() });
    expect(locked.status).toBe(403);
    expect(locked.json).toEqual({ error: 'User is temporary locked' });
    t.clock.advance(59_000);
    const still = await t.client.post('/api/user/login', { plyrId: 'demo-player', otp: nextCode() });
    expect(still.json).toEqual({ error: 'User is temporary locked' });
    t.clock.advance(1_001);
    expect((await t.login('demo-player')).status).toBe(200);
  });

  it('resets the failure count on a successful login', async () => {
    expect((await t.login('second-player')).status).toBe(200);
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 4; i++) {
        const res = await t.client.post('/api/user/login', {
          plyrId: 'second-player',
          otp: `11111${round}${i}`,
        });
        expect(res.json).toEqual({ error: 'Invalid 2fa token' });
      }
      expect((await t.login('second-player')).status).toBe(200);
    }
  });

  it('crashes with 500 on a missing plyrId', async () => {
    const res = await t.client.post('/api/user/login', { otp: '654321' });
    expect(res.status).toBe(500);
    expect(res.json.error).toBe("Cannot read properties of undefined (reading 'toLowerCase')");
  });

  it('refuses a guest with 403', async () => {
    const guest = await t.registerGuest();
    const res = await t.client.post('/api/user/login', { plyrId: guest.json.plyrId, otp: '123456' });
    expect(res.status).toBe(403);
    expect(res.json).toEqual({ error: 'User is instant play pass, can not use 2fa to login' });
  });
});

describe('one session per user per game', () => {
  it('revokes the older JWT on a newer login of the same game, not of another game', async () => {
    const first = await t.login('demo-player');
    const elsewhere = await t.login('demo-player', {}, t.other);
    expect((await verify(first.json.sessionJwt)).status).toBe(200);
    const second = await t.login('demo-player');
    const old = await verify(first.json.sessionJwt);
    expect(old.status).toBe(401);
    expect(old.json).toEqual({ error: 'JWT nonce is expired' });
    expect((await verify(second.json.sessionJwt)).status).toBe(200);
    expect((await verify(elsewhere.json.sessionJwt, t.other)).status).toBe(200);
  });
});

describe('POST /api/user/session/verify', () => {
  it('answers success with the claims and profile fields', async () => {
    const login = await t.login('second-player');
    const res = await verify(login.json.sessionJwt);
    const claims = decodeJwt(String(login.json.sessionJwt));
    expect(res.json).toEqual({
      success: true,
      payload: { ...claims, avatar: login.json.avatar, ippClaimed: false, isIPP: false },
    });
  });

  it('refuses a malformed, missing, tampered or foreign JWT', async () => {
    const login = await t.login('second-player');
    const jwt = String(login.json.sessionJwt);
    const tampered = `${jwt.slice(0, -4)}AAAA`;
    for (const bad of ['not-a-jwt', undefined, tampered, 42]) {
      const res = await verify(bad);
      expect(res.status).toBe(401);
      expect(res.json).toEqual({ error: 'Invalid sessionJwt' });
    }
  });

  it('refuses an expired JWT (no tolerance)', async () => {
    const login = await t.login('second-player', { expiresIn: 60 });
    t.clock.advance(59_000);
    expect((await verify(login.json.sessionJwt)).status).toBe(200);
    t.clock.advance(1_000);
    expect((await verify(login.json.sessionJwt)).json).toEqual({ error: 'Invalid sessionJwt' });
  });

  it('refuses a JWT of another game key (JWT and API key mismatch)', async () => {
    const login = await t.login('second-player');
    const res = await verify(login.json.sessionJwt, t.other);
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ error: 'JWT and API key mismatch' });
  });
});

describe('POST /api/user/logout', () => {
  it('logs out, then answers the stale JWT with {message} (not {error})', async () => {
    const login = await t.login('demo-player');
    const res = await logout(login.json.sessionJwt);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ message: 'Logout success' });
    expect((await verify(login.json.sessionJwt)).json).toEqual({ error: 'JWT nonce is expired' });
    const again = await logout(login.json.sessionJwt);
    expect(again.status).toBe(401);
    expect(again.json).toEqual({ message: 'JWT nonce is expired' });
    const sessions = await t.client.get('/api/user/activeSessions/demo-player');
    expect((sessions.json.activeSessions as JsonObject)[t.sb.gameId]).toBeUndefined();
  });

  it('refuses an invalid JWT and a guest', async () => {
    expect((await logout('junk')).json).toEqual({ error: 'Invalid sessionJwt' });
    const guest = await t.registerGuest();
    const res = await logout(guest.json.sessionJwt);
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ error: 'Instant Play Pass user cannot logout' });
  });

  it("bumps the caller key's game, not the JWT's", async () => {
    const mine = await t.login('second-player');
    expect((await logout(mine.json.sessionJwt, t.other)).status).toBe(200);
    expect((await verify(mine.json.sessionJwt)).status).toBe(200);
  });
});

describe('sessions and deadlines', () => {
  it('lists only future deadlines, and looks the plyrId up as-is', async () => {
    await t.login('second-player', { expiresIn: 100 });
    await t.login('second-player', { expiresIn: 10_000 }, t.other);
    t.clock.advance(31_000 + 100_000);
    const res = await t.client.get('/api/user/activeSessions/second-player');
    const games = Object.keys(res.json.activeSessions as JsonObject);
    expect(games).toContain('other-game');
    expect(games).not.toContain(t.sb.gameId);
    const upper = await t.client.get('/api/user/activeSessions/Second-Player');
    expect(upper.status).toBe(404);
    expect(upper.json).toEqual({ error: 'User not found' });
  });

  it('discardBy2fa clears the deadline but keeps the nonce (verify still passes)', async () => {
    const login = await t.login('demo-player');
    const res = await t.client.post('/api/user/session/discardBy2fa', {
      plyrId: 'demo-player',
      otp: t.freshCode('demo-player'),
      gameId: t.sb.gameId,
    });
    expect(res.json).toEqual({ message: 'Session discarded successfully' });
    const sessions = await t.client.get('/api/user/activeSessions/demo-player');
    expect((sessions.json.activeSessions as JsonObject)[t.sb.gameId]).toBeUndefined();
    expect((await verify(login.json.sessionJwt)).status).toBe(200);
  });
});
