// The sandbox's own surface: options, seeded users, totp(), /sandbox/* routes, fault injection, close(), isolation.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { authenticator } from 'otplib';
import { startSandbox } from '../../src/sandbox/index.js';
import { SandboxClient, startTestSandbox, type TestSandbox } from '../helpers/sandbox-client.js';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(() => t.sb.close());

/** Resolves to 'timeout' if `promise` takes longer than `ms`. */
const within = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms).unref())]);

describe('startSandbox', () => {
  it('exposes the main game, other-game and the seeded players', () => {
    expect(t.sb.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(t.sb.gameId).toBe('plyr-kit-demo');
    expect(t.sb.apiKey).toMatch(/^[0-9a-f]{32}$/);
    expect(t.sb.secretKey).toMatch(/^[0-9a-f]{64}$/);
    expect(t.sb.games.map((g) => g.gameId)).toEqual(['plyr-kit-demo', 'other-game']);
    expect(t.sb.games[0]).toEqual({ gameId: t.sb.gameId, apiKey: t.sb.apiKey, secretKey: t.sb.secretKey });
    expect(t.sb.users.map((u) => u.plyrId)).toEqual(['demo-player', 'second-player']);
    for (const user of t.sb.users) expect(user.totpSecret).toMatch(/^[A-Z2-7]{32}$/);
  });

  it('takes gameId, apiKey and secretKey options, and keeps fixed TOTP secrets across starts', async () => {
    const sb = await startSandbox({ gameId: 'my-game', apiKey: 'k'.repeat(32), secretKey: 's'.repeat(64) });
    try {
      expect([sb.gameId, sb.apiKey, sb.secretKey]).toEqual(['my-game', 'k'.repeat(32), 's'.repeat(64)]);
      expect(sb.users).toEqual(t.sb.users);
      const client = new SandboxClient(sb.url, sb.apiKey, sb.secretKey);
      const login = await client.post('/api/user/login', {
        plyrId: 'demo-player',
        otp: sb.totp('demo-player'),
      });
      expect(login.json.gameId).toBe('my-game');
    } finally {
      await sb.close();
    }
  });

  it('keeps state per instance', async () => {
    const sb = await startSandbox({ now: t.clock.now });
    try {
      const guest = await t.registerGuest();
      const client = new SandboxClient(sb.url, sb.apiKey, sb.secretKey, t.clock.now);
      expect((await client.get(`/api/user/exists/${guest.json.plyrId}`)).json).toEqual({ exists: false });
      expect((await t.client.get(`/api/user/exists/${guest.json.plyrId}`)).json).toEqual({ exists: true });
    } finally {
      await sb.close();
    }
  });
});

describe('totp()', () => {
  it('is RFC 6238 SHA-1 / 6 digits / 30 s at the sandbox clock (or a given time)', () => {
    const user = t.sb.users[0]!;
    const at = t.clock.now();
    const expected = authenticator.clone({ epoch: at }).generate(user.totpSecret);
    expect(t.sb.totp(user.plyrId)).toBe(expected);
    expect(t.sb.totp(user.plyrId, at + 30_000)).toBe(
      authenticator.clone({ epoch: at + 30_000 }).generate(user.totpSecret),
    );
    expect(t.sb.totp(user.plyrId)).toMatch(/^\d{6}$/);
  });

  it('throws for unknown players and guests', async () => {
    expect(() => t.sb.totp('nobody-here')).toThrow();
    const guest = await t.registerGuest();
    expect(() => t.sb.totp(String(guest.json.plyrId))).toThrow();
  });
});

describe('GET /sandbox/totp/:plyrId', () => {
  it('answers {otp} for a player and 404 otherwise, without HMAC', async () => {
    const res = await fetch(`${t.sb.url}/sandbox/totp/demo-player`);
    expect(await res.json()).toEqual({ otp: t.sb.totp('demo-player') });
    expect((await fetch(`${t.sb.url}/sandbox/totp/nobody-here`)).status).toBe(404);
  });
});

describe('fault injection', () => {
  it('answers matching requests with a status and body, for `times` requests, by method and path prefix', async () => {
    t.sb.injectFault({
      method: 'post',
      path: '/api/user/session/verify',
      status: 503,
      body: { error: 'down' },
      times: 1,
    });
    const hit = await t.client.post('/api/user/session/verify', { sessionJwt: 'x' });
    expect([hit.status, hit.json]).toEqual([503, { error: 'down' }]);
    const after = await t.client.post('/api/user/session/verify', { sessionJwt: 'x' });
    expect(after.json).toEqual({ error: 'Invalid sessionJwt' });
  });

  it('matches RegExps, sends strings as text and defaults the body to the status text', async () => {
    t.sb.injectFault({ path: /^\/api\/now/, status: 502 });
    t.sb.injectFault({ path: '/api/user/exists', status: 500, body: 'oops' });
    expect((await t.client.get('/api/now')).text).toBe('Bad Gateway');
    const text = await t.client.get('/api/user/exists/demo-player');
    expect([text.status, text.text, text.headers.get('content-type')]).toEqual([
      500,
      'oops',
      'text/plain; charset=utf-8',
    ]);
    t.sb.clearFaults();
    expect((await t.client.get('/api/now')).status).toBe(200);
  });

  it('keeps CORS headers on faulted answers and never faults the sandbox routes', async () => {
    t.sb.injectFault({ path: '/', status: 500 });
    const res = await t.client.get('/api/now', { headers: { origin: 'https://game.example' } });
    expect(res.status).toBe(500);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect((await fetch(`${t.sb.url}/sandbox/totp/demo-player`)).status).toBe(200);
    t.sb.clearFaults();
  });

  it('delays a request, then serves it normally', async () => {
    t.sb.injectFault({ path: '/api/now', delayMs: 60, times: 1 });
    const started = performance.now();
    const res = await t.client.get('/api/now');
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
  });

  it('drops the connection for `reset`', async () => {
    t.sb.injectFault({ path: '/api/now', reset: true, times: 1 });
    await expect(t.client.get('/api/now')).rejects.toThrow();
    expect((await t.client.get('/api/now')).status).toBe(200);
  });

  it('is reachable over HTTP: POST /sandbox/fault and DELETE /sandbox/fault', async () => {
    const add = await fetch(`${t.sb.url}/sandbox/fault`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ path: '/api/user/login', status: 429, body: { error: 'slow down' } }),
    });
    expect(add.status).toBe(200);
    const res = await t.client.post('/api/user/login', {});
    expect([res.status, res.json]).toEqual([429, { error: 'slow down' }]);
    const cleared = await fetch(`${t.sb.url}/sandbox/fault`, { method: 'DELETE' });
    expect(await cleared.json()).toMatchObject({ cleared: 1 });
    expect((await t.client.post('/api/user/login', {})).status).toBe(500);
  });

  it('refuses malformed faults with 400', async () => {
    for (const body of [{}, { path: 'api' }, { path: '/api', status: 42 }, { path: '/api', times: 0 }, []]) {
      const res = await fetch(`${t.sb.url}/sandbox/fault`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(400);
    }
  });
});

describe('close()', () => {
  it('cancels pending fault delays and does not wait for keep-alive sockets', async () => {
    const sb = await startSandbox();
    const client = new SandboxClient(sb.url, sb.apiKey, sb.secretKey);
    expect((await client.get('/api/now')).status).toBe(200); // leaves a keep-alive socket open
    sb.injectFault({ path: '/api/now', delayMs: 60_000 });
    const pending = client.get('/api/now').then(
      () => 'answered',
      () => 'dropped',
    );
    await new Promise((r) => setImmediate(r));
    expect(await within(sb.close(), 2_000)).toBeUndefined();
    expect(await within(pending, 2_000)).toBe('dropped');
    await sb.close(); // idempotent
  });
});
