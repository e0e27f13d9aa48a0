import { describe, expect, it } from '@jest/globals';
import { createSigningHandler, PLAYER_AUTH_ROUTES } from '../../src/server/index.js';
import {
  expectedSignature,
  ManualClock,
  PAGE_ORIGIN,
  readAnswer,
  signRequest,
  TEST_KEYS,
  testHandler,
} from '../helpers/server-harness.js';

const LOGIN = { plyrId: 'demo-player', otp: '123456' };

async function sign(envelope: unknown, overrides = {}, init = {}) {
  const clock = new ManualClock();
  const handler = testHandler({ basePath: '/plyr/sign', now: clock.now, ...overrides });
  return { clock, answer: await readAnswer(await handler(signRequest(envelope, init))) };
}

async function expectRefusal(envelope: unknown, status: number, code: string, init = {}) {
  const { answer } = await sign(envelope, {}, init);
  expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toBe('application/json');
  expect(answer.json).toEqual({ error: expect.any(String), code });
  return answer;
}

describe('sign mode: signing', () => {
  it('signs a login with a server timestamp, forcing the gameId, in the documented answer shape', async () => {
    const { clock, answer } = await sign({
      method: 'POST',
      path: '/api/user/login',
      body: { ...LOGIN, gameId: 'someone-else', expiresIn: 3600 },
    });
    expect(answer.status).toBe(200);
    const { headers, body } = answer.json as { headers: Record<string, string>; body: string };
    expect(Object.keys(answer.json)).toEqual(['headers', 'body']);
    expect(body).toBe('{"plyrId":"demo-player","otp":"123456","expiresIn":3600,"gameId":"test-game"}');
    expect(headers).toEqual({
      apikey: TEST_KEYS.apiKey,
      signature: expectedSignature(TEST_KEYS.secretKey, String(clock.ms), body),
      timestamp: String(clock.ms),
    });
    expect(answer.headers.get('cache-control')).toBe('no-store');
  });

  it('ignores any client timestamp: the envelope has no place for one', async () => {
    await expectRefusal({ method: 'GET', path: '/api/jwt/publicKey', timestamp: '1' }, 400, 'INVALID_BODY');
  });

  it('signs "{}" for GET routes and accepts path parameters', async () => {
    for (const path of [
      '/api/jwt/publicKey',
      '/api/user/info/demo-player',
      '/api/user/info/0x52908400098527886E0F7030069857D2E4169EE7',
      '/api/user/avatar/demo-player',
      '/api/user/exists/someone',
      '/api/instantPlayPass/verify/claimingCode/ABC123',
      '/api/auth/read/3f0c7a8e-1b2c-4d5e-8f90-123456789abc',
    ]) {
      const { clock, answer } = await sign({ method: 'GET', path });
      expect(answer.status).toBe(200);
      const { headers, body } = answer.json as { headers: Record<string, string>; body: string };
      expect(body).toBe('{}');
      expect(headers.signature).toBe(expectedSignature(TEST_KEYS.secretKey, String(clock.ms), '{}'));
    }
  });

  it('defaults guest register tokens to [] and forces the gameId', async () => {
    const { answer } = await sign({ method: 'POST', path: '/api/instantPlayPass/register', body: {} });
    expect((answer.json as { body: string }).body).toBe('{"tokens":[],"gameId":"test-game"}');
    const noBody = await sign({ method: 'POST', path: '/api/instantPlayPass/register' });
    expect((noBody.answer.json as { body: string }).body).toBe('{"tokens":[],"gameId":"test-game"}');
  });

  it('accepts loginAndApprove with equal-length tokens and amounts (numbers or numeric strings)', async () => {
    const body = { ...LOGIN, tokens: ['plyr', 'gamr'], amounts: [10, '2.5'] };
    const { answer } = await sign({ method: 'POST', path: '/api/user/loginAndApprove', body });
    expect(answer.status).toBe(200);
    expect(JSON.parse((answer.json as { body: string }).body)).toEqual({ ...body, gameId: 'test-game' });
  });

  it('accepts session routes with a JWT and revoke with an empty body', async () => {
    const jwt = 'eyJhbGciOiJFUzI1NiJ9.eyJwbHlySWQiOiJ4In0.c2ln';
    for (const path of ['/api/user/logout', '/api/user/session/verify']) {
      const { answer } = await sign({ method: 'POST', path, body: { sessionJwt: jwt } });
      expect((answer.json as { body: string }).body).toBe(JSON.stringify({ sessionJwt: jwt }));
    }
    const reveal = await sign({
      method: 'POST',
      path: '/api/instantPlayPass/reveal/claimingCode',
      body: { sessionJwt: jwt },
    });
    expect((reveal.answer.json as { body: string }).body).toBe(
      JSON.stringify({ sessionJwt: jwt, gameId: 'test-game' }),
    );
    const revoke = await sign({ method: 'POST', path: '/api/auth/revoke/3f0c7a8e-1b2c-4d5e' });
    expect((revoke.answer.json as { body: string }).body).toBe('{}');
  });

  it('signs with WebCrypto exactly as with node:crypto', async () => {
    const envelope = { method: 'POST', path: '/api/user/login', body: LOGIN };
    const viaNode = await sign(envelope, { hmac: 'node' });
    const viaWeb = await sign(envelope, { hmac: 'webcrypto' });
    expect(viaWeb.answer.json).toEqual(viaNode.answer.json);
  });

  it('exposes the default allow-list the client needs', () => {
    expect(PLAYER_AUTH_ROUTES.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /api/user/login',
      'POST /api/user/loginAndApprove',
      'POST /api/user/logout',
      'POST /api/user/session/verify',
      'POST /api/instantPlayPass/register',
      'POST /api/instantPlayPass/reveal/claimingCode',
      'GET /api/instantPlayPass/verify/claimingCode/:code',
      'GET /api/user/info/:plyrIdOrAddress',
      'GET /api/user/avatar/:plyrId',
      'GET /api/user/exists/:q',
      'GET /api/jwt/publicKey',
      'GET /api/auth/read/:uid',
      'POST /api/auth/revoke/:uid',
      'GET /api/game/allowanceByGameId/:plyrId/:gameId',
      'POST /api/game/revoke',
    ]);
  });

  it('honours a custom allow-list', async () => {
    const allow = [{ method: 'GET' as const, path: '/api/now' }];
    const ok = await sign({ method: 'GET', path: '/api/now' }, { allow });
    expect(ok.answer.status).toBe(200);
    const refused = await sign({ method: 'GET', path: '/api/jwt/publicKey' }, { allow });
    expect(refused.answer.json.code).toBe('PATH_NOT_ALLOWED');
  });
});

describe('sign mode: refusals', () => {
  it('refuses paths off the allow-list (403 PATH_NOT_ALLOWED)', async () => {
    for (const path of [
      '/api/status',
      '/api/user/register',
      '/api/user/info/',
      '/api/user/info/demo-player/',
      '/api/user/info/../status',
      '/api/user/info/a%2Fb',
      '/api/user/info/demo-player?x=1',
      '/api//user/login',
      '/API/user/login',
      'api/user/login',
      'https://evil.test/api/user/login',
      '',
    ]) {
      await expectRefusal({ method: 'GET', path }, 403, 'PATH_NOT_ALLOWED');
    }
    await expectRefusal({ method: 'GET', path: '/api/user/login' }, 403, 'PATH_NOT_ALLOWED');
    await expectRefusal({ method: 'POST', path: '/api/jwt/publicKey' }, 403, 'PATH_NOT_ALLOWED');
  });

  it('refuses a request to another path than basePath', async () => {
    const handler = testHandler({ basePath: '/plyr/sign' });
    const answer = await readAnswer(
      await handler(
        signRequest({ method: 'GET', path: '/api/jwt/publicKey' }, { url: 'https://game.test/plyr/other' }),
      ),
    );
    expect(answer.status).toBe(403);
    expect(answer.json.code).toBe('PATH_NOT_ALLOWED');
  });

  it('refuses malformed envelopes (400 INVALID_BODY)', async () => {
    for (const envelope of [
      null,
      [],
      'x',
      42,
      {},
      { method: 'PUT', path: '/api/jwt/publicKey' },
      { method: 'get', path: '/api/jwt/publicKey' },
      { method: 'GET', path: 7 },
      { method: 'GET', path: '/api/jwt/publicKey', extra: 1 },
      { method: 'GET', path: '/api/jwt/publicKey', body: { a: 1 } },
      { method: 'GET', path: '/api/jwt/publicKey', body: [] },
    ]) {
      await expectRefusal(envelope, 400, 'INVALID_BODY');
    }
  });

  it('refuses prototype-pollution keys in the envelope and in the body', async () => {
    await expectRefusal(undefined, 400, 'INVALID_BODY', {
      raw: '{"method":"GET","path":"/api/jwt/publicKey","__proto__":{"polluted":true}}',
    });
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      await expectRefusal(undefined, 400, 'INVALID_BODY', {
        raw: `{"method":"POST","path":"/api/user/login","body":{"plyrId":"demo-player","otp":"123456","${key}":{"x":1}}}`,
      });
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('checks body types per route (400 INVALID_BODY)', async () => {
    const login = (body: unknown) => ({ method: 'POST', path: '/api/user/login', body });
    const approve = (body: unknown) => ({ method: 'POST', path: '/api/user/loginAndApprove', body });
    for (const envelope of [
      login({ plyrId: 'demo-player' }),
      login({ plyrId: 'demo-player', otp: 123456 }),
      login({ plyrId: 'demo-player', otp: '12345' }),
      login({ plyrId: 'demo-player', otp: '1234567' }),
      login({ plyrId: 'abc', otp: '123456' }),
      login({ plyrId: 'demo player', otp: '123456' }),
      login({ plyrId: 'x'.repeat(65), otp: '123456' }),
      login({ ...LOGIN, expiresIn: '86400' }),
      login({ ...LOGIN, expiresIn: 3600.5 }),
      login({ ...LOGIN, expiresIn: 0 }),
      login({ ...LOGIN, expiresIn: -1 }),
      login({ ...LOGIN, uid: 'short' }),
      login({ ...LOGIN, gameId: 5 }),
      login({ ...LOGIN, nonce: 1 }),
      login([LOGIN]),
      login('plyrId=demo-player'),
      approve(LOGIN),
      approve({ ...LOGIN, tokens: ['plyr'], amounts: [] }),
      approve({ ...LOGIN, tokens: [], amounts: [] }),
      approve({ ...LOGIN, tokens: ['plyr'], amounts: [0] }),
      approve({ ...LOGIN, tokens: ['plyr'], amounts: ['-1'] }),
      approve({ ...LOGIN, tokens: ['plyr'], amounts: ['1e3'] }),
      approve({ ...LOGIN, tokens: ['plyr'], amounts: [Number.NaN] }),
      approve({ ...LOGIN, tokens: [{}], amounts: [1] }),
      approve({ ...LOGIN, tokens: Array(21).fill('plyr'), amounts: Array(21).fill(1) }),
      { method: 'POST', path: '/api/user/logout', body: {} },
      { method: 'POST', path: '/api/user/logout', body: { sessionJwt: 'not a jwt' } },
      { method: 'POST', path: '/api/user/logout', body: { sessionJwt: `a.${'b'.repeat(4096)}.c` } },
      { method: 'POST', path: '/api/instantPlayPass/register', body: { tokens: 'plyr' } },
      { method: 'POST', path: '/api/instantPlayPass/register', body: { sync: true } },
      { method: 'POST', path: '/api/auth/revoke/3f0c7a8e-1b2c-4d5e', body: { x: 1 } },
    ]) {
      await expectRefusal(envelope, 400, 'INVALID_BODY');
    }
  });

  it('refuses bad JSON and invalid UTF-8 (400 INVALID_JSON)', async () => {
    for (const raw of ['{', '{"method":"GET",}', "{'a':1}", 'NaN', '\u0000']) {
      await expectRefusal(undefined, 400, 'INVALID_JSON', { raw });
    }
    const handler = testHandler();
    const bad = new Request('https://game.test/', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
    });
    expect((await readAnswer(await handler(bad))).json.code).toBe('INVALID_JSON');
    // U+FFFD sent as itself is valid UTF-8 (and reaches the schema); next to an invalid byte it is still refused.
    const replacement = [0xef, 0xbf, 0xbd];
    const withReplacement = (extra: number[]) =>
      new Request('https://game.test/', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: new Uint8Array([
          ...new TextEncoder().encode('{"method":"POST","path":"/api/user/login","body":{"plyrId":"'),
          ...replacement,
          ...extra,
          ...new TextEncoder().encode('"}}'),
        ]),
      });
    expect((await readAnswer(await handler(withReplacement([])))).json.code).toBe('INVALID_BODY');
    expect((await readAnswer(await handler(withReplacement([0xc3])))).json.code).toBe('INVALID_JSON');
  });

  it('refuses an empty body (400 INVALID_BODY)', async () => {
    await expectRefusal(undefined, 400, 'INVALID_BODY', { raw: '' });
  });

  it('refuses other HTTP methods (405 with Allow)', async () => {
    const handler = testHandler();
    for (const method of ['GET', 'PUT', 'DELETE', 'PATCH', 'HEAD']) {
      const response = await handler(new Request('https://game.test/', { method }));
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST, OPTIONS');
      if (method !== 'HEAD') expect((await readAnswer(response)).json.code).toBe('METHOD_NOT_ALLOWED');
    }
  });

  it('refuses bodies over maxBodyBytes (413), declared or streamed', async () => {
    const big = JSON.stringify({
      method: 'POST',
      path: '/api/user/login',
      body: { plyrId: 'x'.repeat(2000) },
    });
    const handler = testHandler({ maxBodyBytes: 1024 });
    const declared = await readAnswer(await handler(signRequest(undefined, { raw: big })));
    expect(declared.status).toBe(413);
    expect(declared.json.code).toBe('BODY_TOO_LARGE');
    // Streamed without Content-Length: counted while reading.
    const bytes = new TextEncoder().encode(big);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 100) controller.enqueue(bytes.slice(i, i + 100));
        controller.close();
      },
    });
    const streamed = await handler(
      new Request('https://game.test/', { method: 'POST', body: stream, duplex: 'half' } as RequestInit),
    );
    expect(streamed.status).toBe(413);
    // A declared length that fits is read in one go; a body longer than it claimed is still counted and refused.
    const understated = await handler(
      new Request('https://game.test/', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': '100' },
        body: big,
      }),
    );
    expect(understated.status).toBe(413);
    // Exactly at the limit is fine.
    const atLimit = JSON.stringify({ method: 'GET', path: '/api/jwt/publicKey' }).padEnd(1024, ' ');
    expect((await handler(signRequest(undefined, { raw: atLimit }))).status).toBe(200);
  });
});

describe('origins and CORS', () => {
  const envelope = { method: 'GET', path: '/api/jwt/publicKey' };

  it('serves listed origins with CORS headers and refuses others (403 ORIGIN_NOT_ALLOWED)', async () => {
    const handler = testHandler({ origins: [PAGE_ORIGIN, 'http://localhost:8080'] });
    const ok = await handler(signRequest(envelope, { headers: { origin: PAGE_ORIGIN } }));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe(PAGE_ORIGIN);
    expect(ok.headers.get('vary')).toBe('Origin');
    for (const origin of ['https://evil.test', 'https://game.test.evil.test', 'null', 'http://game.test']) {
      const refused = await readAnswer(await handler(signRequest(envelope, { headers: { origin } })));
      expect(refused.status).toBe(403);
      expect(refused.json).toEqual({ error: expect.any(String), code: 'ORIGIN_NOT_ALLOWED' });
      expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    }
    // No Origin (server-to-server, same-origin GET): served.
    expect((await handler(signRequest(envelope))).status).toBe(200);
  });

  it("accepts any origin with '*'", async () => {
    const handler = testHandler({ origins: '*' });
    const ok = await handler(signRequest(envelope, { headers: { origin: 'https://anywhere.test' } }));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://anywhere.test');
  });

  it('defaults to same-origin only', async () => {
    const handler = createSigningHandler({ ...TEST_KEYS, mode: 'sign', rateLimit: false });
    const same = await handler(signRequest(envelope, { headers: { origin: 'https://game.test' } }));
    expect(same.status).toBe(200);
    const cross = await handler(signRequest(envelope, { headers: { origin: 'https://other.test' } }));
    expect(cross.status).toBe(403);
  });

  it('answers preflights for allowed origins only', async () => {
    const handler = testHandler();
    const preflight = (origin: string) =>
      handler(
        new Request('https://game.test/plyr/sign', {
          method: 'OPTIONS',
          headers: {
            origin,
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'content-type, x-game-auth',
          },
        }),
      );
    const ok = await preflight(PAGE_ORIGIN);
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(PAGE_ORIGIN);
    expect(ok.headers.get('access-control-allow-methods')).toBe('POST, OPTIONS');
    expect(ok.headers.get('access-control-allow-headers')).toBe('content-type, x-game-auth');
    const refused = await preflight('https://evil.test');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('options', () => {
  it('throws at creation for invalid options', () => {
    const bad: unknown[] = [
      { ...TEST_KEYS, apiKey: '' },
      { ...TEST_KEYS, secretKey: undefined },
      { ...TEST_KEYS, gameId: 3 },
      { ...TEST_KEYS, mode: 'proxy' },
      { ...TEST_KEYS, mode: 'relay', apiBase: undefined },
      { ...TEST_KEYS, apiBase: 'ftp://x' },
      { ...TEST_KEYS, basePath: 'plyr' },
      { ...TEST_KEYS, maxBodyBytes: 0 },
      { ...TEST_KEYS, origins: 'https://game.test' },
      { ...TEST_KEYS, allow: [{ method: 'PUT', path: '/api/x' }] },
      { ...TEST_KEYS, allow: [{ method: 'GET', path: '/user/x' }] },
      { ...TEST_KEYS, rateLimit: { perIp: { tokens: 0, intervalMs: 1000 } } },
    ];
    for (const options of bad) {
      expect(() => createSigningHandler(options as Parameters<typeof createSigningHandler>[0])).toThrow(
        TypeError,
      );
    }
  });
});
