/**
 * Every error code, reached through real behaviour of the sandbox platform and the real signing endpoint over
 * loopback (no mocks): wrong and reused codes, lock-out, guest 2FA, revocation by a second login, expiry, claimed
 * guests, signer down or refusing, rate limits, clock skew, platform faults and timeouts.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from '@jest/globals';
import { isPlyrError, type PlyrError, type PlyrErrorCode, type PlyrEvents } from '../../src/index.js';
import { closedPortUrl, useCoreEnv } from '../helpers/core-fixture.js';

const env = useCoreEnv();

/** The PlyrError a promise rejects with; checks the code and that no session token leaks into the message. */
async function failure(promise: Promise<unknown>, code: PlyrErrorCode): Promise<PlyrError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isPlyrError(error)).toBe(true);
  const e = error as PlyrError;
  expect([e.code, e.message]).toEqual([code, e.message]);
  expect(e.message).not.toMatch(/eyJ/);
  return e;
}

/** A 6-digit code that is certainly not the current one. */
const wrongCode = (right: string, n = 1): string =>
  String((Number(right) + 100_000 * n + 12_345) % 1_000_000).padStart(6, '0');
const platformRequests = (): number => env.sent.filter((r) => r.url.startsWith(env.sandbox.url)).length;

describe('bad input is refused before anything is sent', () => {
  it('INVALID_INPUT', async () => {
    const client = env.client();
    await client.ready;
    const login = (o: object) => client.login({ plyrId: 'demo-player', otp: '123456', ...o } as never);
    await failure(login({ plyrId: 'no' }), 'INVALID_INPUT');
    await failure(login({ plyrId: 'bad--id' }), 'INVALID_INPUT');
    await failure(login({ otp: 123456 }), 'INVALID_INPUT');
    await failure(login({ otp: '12345' }), 'INVALID_INPUT');
    await failure(login({ expiresIn: 1.5 }), 'INVALID_INPUT');
    await failure(login({ expiresIn: '3600' }), 'INVALID_INPUT');
    await failure(
      client.loginAndApprove({
        plyrId: 'demo-player',
        otp: '123456',
        tokens: ['plyr', 'gamr'],
        amounts: [1],
      }),
      'INVALID_INPUT',
    );
    await failure(
      client.loginAndApprove({ plyrId: 'demo-player', otp: '123456', tokens: ['plyr'], amounts: [-1] }),
      'INVALID_INPUT',
    );
    await failure(client.registerGuest({ tokens: [''] }), 'INVALID_INPUT');
    await failure(client.verifyClaimingCode('XYZ'), 'INVALID_INPUT');
    await failure(client.userInfo('x'), 'INVALID_INPUT');
    await failure(client.avatar('ab'), 'INVALID_INPUT');
    expect(() => env.client({ gameId: 'Bad Game' })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
    expect(env.sent).toEqual([]);
  });

  it('NOT_SIGNED_IN', async () => {
    const client = env.client();
    await client.ready;
    await failure(client.revealClaimingCode(), 'NOT_SIGNED_IN');
    await failure(client.userInfo(), 'NOT_SIGNED_IN');
    await failure(client.avatar(), 'NOT_SIGNED_IN');
    await failure(client.verifyJwtLocally(), 'NOT_SIGNED_IN');
    expect(env.sent).toEqual([]);
  });
});

describe('2FA', () => {
  it('INVALID_OTP for a wrong code', async () => {
    const client = env.client();
    const e = await failure(
      client.login({ plyrId: 'demo-player', otp: wrongCode(env.otp()) }),
      'INVALID_OTP',
    );
    expect(e.status).toBe(401);
    expect(client.session).toBeNull();
  });

  it('OTP_ALREADY_USED for a code used before, with the wait until the next code', async () => {
    const client = env.client();
    const otp = env.otp();
    await client.login({ plyrId: 'demo-player', otp });
    const e = await failure(client.login({ plyrId: 'demo-player', otp }), 'OTP_ALREADY_USED');
    expect(e.retryAfterMs).toBe(30_000 - (env.clock.now() % 30_000));
  });

  it('ACCOUNT_LOCKED after five wrong codes, even with the right one; fine again after a minute', async () => {
    const client = env.client();
    const right = env.otp();
    for (let n = 1; n <= 5; n++)
      await failure(client.login({ plyrId: 'demo-player', otp: wrongCode(right, n) }), 'INVALID_OTP');
    const e = await failure(client.login({ plyrId: 'demo-player', otp: right }), 'ACCOUNT_LOCKED');
    expect([e.status, e.retryAfterMs]).toEqual([403, 60_000]);
    env.clock.advance(60_000);
    await expect(client.login({ plyrId: 'demo-player', otp: env.otp() })).resolves.toMatchObject({
      plyrId: 'demo-player',
    });
  });

  it('GUEST_ACCOUNT for a 2FA login of a guest, and USER_NOT_FOUND for nobody', async () => {
    const guest = await env.client({ storage: 'memory', syncTabs: false }).registerGuest();
    const client = env.client();
    await failure(client.login({ plyrId: guest.plyrId, otp: '123456' }), 'GUEST_ACCOUNT');
    await failure(client.login({ plyrId: 'nobody-here', otp: '123456' }), 'USER_NOT_FOUND');
    await failure(client.userInfo('nobody-here'), 'USER_NOT_FOUND');
    await failure(client.avatar('nobody-here'), 'USER_NOT_FOUND');
  });

  it('a login with a 2FA code is never retried, even when retries are on', async () => {
    const client = env.client({ retries: 2 });
    env.sandbox.injectFault({ path: '/api/user/login', status: 503, times: 1 });
    await failure(client.login({ plyrId: 'demo-player', otp: env.otp() }), 'SERVER');
    expect(platformRequests()).toBe(1);
  });
});

describe('sessions ended by the platform', () => {
  it('SESSION_REVOKED after a newer login elsewhere: logout event with reason revoked', async () => {
    const client = env.client();
    await client.login({ plyrId: 'demo-player', otp: env.otp() });
    await env.client({ storage: 'memory', syncTabs: false }).login({ plyrId: 'demo-player', otp: env.otp() });
    const logout = new Promise<PlyrEvents['logout']>((r) => client.once('logout', r));
    const e = await failure(client.verifySession(), 'SESSION_REVOKED');
    expect(e.status).toBe(401);
    expect(await logout).toEqual({ plyrId: 'demo-player', reason: 'revoked' });
    expect(client.session).toBeNull();
  });

  it('a logout of a revoked session resolves and forgets it', async () => {
    const client = env.client();
    await client.login({ plyrId: 'demo-player', otp: env.otp() });
    await env.client({ storage: 'memory', syncTabs: false }).login({ plyrId: 'demo-player', otp: env.otp() });
    await client.logout();
    expect(client.session).toBeNull();
  });

  it('SESSION_EXPIRED past exp: logout event with reason expired; local verification says so too', async () => {
    const client = env.client();
    const session = await client.login({ plyrId: 'demo-player', otp: env.otp(), expiresIn: 60 });
    env.clock.advance(61_000);
    await failure(client.verifyJwtLocally(), 'SESSION_EXPIRED');
    const logout = new Promise<PlyrEvents['logout']>((r) => client.once('logout', r));
    await failure(client.verifySession(), 'SESSION_EXPIRED');
    expect(await logout).toEqual({ plyrId: session.plyrId, reason: 'expired' });
  });

  it('ACCOUNT_CLAIMED when the guest was claimed: guest:claimed, logout claimed, session cleared', async () => {
    const client = env.client();
    const guest = await client.registerGuest();
    const { claimingCode } = await client.revealClaimingCode();
    const claim = await fetch(`${env.sandbox.url}/sandbox/claim/${claimingCode}`, { method: 'POST' });
    expect(claim.status).toBe(200);
    const events: string[] = [];
    client.on('guest:claimed', ({ plyrId }) => events.push(`claimed:${plyrId}`));
    client.on('logout', ({ reason }) => events.push(`logout:${reason}`));
    await failure(client.verifySession(), 'ACCOUNT_CLAIMED');
    expect(events).toEqual([`claimed:${guest.plyrId}`, 'logout:claimed']);
    expect(client.session).toBeNull();
    // The code is used up now.
    await failure(client.verifyClaimingCode(claimingCode), 'CLAIMING_CODE_NOT_FOUND');
  });

  it('ACCOUNT_CLAIMED also from revealing a code (the platform answers 500 there)', async () => {
    const client = env.client();
    await client.registerGuest();
    const { claimingCode } = await client.revealClaimingCode();
    await fetch(`${env.sandbox.url}/sandbox/claim/${claimingCode}`, { method: 'POST' });
    const e = await failure(client.revealClaimingCode(), 'ACCOUNT_CLAIMED');
    expect(e.status).toBe(500);
    expect(client.session).toBeNull();
  });

  it('CLAIMING_CODE_NOT_FOUND for a code that does not exist', async () => {
    const e = await failure(
      env.client().verifyClaimingCode('0000-0000-0000-0000'),
      'CLAIMING_CODE_NOT_FOUND',
    );
    expect(e.status).toBe(404);
  });

  it('INVALID_APPROVAL for an unknown token', async () => {
    const client = env.client();
    await failure(
      client.loginAndApprove({ plyrId: 'demo-player', otp: env.otp(), tokens: ['dogecoin'], amounts: [1] }),
      'INVALID_APPROVAL',
    );
  });
});

describe('the signing endpoint', () => {
  it('SIGNER_UNREACHABLE when it is down (sign and relay mode)', async () => {
    const url = await closedPortUrl();
    await failure(
      env.client({ signer: url }).login({ plyrId: 'demo-player', otp: env.otp() }),
      'SIGNER_UNREACHABLE',
    );
    await failure(
      env.client({ signer: { url, mode: 'relay' } }).userInfo('demo-player'),
      'SIGNER_UNREACHABLE',
    );
  });

  it('SIGNER_REJECTED when it refuses (path not on its allow-list, origin), in both modes', async () => {
    const signer = await env.extraSigner({ allow: [] });
    const e = await failure(env.client({ signer }).userInfo('demo-player'), 'SIGNER_REJECTED');
    expect(e.status).toBe(403);
    const relay = await env.extraSigner({ mode: 'relay', allow: [] });
    await failure(
      env.client({ signer: { url: relay, mode: 'relay' } }).userInfo('demo-player'),
      'SIGNER_REJECTED',
    );
    const origins = await env.extraSigner({ origins: ['https://game.example'] });
    await failure(
      env
        .client({ signer: { url: origins, headers: { origin: 'https://evil.example' } } })
        .userInfo('demo-player'),
      'SIGNER_REJECTED',
    );
    expect(platformRequests()).toBe(0);
  });

  it('SIGNER_REJECTED when a signer function throws', async () => {
    const signer = async () => {
      throw new Error('game server says no');
    };
    await failure(env.client({ signer }).userInfo('demo-player'), 'SIGNER_REJECTED');
  });

  it('RATE_LIMITED with the wait from the endpoint', async () => {
    const signer = await env.extraSigner({
      rateLimit: { perIp: false, guestRegisterPerIp: false, perPlyrId: { tokens: 1, intervalMs: 60_000 } },
    });
    const client = env.client({ signer });
    // Relay mode (a plain signer URL) counts wrong codes, not successes: one wrong code spends the one strike.
    await failure(client.login({ plyrId: 'demo-player', otp: '000000' }), 'INVALID_OTP');
    const e = await failure(client.login({ plyrId: 'demo-player', otp: env.otp() }), 'RATE_LIMITED');
    expect([e.status, (e.retryAfterMs ?? 0) > 0]).toEqual([429, true]);
  });

  it('AUTH_REJECTED when the platform refuses the key or signature', async () => {
    const wrongSecret = await env.extraSigner({ secretKey: '0'.repeat(64) });
    await failure(env.client({ signer: wrongSecret }).userInfo('demo-player'), 'AUTH_REJECTED');
    const wrongKey = await env.extraSigner({ apiKey: 'f'.repeat(32) });
    await failure(env.client({ signer: wrongKey }).userInfo('demo-player'), 'AUTH_REJECTED');
  });

  it("CLOCK_SKEW when the signer's clock is more than 5 minutes off", async () => {
    const signer = await env.extraSigner({ now: () => env.clock.now() - 6 * 60_000 });
    const e = await failure(
      env.client({ signer }).login({ plyrId: 'demo-player', otp: env.otp() }),
      'CLOCK_SKEW',
    );
    expect(e.status).toBe(401);
  });
});

describe('platform failures', () => {
  it('NETWORK when the connection breaks', async () => {
    env.sandbox.injectFault({ path: '/api/user/info', reset: true });
    await failure(env.client().userInfo('demo-player'), 'NETWORK');
  });

  it('NETWORK / TIMEOUT in relay mode when the relay cannot reach the platform', async () => {
    const relay = await env.extraSigner({ mode: 'relay', timeoutMs: 100 });
    const client = env.client({ signer: { url: relay, mode: 'relay' } });
    env.sandbox.injectFault({ path: '/api/user/avatar', delayMs: 1000, times: 1 });
    await failure(client.avatar('demo-player'), 'TIMEOUT');
    env.sandbox.injectFault({ path: '/api/user/avatar', reset: true, times: 1 });
    await failure(client.avatar('demo-player'), 'NETWORK');
  });

  it('TIMEOUT when the platform does not answer in time', async () => {
    const client = env.client({ timeoutMs: 150 });
    env.sandbox.injectFault({ path: '/api/user/info', delayMs: 1000 });
    const e = await failure(client.userInfo('demo-player'), 'TIMEOUT');
    expect(e.message).toContain('150 ms');
  });

  it('SERVER for 5xx and plain-text answers', async () => {
    const client = env.client();
    env.sandbox.injectFault({ path: '/api/user/info', status: 502, body: 'Bad Gateway', times: 1 });
    expect((await failure(client.userInfo('demo-player'), 'SERVER')).status).toBe(502);
    env.sandbox.injectFault({
      path: '/api/user/info',
      status: 500,
      body: { error: 'boom', stack: 'x' },
      times: 1,
    });
    await failure(client.userInfo('demo-player'), 'SERVER');
  });

  it('GETs are retried (bounded, with backoff) and then succeed', async () => {
    const client = env.client({ retries: 2 });
    env.sandbox.injectFault({ path: '/api/user/info', status: 503, times: 2 });
    await expect(client.userInfo('demo-player')).resolves.toMatchObject({ plyrId: 'demo-player' });
    expect(platformRequests()).toBe(3);
    env.sent.length = 0;
    env.sandbox.injectFault({ path: '/api/user/info', status: 503, times: 5 });
    await failure(env.client({ retries: 1 }).userInfo('demo-player'), 'SERVER');
    expect(platformRequests()).toBe(2);
  });
});
