import { describe, expect, it } from '@jest/globals';
import {
  expectedSignature,
  ManualClock,
  PAGE_ORIGIN,
  readAnswer,
  recordingFetch,
  relayRequest,
  TEST_KEYS,
  testHandler,
} from '../helpers/server-harness.js';

const LOGIN = { plyrId: 'demo-player', otp: '123456' };

function relay(reply?: Parameters<typeof recordingFetch>[0], overrides = {}) {
  const clock = new ManualClock();
  const platform = recordingFetch(reply);
  const handler = testHandler({
    mode: 'relay',
    basePath: '/plyr/relay',
    fetch: platform.fetch,
    now: clock.now,
    ...overrides,
  });
  return { clock, calls: platform.calls, handler };
}

describe('relay mode', () => {
  it('signs and forwards a POST with only its own headers, and returns the platform answer unchanged', async () => {
    const { clock, calls, handler } = relay(
      () =>
        new Response('{"error":"Invalid 2fa token"}', {
          status: 401,
          headers: {
            'content-type': 'application/json; charset=utf-8',
            'set-cookie': 'a=b',
            connection: 'x',
          },
        }),
    );
    const response = await handler(
      relayRequest(
        'POST',
        '/api/user/login',
        { ...LOGIN, gameId: 'other' },
        {
          origin: PAGE_ORIGIN,
          cookie: 'session=secret',
          authorization: 'Bearer game-token',
          'x-forwarded-for': '1.2.3.4',
        },
      ),
    );
    const answer = await readAnswer(response);
    expect(answer.status).toBe(401);
    expect(answer.text).toBe('{"error":"Invalid 2fa token"}');
    expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(answer.headers.get('set-cookie')).toBeNull();
    expect(answer.headers.get('access-control-allow-origin')).toBe(PAGE_ORIGIN);

    expect(calls).toHaveLength(1);
    const [call] = calls;
    const body = '{"plyrId":"demo-player","otp":"123456","gameId":"test-game"}';
    expect(call).toEqual({
      url: `${TEST_KEYS.apiBase}/api/user/login`,
      method: 'POST',
      body,
      headers: {
        accept: 'application/json',
        'content-type': 'application/json',
        apikey: TEST_KEYS.apiKey,
        timestamp: String(clock.ms),
        signature: expectedSignature(TEST_KEYS.secretKey, String(clock.ms), body),
      },
    });
  });

  it('forwards GETs without a body, signing "{}"', async () => {
    const { clock, calls, handler } = relay();
    const answer = await readAnswer(await handler(relayRequest('GET', '/api/user/info/demo-player')));
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ ok: true });
    expect(calls[0]!.url).toBe(`${TEST_KEYS.apiBase}/api/user/info/demo-player`);
    expect(calls[0]!.body).toBeUndefined();
    expect(calls[0]!.headers.signature).toBe(expectedSignature(TEST_KEYS.secretKey, String(clock.ms), '{}'));
    expect(calls[0]!.headers['content-type']).toBeUndefined();
  });

  it('refuses off-list paths, queries and paths outside basePath without calling the platform', async () => {
    const { calls, handler } = relay();
    for (const [method, path] of [
      ['GET', '/api/status'],
      ['GET', '/api/user/info/demo-player?admin=1'],
      ['GET', '/api/user/info/..%2Fstatus'],
      ['POST', '/api/user/register'],
      ['GET', '/api/user/info/demo-player/extra'],
      ['GET', ''],
      ['GET', '/'],
    ] as const) {
      const answer = await readAnswer(
        await handler(relayRequest(method, path, method === 'POST' ? {} : undefined)),
      );
      expect([path, answer.status, answer.json.code]).toEqual([path, 403, 'PATH_NOT_ALLOWED']);
    }
    const outside = await handler(new Request('https://game.test/api/jwt/publicKey'));
    expect(outside.status).toBe(403);
    expect(calls).toHaveLength(0);
  });

  it('reads the path from Request.url as URL would: the fragment dropped, the host lower-cased, a query refused', async () => {
    const { calls, handler } = relay(undefined, { basePath: '/plyr/relay', origins: undefined });
    const url = 'https://GAME.test/plyr/relay/api/user/info/demo-player';
    const fragment = await handler(new Request(`${url}#top`, { headers: { origin: PAGE_ORIGIN } }));
    expect(fragment.status).toBe(200); // same origin: the host was compared lower-cased
    expect(calls.map((c) => c.url)).toEqual([`${TEST_KEYS.apiBase}/api/user/info/demo-player`]);
    const query = await readAnswer(await handler(new Request(`${url}?admin=1#top`)));
    expect([query.status, query.json.code]).toEqual([403, 'PATH_NOT_ALLOWED']);
    expect(calls).toHaveLength(1);
  });

  it('refuses a wrong method on an allowed path (405 with Allow)', async () => {
    const { calls, handler } = relay();
    const getLogin = await handler(relayRequest('GET', '/api/user/login'));
    expect(getLogin.status).toBe(405);
    expect(getLogin.headers.get('allow')).toBe('POST, OPTIONS');
    expect((await readAnswer(getLogin)).json.code).toBe('METHOD_NOT_ALLOWED');
    const putKey = await handler(relayRequest('PUT', '/api/jwt/publicKey', { a: 1 }));
    expect(putKey.status).toBe(405);
    expect(putKey.headers.get('allow')).toBe('GET, OPTIONS');
    expect(calls).toHaveLength(0);
  });

  it('validates relayed bodies like sign mode', async () => {
    const { calls, handler } = relay();
    const cases: [unknown, string][] = [
      [{ plyrId: 'demo-player', otp: 123456 }, 'INVALID_BODY'],
      [{ ...LOGIN, extra: 1 }, 'INVALID_BODY'],
      ['{"plyrId":"demo-player","otp":"123456","__proto__":{}}', 'INVALID_BODY'],
      ['{not json', 'INVALID_JSON'],
    ];
    for (const [body, code] of cases) {
      const answer = await readAnswer(await handler(relayRequest('POST', '/api/user/login', body)));
      expect(answer.json.code).toBe(code);
    }
    const huge = await handler(relayRequest('POST', '/api/user/login', { plyrId: 'x'.repeat(20_000) }));
    expect(huge.status).toBe(413);
    expect(calls).toHaveLength(0);
  });

  it('answers 504 UPSTREAM_TIMEOUT when the platform is too slow, even if fetch ignores the abort', async () => {
    const { handler } = relay(() => new Promise<Response>(() => {}), { timeoutMs: 50 });
    const answer = await readAnswer(await handler(relayRequest('GET', '/api/jwt/publicKey')));
    expect(answer.status).toBe(504);
    expect(answer.json).toEqual({ error: expect.any(String), code: 'UPSTREAM_TIMEOUT' });
  });

  it('answers 502 UPSTREAM_UNREACHABLE on a network error', async () => {
    const { handler } = relay(() => Promise.reject(new TypeError('fetch failed')));
    const answer = await readAnswer(await handler(relayRequest('GET', '/api/jwt/publicKey')));
    expect(answer.status).toBe(502);
    expect(answer.json).toEqual({ error: expect.any(String), code: 'UPSTREAM_UNREACHABLE' });
  });

  it('passes platform 204/5xx statuses and non-JSON bodies through', async () => {
    const replies = [
      new Response('Not Found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } }),
      new Response('{"error":"boom","stack":"..."}', {
        status: 500,
        headers: { 'content-type': 'application/json' },
      }),
      new Response(null, { status: 204 }),
    ];
    const { handler } = relay(() => replies.shift()!);
    const notFound = await readAnswer(await handler(relayRequest('GET', '/api/jwt/publicKey')));
    expect([notFound.status, notFound.text, notFound.headers.get('content-type')]).toEqual([
      404,
      'Not Found',
      'text/plain; charset=utf-8',
    ]);
    const failed = await readAnswer(await handler(relayRequest('GET', '/api/jwt/publicKey')));
    expect([failed.status, failed.text]).toEqual([500, '{"error":"boom","stack":"..."}']);
    const empty = await readAnswer(await handler(relayRequest('GET', '/api/jwt/publicKey')));
    expect([empty.status, empty.text]).toEqual([204, '']);
  });

  it('answers preflights with the relay methods', async () => {
    const { handler } = relay();
    const response = await handler(
      relayRequest('OPTIONS', '/api/user/login', undefined, {
        origin: PAGE_ORIGIN,
        'access-control-request-method': 'POST',
      }),
    );
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-methods')).toBe('GET, POST, OPTIONS');
    expect(response.headers.get('access-control-allow-headers')).toBe('content-type');
  });
});
