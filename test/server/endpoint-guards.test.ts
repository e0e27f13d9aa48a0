/**
 * Signing-endpoint guards found by a manual mutation-testing pass: rate-limit buckets never hold more than their
 * burst (however long a key was idle, or if the clock goes backwards), a busy key is not the one evicted when memory
 * is full, relay mode never follows a platform redirect with signed headers, the default length limits of custom
 * routes, zero approval amounts written as text, and configured origins with a trailing slash.
 */
import { describe, expect, it } from '@jest/globals';
import type { RouteRule } from '../../src/server/index.js';
import {
  listenOnLoopback,
  ManualClock,
  PAGE_ORIGIN,
  readAnswer,
  relayRequest,
  signRequest,
  testHandler,
} from '../helpers/server-harness.js';

const INFO = { method: 'GET', path: '/api/user/info/demo-player' };

/** A sign-mode handler with only a per-IP limit, on a manual clock. */
function perIpHandler(perIp: { tokens: number; intervalMs: number; burst?: number }, maxKeys?: number) {
  const clock = new ManualClock();
  const handler = testHandler({
    now: clock.now,
    rateLimit: { perIp, perPlyrId: false, guestRegisterPerIp: false, ...(maxKeys ? { maxKeys } : {}) },
  });
  const status = async (clientIp = '203.0.113.7') => (await handler(signRequest(INFO), { clientIp })).status;
  return { clock, status };
}

describe('rate-limit buckets', () => {
  it('a key idle for an hour gets its burst, not an hour of tokens', async () => {
    const { clock, status } = perIpHandler({ tokens: 1, intervalMs: 1000, burst: 2 });
    expect(await status()).toBe(200);
    clock.advance(3_600_000);
    expect([await status(), await status(), await status()]).toEqual([200, 200, 429]);
  });

  it('a POST takes its token once its body is read, and any refusal takes it first: 429 wins over a bad body', async () => {
    const clock = new ManualClock();
    const handler = testHandler({
      now: clock.now,
      rateLimit: { perIp: { tokens: 1, intervalMs: 60_000, burst: 2 } },
    });
    const send = async (raw?: string) =>
      readAnswer(
        await handler(signRequest(INFO, raw === undefined ? {} : { raw }), { clientIp: '203.0.113.8' }),
      );
    expect((await send('{"method": broken')).json).toMatchObject({ code: 'INVALID_JSON' });
    expect((await send()).status).toBe(200); // the bad body took the first token, this the second
    expect((await send('{"method": broken')).json).toMatchObject({ code: 'RATE_LIMITED', scope: 'ip' });
    expect((await send()).json).toMatchObject({ code: 'RATE_LIMITED', scope: 'ip' });
  });

  it('a clock that goes backwards refills nothing', async () => {
    const { clock, status } = perIpHandler({ tokens: 1, intervalMs: 60_000, burst: 2 });
    expect([await status(), await status(), await status()]).toEqual([200, 200, 429]);
    clock.advance(-600_000);
    expect(await status()).toBe(429);
  });

  it('when memory is full, a refusing key is kept; buckets that still allow go first, else newcomers wait', async () => {
    const { status } = perIpHandler({ tokens: 2, intervalMs: 3_600_000 }, 10);
    const hot = '198.51.100.1';
    expect([await status(hot), await status(hot), await status(hot)]).toEqual([200, 200, 429]);
    for (let i = 1; i <= 9; i++) expect(await status(`192.0.2.${i}`)).toBe(200);
    // One more key overflows the memory: the buckets that still allow a request go, never the refusing one.
    expect(await status('192.0.2.10')).toBe(200);
    expect(await status(hot)).toBe(429);
    // Memory full of refusals: a newcomer is refused rather than a refusal forgotten.
    const { status: full } = perIpHandler({ tokens: 1, intervalMs: 3_600_000 }, 10);
    for (let i = 1; i <= 10; i++)
      expect([await full(`192.0.2.${i}`), await full(`192.0.2.${i}`)]).toEqual([200, 429]);
    expect(await full('198.51.100.99')).toBe(429);
    expect(await full('192.0.2.1')).toBe(429);
  });
});

describe('relay mode and redirects', () => {
  it('a platform redirect is not followed: 502, and the signed request never reaches the other host', async () => {
    const elsewhere: string[] = [];
    const other = await listenOnLoopback((req, res) => {
      elsewhere.push(`${req.method} ${req.url} ${req.headers.signature ?? ''}`);
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"stolen":true}');
    });
    const platform = await listenOnLoopback((req, res) => {
      req.resume();
      res.writeHead(302, { location: `${other.url}${req.url}` });
      res.end();
    });
    try {
      const handler = testHandler({ mode: 'relay', basePath: '/plyr/relay', apiBase: platform.url });
      const answer = await readAnswer(await handler(relayRequest('GET', '/api/user/info/demo-player')));
      expect([answer.status, answer.json?.code]).toEqual([502, 'UPSTREAM_UNREACHABLE']);
      expect(elsewhere).toEqual([]);
    } finally {
      await Promise.all([platform.close(), other.close()]);
    }
  });
});

describe('default limits of a custom route', () => {
  const allow: RouteRule[] = [
    {
      method: 'POST',
      path: '/api/custom',
      body: { fields: { note: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } } } },
    },
  ];
  const handler = testHandler({ allow });
  const sign = async (body: unknown) =>
    readAnswer(await handler(signRequest({ method: 'POST', path: '/api/custom', body })));

  it('a string field takes at most 1024 characters', async () => {
    expect((await sign({ note: 'x'.repeat(1024), tags: [] })).status).toBe(200);
    const refused = await sign({ note: 'x'.repeat(1025), tags: [] });
    expect([refused.status, refused.json?.code]).toEqual([400, 'INVALID_BODY']);
  });

  it('an array field takes at most 100 items', async () => {
    expect((await sign({ note: '', tags: Array(100).fill('t') })).status).toBe(200);
    const refused = await sign({ note: '', tags: Array(101).fill('t') });
    expect([refused.status, refused.json?.code]).toEqual([400, 'INVALID_BODY']);
  });
});

describe('approval amounts', () => {
  it.each(['0', '0.0', '00.000'])('an amount of %p (zero as text) is refused', async (amount) => {
    const handler = testHandler();
    const body = { plyrId: 'demo-player', otp: '123456', tokens: ['plyr'], amounts: [amount] };
    const answer = await readAnswer(
      await handler(signRequest({ method: 'POST', path: '/api/user/loginAndApprove', body })),
    );
    expect([answer.status, answer.json?.code]).toEqual([400, 'INVALID_BODY']);
    const ok = { ...body, amounts: ['0.5'] };
    expect(
      (await handler(signRequest({ method: 'POST', path: '/api/user/loginAndApprove', body: ok }))).status,
    ).toBe(200);
  });
});

describe('origins', () => {
  it('a configured origin with a trailing slash matches the browser Origin (which has none)', async () => {
    const handler = testHandler({ origins: [`${PAGE_ORIGIN}/`] });
    const answer = await readAnswer(await handler(signRequest(INFO, { headers: { origin: PAGE_ORIGIN } })));
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBe(PAGE_ORIGIN);
  });
});
