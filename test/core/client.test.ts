/**
 * Every method's success path, over real HTTP on loopback: the sandbox platform and the real signing endpoint
 * (sign and relay mode), IndexedDB from fake-indexeddb.
 */
import 'fake-indexeddb/auto';
import { createHmac } from 'node:crypto';
import { describe, expect, it, jest } from '@jest/globals';
import { decodeSessionJwt, type PlyrEvents, type SignRequest } from '../../src/index.js';
import { useCoreEnv } from '../helpers/core-fixture.js';

const env = useCoreEnv();

const paths = (): string[] => env.sent.map((r) => `${r.method} ${new URL(r.url).pathname}`);

describe('ready', () => {
  it('resolves to null with no stored session, emits ready, and sends nothing', async () => {
    const client = env.client();
    const ready = new Promise<PlyrEvents['ready']>((resolve) => client.once('ready', resolve));
    expect(await client.ready).toBeNull();
    expect(await ready).toEqual({ session: null });
    expect(client.session).toBeNull();
    expect(env.sent).toEqual([]);
  });
});

describe('login', () => {
  it('signs in with PLYR[ID] + 2FA in 2 round trips (sign mode) and emits login + session', async () => {
    const client = env.client();
    await client.ready;
    const events: string[] = [];
    client.on('login', ({ method }) => events.push(`login:${method}`));
    client.on('session', ({ session }) => events.push(`session:${session?.plyrId}`));
    const session = await client.login({ plyrId: 'Demo-Player', otp: env.otp(), expiresIn: 3600 });

    expect(session).toMatchObject({
      plyrId: 'demo-player',
      gameId: env.sandbox.gameId,
      isGuest: false,
      claimed: false,
      primaryAddress: env.sandbox.users[0]?.primaryAddress,
      mirrorAddress: env.sandbox.users[0]?.mirrorAddress,
    });
    expect(session.avatar).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/sandbox\/ipfs\//);
    expect(session.expiresAt).toBe((session.issuedAt ?? Number.NaN) + 3600_000);
    expect(decodeSessionJwt(session.sessionJwt).plyrId).toBe('demo-player');
    expect(client.session).toEqual(session);
    expect(events).toEqual(['login:otp', 'session:demo-player']);
    expect(paths()).toEqual(['POST /plyr/sign', 'POST /api/user/login']);
  });

  it('takes 1 round trip in relay mode', async () => {
    const client = env.client({ signer: { url: env.relayUrl, mode: 'relay' } });
    await client.ready;
    const session = await client.login({ plyrId: 'demo-player', otp: env.otp() });
    expect(session.plyrId).toBe('demo-player');
    expect(session.expiresAt).toBe((session.issuedAt ?? Number.NaN) + 86_400_000);
    expect(paths()).toEqual(['POST /plyr/relay/api/user/login']);
  });

  it('works with a signer function and an apiBase that already ends in /api', async () => {
    const { apiKey, secretKey } = env.sandbox;
    const seen: SignRequest[] = [];
    const signer = async (request: SignRequest) => {
      seen.push(request);
      const body = request.method === 'GET' ? '{}' : JSON.stringify(request.body);
      const timestamp = String(env.clock.now());
      const signature = createHmac('sha256', secretKey)
        .update(timestamp + body)
        .digest('hex');
      return { headers: { apikey: apiKey, signature, timestamp }, body };
    };
    const client = env.client({ signer, apiBase: `${env.sandbox.url}/api/` });
    const session = await client.login({ plyrId: 'demo-player', otp: env.otp() });
    expect(session.plyrId).toBe('demo-player');
    expect(await client.avatar()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/sandbox\/ipfs\//);
    expect(seen.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /api/user/login',
      'GET /api/user/avatar/demo-player',
    ]);
    expect(seen[0]?.body).toMatchObject({ plyrId: 'demo-player', gameId: env.sandbox.gameId });
    expect(typeof seen[0]?.body?.otp).toBe('string');
    expect(seen[1]?.body).toBeUndefined();
    expect(paths()).toEqual(['POST /api/user/login', 'GET /api/user/avatar/demo-player']);
  });

  it('loginAndApprove signs in and approves tokens', async () => {
    const client = env.client();
    const session = await client.loginAndApprove({
      plyrId: 'demo-player',
      otp: env.otp(),
      tokens: ['plyr', 'gamr'],
      amounts: [100, '2.5'],
    });
    expect(session.plyrId).toBe('demo-player');
    expect(paths()).toEqual(['POST /plyr/sign', 'POST /api/user/loginAndApprove']);
  });
});

describe('guests (Instant PlayPass)', () => {
  it('registers, reveals and verifies a claiming code', async () => {
    const client = env.client();
    await client.ready;
    const registered = new Promise<PlyrEvents['guest:registered']>((r) => client.once('guest:registered', r));
    const login = new Promise<PlyrEvents['login']>((r) => client.once('login', r));
    const guest = await client.registerGuest();
    expect(guest.isGuest).toBe(true);
    expect(guest.plyrId).toMatch(/^[a-z]+(-[a-z]+)*-[0-9a-f]{6}$/);
    expect((await registered).session).toEqual(guest);
    expect((await login).method).toBe('guest');

    // A second call keeps the one guest account (its session is its only credential).
    env.sent.length = 0;
    expect(await client.registerGuest()).toBe(guest);
    expect(env.sent).toEqual([]);

    const shown = new Promise<PlyrEvents['guest:claim-code']>((r) => client.once('guest:claim-code', r));
    const code = await client.revealClaimingCode();
    expect(code.claimingCode).toMatch(/^[0-9A-F]{4}(-[0-9A-F]{4}){3}$/);
    expect(code.claimingUrl).toContain(code.claimingCode);
    expect(await shown).toEqual(code);
    expect(await client.verifyClaimingCode(code.claimingCode.toLowerCase())).toEqual({
      plyrId: guest.plyrId,
      verified: true,
    });
  });

  it('logout keeps a guest unless told to forget it; forgetting sends nothing', async () => {
    const client = env.client();
    const guest = await client.registerGuest({ tokens: ['plyr'] });
    env.sent.length = 0;
    await expect(client.logout()).rejects.toMatchObject({ code: 'GUEST_ACCOUNT' });
    expect(client.session).toEqual(guest);
    const logout = new Promise<PlyrEvents['logout']>((r) => client.once('logout', r));
    await client.logout({ forgetGuest: true });
    expect(await logout).toEqual({ plyrId: guest.plyrId, reason: 'user' });
    expect(client.session).toBeNull();
    expect(env.sent).toEqual([]);
  });
});

describe('session checks', () => {
  it('verifySession confirms a live session', async () => {
    const client = env.client();
    const session = await client.login({ plyrId: 'demo-player', otp: env.otp() });
    expect(await client.verifySession()).toEqual(session);
    expect(await env.client({ storage: 'memory' }).verifySession()).toBeNull();
  });

  it('verifyJwtLocally checks the signature with the platform key, fetched once', async () => {
    const client = env.client();
    const session = await client.login({ plyrId: 'demo-player', otp: env.otp() });
    env.sent.length = 0;
    const claims = await client.verifyJwtLocally();
    expect(claims).toMatchObject({ plyrId: 'demo-player', gameId: env.sandbox.gameId });
    expect(await client.verifyJwtLocally(session.sessionJwt)).toEqual(claims);
    expect(paths().filter((p) => p.endsWith('/api/jwt/publicKey'))).toHaveLength(1);
    const [h, p] = session.sessionJwt.split('.');
    await expect(client.verifyJwtLocally(`${h}.${p}.AAAA`)).rejects.toMatchObject({ code: 'INVALID_JWT' });
    // A failed verification fetches the key once more (it may have been rotated), then gives up.
    expect(paths().filter((p) => p.endsWith('/api/jwt/publicKey'))).toHaveLength(2);
  });

  it('logout logs a full account out at the platform and forgets it', async () => {
    const client = env.client();
    const session = await client.login({ plyrId: 'demo-player', otp: env.otp() });
    const logout = new Promise<PlyrEvents['logout']>((r) => client.once('logout', r));
    env.sent.length = 0;
    await client.logout();
    expect(await logout).toEqual({ plyrId: 'demo-player', reason: 'user' });
    expect(client.session).toBeNull();
    expect(paths()).toEqual(['POST /plyr/sign', 'POST /api/user/logout']);
    // Local verification cannot see the logout (a nonce bump at the platform): documented on verifyJwtLocally.
    const other = env.client({ storage: 'memory', syncTabs: false });
    await other.ready;
    await expect(other.verifyJwtLocally(session.sessionJwt)).resolves.toMatchObject({
      plyrId: 'demo-player',
    });
    await client.logout(); // no session: nothing to do
  });
});

describe('profiles', () => {
  it('userInfo of the signed-in player, of another by PLYR[ID] and by address; avatar', async () => {
    const client = env.client();
    await client.login({ plyrId: 'demo-player', otp: env.otp() });
    const me = await client.userInfo();
    expect(me).toMatchObject({ plyrId: 'demo-player', isGuest: false, claimed: false });
    expect(Number.isInteger(me.chainId)).toBe(true);
    expect(me.createdAt).not.toBe('');
    const second = env.sandbox.users[1];
    expect((await client.userInfo('SECOND-PLAYER')).plyrId).toBe('second-player');
    expect((await client.userInfo(second?.primaryAddress)).plyrId).toBe('second-player');
    expect(await client.avatar()).toBe(me.avatar);
    expect(await client.avatar('second-player')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/sandbox\/ipfs\//);
  });
});

describe('events', () => {
  it('on returns an unsubscribe function; once fires once; off removes; a throwing listener breaks nothing', async () => {
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const client = env.client();
      await client.ready;
      const seen: string[] = [];
      client.on('login', () => {
        throw new Error('listener bug');
      });
      const stop = client.on('session', () => seen.push('on'));
      client.once('session', () => seen.push('once'));
      const removed = () => seen.push('removed');
      client.once('session', removed);
      client.off('session', removed);
      await client.login({ plyrId: 'demo-player', otp: env.otp() });
      stop();
      await client.logout();
      expect(seen).toEqual(['on', 'once']);
      expect(client.session).toBeNull();
      expect(error).toHaveBeenCalled();
    } finally {
      error.mockRestore();
    }
  });
});
