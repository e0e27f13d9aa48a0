// docs/platform/plyr-api.md#guest-registration, #reveal-claiming-code, #claiming-a-guest-account, #claiming-codes:
// guest (Instant PlayPass) accounts, claiming codes, and claiming.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { decodeJwt } from 'jose';
import { type Answer, startTestSandbox, type TestSandbox } from '../helpers/sandbox-client.js';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(() => t.sb.close());

const reveal = (sessionJwt: unknown, client = t.client, extra = {}) =>
  client.post('/api/instantPlayPass/reveal/claimingCode', { sessionJwt, ...extra });
const verifySession = (sessionJwt: unknown) => t.client.post('/api/user/session/verify', { sessionJwt });

describe('POST /api/instantPlayPass/register', () => {
  let guest: Answer;
  beforeAll(async () => {
    guest = await t.registerGuest();
  });

  it('creates a guest with a generated PLYR[ID] and answers the documented shape', () => {
    expect(guest.status).toBe(200);
    expect(Object.keys(guest.json)).toEqual([
      'sessionJwt',
      'plyrId',
      'gameId',
      'primaryAddress',
      'mirrorAddress',
      'avatar',
      'isIPP',
      'ippClaimed',
    ]);
    const address = String(guest.json.primaryAddress);
    expect(address).toMatch(/^0x[0-9a-fA-F]{40}$/);
    expect(guest.json.plyrId).toMatch(/^[a-z]+(-[a-z]+)*-[0-9a-f]{6}$/);
    expect(String(guest.json.plyrId).endsWith(address.slice(-6).toLowerCase())).toBe(true);
    expect(guest.json).toMatchObject({ gameId: t.sb.gameId, isIPP: true, ippClaimed: false });
  });

  it('issues a JWT with nonce 1 that lives ~30 000 years (exp = iat + 946 080 000 000 s)', () => {
    const claims = decodeJwt(String(guest.json.sessionJwt));
    expect(claims.nonce).toBe(1);
    expect(claims.exp).toBe((claims.iat as number) + 946_080_000_000);
  });

  it('verifies, shows as a guest in user info, and has a ~30 year deadline', async () => {
    const res = await verifySession(guest.json.sessionJwt);
    expect(res.status).toBe(200);
    expect(res.json.payload).toMatchObject({ isIPP: true, ippClaimed: false, nonce: 1 });
    const info = await t.client.get(`/api/user/info/${guest.json.plyrId}`);
    expect(info.json).toMatchObject({ isIPP: true, ippClaimed: false, chainId: 16180 });
    const sessions = await t.client.get(`/api/user/activeSessions/${guest.json.plyrId}`);
    expect(sessions.json.activeSessions).toEqual({ [t.sb.gameId]: t.clock.now() + 946_080_000_000 });
  });

  it('crashes with 500 when tokens is missing', async () => {
    const res = await t.client.post('/api/instantPlayPass/register', {});
    expect(res.status).toBe(500);
    expect(res.json.error).toBe('tokens is not iterable');
  });

  it('keeps the gameId as sent', async () => {
    const res = await t.client.post('/api/instantPlayPass/register', {
      tokens: ['plyr'],
      gameId: 'other-game',
    });
    expect(res.json.gameId).toBe('other-game');
  });
});

describe('POST /api/instantPlayPass/reveal/claimingCode', () => {
  it('makes a new XXXX-XXXX-XXXX-XXXX code each time; the older one dies', async () => {
    const guest = await t.registerGuest();
    const first = await reveal(guest.json.sessionJwt);
    expect(first.status).toBe(200);
    expect(Object.keys(first.json)).toEqual([
      'plyrId',
      'gameId',
      'mirrorAddress',
      'primaryAddress',
      'claimingCode',
      'claimingUrl',
    ]);
    const code = String(first.json.claimingCode);
    expect(code).toMatch(/^[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}$/);
    expect(first.json.claimingUrl).toBe(`${t.sb.url}/sandbox/pgu/signup?claimingCode=${code}`);
    const second = await reveal(guest.json.sessionJwt);
    expect(second.json.claimingCode).not.toBe(code);
    const old = await t.client.get(`/api/instantPlayPass/verify/claimingCode/${code}`);
    expect(old.status).toBe(404);
    expect(old.json).toEqual({ error: 'Claiming code not found' });
    const current = await t.client.get(
      `/api/instantPlayPass/verify/claimingCode/${String(second.json.claimingCode).toLowerCase()}`,
    );
    expect(current.json).toEqual({ plyrId: guest.json.plyrId, verified: true });
  });

  it('answers checkSessionJwt failures with 500 (400 only for an empty JWT)', async () => {
    const empty = await reveal(undefined);
    expect(empty.status).toBe(400);
    expect(empty.json).toEqual({ error: 'sessionJwt is empty' });
    const invalid = await reveal('junk');
    expect(invalid.status).toBe(500);
    expect(invalid.json).toEqual({ error: 'Invalid sessionJwt' });
    const guest = await t.registerGuest();
    const wrongGame = await reveal(guest.json.sessionJwt, t.client, { gameId: 'other-game' });
    expect(wrongGame.status).toBe(500);
    expect(wrongGame.json).toEqual({ error: 'Invalid gameId' });
    const otherKey = await reveal(guest.json.sessionJwt, t.other);
    expect(otherKey.json).toEqual({ error: 'Invalid gameId' });
  });

  it('answers a stale nonce with 500 JWT nonce is expired', async () => {
    const older = await t.login('demo-player');
    await t.login('demo-player');
    const res = await reveal(older.json.sessionJwt);
    expect(res.status).toBe(500);
    expect(res.json).toEqual({ error: 'JWT nonce is expired' });
  });

  it('refuses a full account with 401', async () => {
    const login = await t.login('second-player');
    const res = await reveal(login.json.sessionJwt);
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ error: 'Only Instant Play Pass user can reveal claiming code' });
  });

  it('collides (500) when another game key reveals the same guest', async () => {
    const guest = await t.registerGuest();
    expect((await reveal(guest.json.sessionJwt)).status).toBe(200);
    const res = await reveal(guest.json.sessionJwt, t.other, { gameId: t.sb.gameId });
    expect(res.status).toBe(500);
    expect(String(res.json.error)).toMatch(/^E11000 duplicate key error/);
  });
});

describe('guests cannot use 2FA or log out', () => {
  it('refuses login, discardBy2fa and logout for a guest', async () => {
    const guest = await t.registerGuest();
    const login = await t.client.post('/api/user/login', { plyrId: guest.json.plyrId, otp: '111111' });
    expect(login.json).toEqual({ error: 'User is instant play pass, can not use 2fa to login' });
    const discard = await t.client.post('/api/user/session/discardBy2fa', {
      plyrId: guest.json.plyrId,
      otp: '222222',
      gameId: t.sb.gameId,
    });
    expect(discard.status).toBe(403);
    const logout = await t.client.post('/api/user/logout', { sessionJwt: guest.json.sessionJwt });
    expect(logout.json).toEqual({ error: 'Instant Play Pass user cannot logout' });
    expect((await verifySession(guest.json.sessionJwt)).status).toBe(200);
  });
});

describe('POST /sandbox/claim/:claimingCode', () => {
  it('replaces the guest by a full account on the same mirror; the guest JWT then gets User not found', async () => {
    const guest = await t.registerGuest();
    const code = String((await reveal(guest.json.sessionJwt)).json.claimingCode);
    const res = await fetch(`${t.sb.url}/sandbox/claim/${code.toLowerCase()}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ plyrId: 'Claimed-Hero' }),
    });
    expect(res.status).toBe(200);
    const claimed = (await res.json()) as Record<string, string>;
    expect(claimed).toMatchObject({ plyrId: 'claimed-hero', guestPlyrId: guest.json.plyrId });
    expect(claimed.mirrorAddress).toBe(guest.json.mirrorAddress);

    const verify = await verifySession(guest.json.sessionJwt);
    expect(verify.status).toBe(401);
    expect(verify.json).toEqual({ error: 'User not found' });
    expect((await t.client.post('/api/user/logout', { sessionJwt: guest.json.sessionJwt })).json).toEqual({
      error: 'User not found',
    });
    expect((await reveal(guest.json.sessionJwt)).json).toEqual({ error: 'User not found' });
    expect((await t.client.get(`/api/instantPlayPass/verify/claimingCode/${code}`)).status).toBe(404);

    const info = await t.client.get('/api/user/info/claimed-hero');
    expect(info.json).toMatchObject({
      ippClaimed: true,
      isIPP: false,
      mirrorAddress: guest.json.mirrorAddress,
    });
    const totp = await fetch(`${t.sb.url}/sandbox/totp/claimed-hero`);
    const { otp } = (await totp.json()) as { otp: string };
    expect(otp).toBe(t.sb.totp('claimed-hero'));
    const login = await t.client.post('/api/user/login', { plyrId: 'claimed-hero', otp });
    expect(login.json).toMatchObject({ plyrId: 'claimed-hero', ippClaimed: true, isIPP: false });
  });

  it('refuses an unknown code, an invalid or taken PLYR[ID] with 400', async () => {
    const post = async (code: string, body: unknown = {}) => {
      const res = await fetch(`${t.sb.url}/sandbox/claim/${code}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: res.status, json: await res.json() };
    };
    expect(await post('0000-0000-0000-0000')).toEqual({
      status: 400,
      json: { error: 'Invalid claiming code' },
    });
    const guest = await t.registerGuest();
    const code = String((await reveal(guest.json.sessionJwt)).json.claimingCode);
    expect(await post(code, { plyrId: 'x' })).toEqual({ status: 400, json: { error: 'Invalid PLYR[ID]' } });
    expect(await post(code, { plyrId: 'demo-player' })).toEqual({
      status: 400,
      json: { error: 'PLYR[ID] already exists' },
    });
    const generated = await post(code);
    expect(generated.status).toBe(200);
    expect(generated.json.plyrId).toMatch(/^player-[0-9a-f]{6}$/);
  });

  it('serves the sign-up page the claimingUrl points at', async () => {
    const res = await fetch(`${t.sb.url}/sandbox/pgu/signup?claimingCode=AB12-CD34-EF56-7890`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await res.text()).toContain('action="/sandbox/claim/AB12-CD34-EF56-7890"');
  });
});
