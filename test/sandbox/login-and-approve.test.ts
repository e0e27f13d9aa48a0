// docs/platform/plyr-api.md#login-and-approve: loginAndApprove — otpAuth, checkToken, checkGameId, amounts, and the
// nonce moving before amounts.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { decodeJwt } from 'jose';
import { type JsonObject, startTestSandbox, type TestSandbox } from '../helpers/sandbox-client.js';
import { LOGIN_ANSWER_KEYS } from '../helpers/sandbox-shapes.js';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(() => t.sb.close());

const lap = (body: JsonObject, plyrId = 'demo-player') =>
  t.client.post('/api/user/loginAndApprove', { plyrId, otp: t.freshCode(plyrId), ...body });

describe('POST /api/user/loginAndApprove', () => {
  it('logs in and approves with token/amount (symbols case-insensitive) or tokens/amounts (symbols or addresses)', async () => {
    const one = await lap({ gameId: t.sb.gameId, token: 'PLYR', amount: 10 });
    expect(one.status).toBe(200);
    expect(Object.keys(one.json)).toEqual(LOGIN_ANSWER_KEYS);
    const many = await lap({
      gameId: t.sb.gameId,
      tokens: ['gamr', '0xa875625fe8a955406523e52e485f351b92908ce1'],
      amounts: ['5', 1.5],
      expiresIn: 600,
    });
    expect(many.status).toBe(200);
    const claims = decodeJwt(String(many.json.sessionJwt));
    expect(claims.exp).toBe((claims.iat as number) + 600);
    expect(
      (await t.client.post('/api/user/session/verify', { sessionJwt: one.json.sessionJwt })).status,
    ).toBe(401);
  });

  it('may approve for another registered game (its session then belongs to that game)', async () => {
    const res = await lap({ gameId: 'other-game', token: 'plyr', amount: 1 });
    expect(res.json.gameId).toBe('other-game');
    expect((await t.other.post('/api/user/session/verify', { sessionJwt: res.json.sessionJwt })).status).toBe(
      200,
    );
  });

  it.each<[string, JsonObject, string]>([
    ['no token', { gameId: 'plyr-kit-demo', amount: 1 }, 'Token is required'],
    ['an unknown symbol', { gameId: 'plyr-kit-demo', token: 'doge', amount: 1 }, 'Invalid token: doge'],
    [
      'a bad checksum',
      { gameId: 'plyr-kit-demo', token: '0xA875625fe8a955406523e52e485f351b92908ce1', amount: 1 },
      'Invalid token: 0xA875625fe8a955406523e52e485f351b92908ce1',
    ],
    [
      'an unknown symbol in a list',
      { gameId: 'plyr-kit-demo', tokens: ['plyr', 'nope'], amounts: [1, 1] },
      'Invalid token: nope',
    ],
    ['an empty list', { gameId: 'plyr-kit-demo', tokens: [] }, 'Invalid token: undefined '],
    ['no gameId', { token: 'plyr', amount: 1 }, 'Game ID is required'],
    ['an unregistered gameId', { gameId: 'no-such-game', token: 'plyr', amount: 1 }, 'Invalid game ID'],
    ['a zero amount', { gameId: 'plyr-kit-demo', token: 'plyr', amount: 0 }, 'Approve amount was incorrect.'],
    [
      'a non-numeric amount',
      { gameId: 'plyr-kit-demo', token: 'plyr', amount: 'lots' },
      'Approve amount was incorrect.',
    ],
    ['a missing amount', { gameId: 'plyr-kit-demo', token: 'plyr' }, 'Approve amount was incorrect.'],
    [
      'a negative amount in a list',
      { gameId: 'plyr-kit-demo', tokens: ['plyr', 'gamr'], amounts: [1, -1] },
      'Approve amount was incorrect.',
    ],
  ])('refuses %s with 401', async (_, body, error) => {
    const res = await lap(body);
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ error });
  });

  it('matches the gameId case-insensitively for the check, but keys the session on the gameId as sent', async () => {
    const res = await lap({ gameId: 'PLYR-KIT-DEMO', token: 'plyr', amount: 1 });
    expect(res.status).toBe(200);
    expect(res.json.gameId).toBe('PLYR-KIT-DEMO');
    const sessions = await t.client.get('/api/user/activeSessions/demo-player');
    expect(Object.keys(sessions.json.activeSessions as JsonObject)).toContain('PLYR-KIT-DEMO');
  });

  it('moves the nonce before checking amounts (a refused approval still ends the older session)', async () => {
    const before = await t.login('second-player');
    const refused = await lap({ gameId: t.sb.gameId, token: 'plyr', amount: -5 }, 'second-player');
    expect(refused.status).toBe(401);
    const verify = await t.client.post('/api/user/session/verify', { sessionJwt: before.json.sessionJwt });
    expect(verify.json).toEqual({ error: 'JWT nonce is expired' });
  });

  it('crashes with 500 on tokens without amounts', async () => {
    const res = await lap({ gameId: t.sb.gameId, tokens: ['plyr'] });
    expect(res.status).toBe(500);
    expect(res.json.error).toBe("Cannot read properties of undefined (reading '0')");
  });

  it('runs otpAuth first: a bad code wins over a bad token', async () => {
    const res = await t.client.post('/api/user/loginAndApprove', {
      plyrId: 'demo-player',
      otp: '000000',
      token: 'x',
    });
    expect(res.json).toEqual({ error: 'Invalid 2fa token' });
  });
});
