import { describe, expect, it } from '@jest/globals';
import { TokenBucketLimiter } from '../../src/server/http/rate-limit.js';
import {
  ManualClock,
  readAnswer,
  recordingFetch,
  signRequest,
  TEST_KEYS,
  testHandler,
} from '../helpers/server-harness.js';

const PUBLIC_KEY = { method: 'GET', path: '/api/jwt/publicKey' };
const login = (plyrId: string, otp = '000000') => ({
  method: 'POST',
  path: '/api/user/login',
  body: { plyrId, otp },
});

function limited(rateLimit: object = {}) {
  const clock = new ManualClock();
  const handler = testHandler({ rateLimit, now: clock.now });
  const send = async (envelope: unknown, clientIp = '203.0.113.7') =>
    readAnswer(await handler(signRequest(envelope), { clientIp }));
  return { clock, send };
}

describe('rate limits', () => {
  it('limits each IP to its burst, then refills at the documented default rate (60/min, burst 30)', async () => {
    const { clock, send } = limited();
    for (let i = 0; i < 30; i++) expect((await send(PUBLIC_KEY)).status).toBe(200);
    const refused = await send(PUBLIC_KEY);
    expect(refused.status).toBe(429);
    expect(refused.json).toEqual({
      error: expect.any(String),
      code: 'RATE_LIMITED',
      retryAfterMs: 1000,
      scope: 'ip',
    });
    expect(refused.headers.get('retry-after')).toBe('1');
    // Another IP is unaffected.
    expect((await send(PUBLIC_KEY, '203.0.113.8')).status).toBe(200);
    clock.advance(999);
    expect((await send(PUBLIC_KEY)).status).toBe(429);
    clock.advance(2000); // 1 s per token; two tokens now (the refused attempt consumed none)
    expect((await send(PUBLIC_KEY)).status).toBe(200);
    expect((await send(PUBLIC_KEY)).status).toBe(200);
    expect((await send(PUBLIC_KEY)).status).toBe(429);
  });

  it('limits 2FA codes per PLYR[ID] across IPs (10 per minute), case-insensitively', async () => {
    const { clock, send } = limited();
    for (let i = 0; i < 10; i++) {
      expect((await send(login(i % 2 ? 'Demo-Player' : 'demo-player'), `198.51.100.${i}`)).status).toBe(200);
      clock.advance(1000);
    }
    const refused = await send(login('demo-player'), '198.51.100.99');
    expect(refused.status).toBe(429);
    expect(refused.json).toMatchObject({ code: 'RATE_LIMITED', scope: 'twoFactor', retryAfterMs: 50_000 });
    expect(refused.headers.get('retry-after')).toBe('50');
    // loginAndApprove shares the bucket; another player does not.
    const approve = {
      method: 'POST',
      path: '/api/user/loginAndApprove',
      body: { plyrId: 'demo-player', otp: '000000', tokens: ['plyr'], amounts: [1] },
    };
    expect((await send(approve, '198.51.100.100')).status).toBe(429);
    expect((await send(login('second-player'), '198.51.100.100')).status).toBe(200);
    clock.advance(50_000);
    expect((await send(login('demo-player'), '198.51.100.101')).status).toBe(200);
    expect((await send(login('demo-player'), '198.51.100.102')).status).toBe(429);
  });

  it('limits guest registration per IP (5 per 10 minutes)', async () => {
    const { clock, send } = limited();
    const register = { method: 'POST', path: '/api/instantPlayPass/register', body: {} };
    for (let i = 0; i < 5; i++) expect((await send(register)).status).toBe(200);
    const refused = await send(register);
    expect(refused.status).toBe(429);
    expect(refused.json.retryAfterMs).toBe(120_000);
    expect((await send(register, '192.0.2.1')).status).toBe(200);
    clock.advance(120_000);
    expect((await send(register)).status).toBe(200);
  });

  it('groups IPv6 clients by /64 (see ip-key.test.ts)', async () => {
    const { send } = limited({ perIp: { tokens: 2, intervalMs: 60_000 } });
    expect((await send(PUBLIC_KEY, '2001:db8:1:2::1')).status).toBe(200);
    expect((await send(PUBLIC_KEY, '2001:db8:1:2:ffff::77')).status).toBe(200);
    expect((await send(PUBLIC_KEY, '2001:db8:1:2::abcd')).status).toBe(429);
    expect((await send(PUBLIC_KEY, '2001:db8:1:3::1')).status).toBe(200);
  });

  it('takes the client IP from getClientIp for Fetch-API deployments', async () => {
    const clock = new ManualClock();
    const handler = testHandler({
      now: clock.now,
      rateLimit: { perIp: { tokens: 1, intervalMs: 60_000 } },
      getClientIp: (request) => request.headers.get('cf-connecting-ip'),
    });
    const from = (ip: string) => handler(signRequest(PUBLIC_KEY, { headers: { 'cf-connecting-ip': ip } }));
    expect((await from('192.0.2.1')).status).toBe(200);
    expect((await from('192.0.2.1')).status).toBe(429);
    expect((await from('192.0.2.2')).status).toBe(200);
  });

  it('can be configured and disabled per limit', async () => {
    const { send } = limited({ perIp: false, perPlyrId: { tokens: 1, intervalMs: 1000 } });
    expect((await send(PUBLIC_KEY)).status).toBe(200);
    for (let i = 0; i < 100; i++) expect((await send(PUBLIC_KEY)).status).toBe(200);
    expect((await send(login('demo-player'))).status).toBe(200);
    expect((await send(login('demo-player'))).status).toBe(429);
  });

  it('refuses before calling the platform in relay mode', async () => {
    const platform = recordingFetch();
    const handler = testHandler({
      mode: 'relay',
      fetch: platform.fetch,
      rateLimit: { perIp: { tokens: 1, intervalMs: 60_000 } },
    });
    const get = () => handler(new Request(`https://game.test/api/jwt/publicKey`), { clientIp: '192.0.2.9' });
    expect((await get()).status).toBe(200);
    expect((await get()).status).toBe(429);
    expect(platform.calls).toHaveLength(1);
    expect(platform.calls[0]!.url).toBe(`${TEST_KEYS.apiBase}/api/jwt/publicKey`);
  });
});

describe('TokenBucketLimiter memory bound', () => {
  it('never keeps more than maxKeys buckets, evicting full (idle) buckets first', () => {
    const clock = new ManualClock();
    const limiter = new TokenBucketLimiter({ tokens: 1, intervalMs: 60_000 }, clock.now, 100);
    for (let i = 0; i < 99; i++) limiter.take(`flood-${i}`);
    clock.advance(60_000); // the flood buckets are full again: they carry no information
    expect(limiter.take('busy').ok).toBe(true);
    expect(limiter.size).toBe(100);
    expect(limiter.take('new').ok).toBe(true); // 101 keys: the full ones go, the used ones stay
    expect(limiter.size).toBe(2);
    expect(limiter.take('busy').ok).toBe(false);
    for (let i = 0; i < 10_000; i++) {
      limiter.take(`ip-${i}`);
      expect(limiter.size).toBeLessThanOrEqual(100);
    }
  });

  it('evicts the least recently used buckets that still allow, never a refusing one', () => {
    const clock = new ManualClock();
    const limiter = new TokenBucketLimiter({ tokens: 2, intervalMs: 60_000 }, clock.now, 10);
    for (let i = 0; i < 10; i++) expect(limiter.take(`k${i}`).ok).toBe(true);
    expect([limiter.take('k0').ok, limiter.take('k0').ok]).toEqual([true, false]); // k0 refuses
    expect(limiter.take('k10').ok).toBe(true); // overflow: the oldest allowing ones go
    expect(limiter.size).toBeLessThanOrEqual(10);
    expect(limiter.take('k0').ok).toBe(false); // still remembered
    expect(limiter.take('k1').ok).toBe(true); // forgotten: a fresh burst
    expect(limiter.take('k1').ok).toBe(true);
  });

  it('refuses a new key rather than forget a refusal when every bucket refuses', () => {
    const clock = new ManualClock();
    const limiter = new TokenBucketLimiter({ tokens: 1, intervalMs: 60_000 }, clock.now, 10);
    for (let i = 0; i < 10; i++)
      expect([limiter.take(`k${i}`).ok, limiter.take(`k${i}`).ok]).toEqual([true, false]);
    expect(limiter.take('newcomer')).toEqual({ ok: false, retryAfterMs: 60_000 });
    for (let i = 0; i < 10_000; i++) limiter.take(`flood-${i}`);
    for (let i = 0; i < 10; i++) expect(limiter.take(`k${i}`).ok).toBe(false);
    clock.advance(60_000); // refilled: they carry no information any more
    expect(limiter.take('newcomer').ok).toBe(true);
  });
});
