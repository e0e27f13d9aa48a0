/**
 * Integration: the signing endpoint on a real node:http server (toNodeListener) in front of the sandbox platform.
 * The sandbox verifies the signatures exactly as the platform does (docs/platform/plyr-api.md#hmac-signing).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { createSigningHandler, type SigningHandlerOptions, toNodeListener } from '../../src/server/index.js';
import { listenOnLoopback, PAGE_ORIGIN, readAnswer, sandboxKeys } from '../helpers/server-harness.js';

let sandbox: Sandbox;
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  sandbox = await startSandbox();
});

afterAll(async () => {
  for (const close of closers.reverse()) await close();
  await sandbox.close();
});

/** The endpoint for the sandbox's main game, on its own loopback server. */
async function endpoint(overrides: Partial<SigningHandlerOptions> = {}, trustProxy?: boolean | number) {
  const handler = createSigningHandler({
    ...sandboxKeys(sandbox),
    origins: [PAGE_ORIGIN],
    rateLimit: false,
    ...overrides,
  });
  const server = await listenOnLoopback(
    toNodeListener(handler, trustProxy === undefined ? {} : { trustProxy }),
  );
  closers.push(server.close);
  return server.url;
}

/** The browser client's sign-mode flow: ask the endpoint, then send exactly what it signed to the platform. */
async function viaSigner(signerUrl: string, method: 'GET' | 'POST', path: string, body?: object) {
  const signed = await fetch(signerUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: PAGE_ORIGIN },
    body: JSON.stringify({ method, path, ...(body ? { body } : {}) }),
  });
  expect(signed.status).toBe(200);
  const { headers, body: text } = (await signed.json()) as { headers: Record<string, string>; body: string };
  const response = await fetch(sandbox.url + path, {
    method,
    headers: { ...headers, ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) },
    ...(method === 'POST' ? { body: text } : {}),
  });
  return readAnswer(response);
}

/** The browser client's relay-mode flow. */
async function viaRelay(relayUrl: string, method: 'GET' | 'POST', path: string, body?: unknown) {
  const response = await fetch(relayUrl + path, {
    method,
    headers: { origin: PAGE_ORIGIN, ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) },
    ...(method === 'POST' ? { body: typeof body === 'string' ? body : JSON.stringify(body ?? {}) } : {}),
  });
  return readAnswer(response);
}

describe('sign mode against the sandbox', () => {
  it('logs a player in, verifies and ends the session', async () => {
    const signer = await endpoint({ mode: 'sign', basePath: '/plyr/sign' });
    const url = `${signer}/plyr/sign`;
    const login = await viaSigner(url, 'POST', '/api/user/login', {
      plyrId: 'demo-player',
      otp: sandbox.totp('demo-player'),
      gameId: 'other-game', // forced back to the configured game
    });
    expect(login.status).toBe(200);
    expect(login.json).toMatchObject({ plyrId: 'demo-player', gameId: sandbox.gameId, isIPP: false });
    const sessionJwt = login.json.sessionJwt as string;

    const verify = await viaSigner(url, 'POST', '/api/user/session/verify', { sessionJwt });
    expect(verify.status).toBe(200);
    expect(verify.json).toMatchObject({
      success: true,
      payload: { plyrId: 'demo-player', gameId: sandbox.gameId },
    });

    const info = await viaSigner(url, 'GET', '/api/user/info/demo-player');
    expect(info.status).toBe(200);
    expect(info.json.plyrId).toBe('demo-player');

    const logout = await viaSigner(url, 'POST', '/api/user/logout', { sessionJwt });
    expect(logout.status).toBe(200);
    const after = await viaSigner(url, 'POST', '/api/user/session/verify', { sessionJwt });
    expect(after.status).toBe(401);
  });

  it('registers a guest (tokens defaulted) and reveals and verifies its claiming code', async () => {
    const url = `${await endpoint({ mode: 'sign', basePath: '/plyr/sign' })}/plyr/sign`;
    const guest = await viaSigner(url, 'POST', '/api/instantPlayPass/register', {});
    expect(guest.status).toBe(200);
    expect(guest.json).toMatchObject({ isIPP: true, gameId: sandbox.gameId });
    const reveal = await viaSigner(url, 'POST', '/api/instantPlayPass/reveal/claimingCode', {
      sessionJwt: guest.json.sessionJwt,
    });
    expect(reveal.status).toBe(200);
    const code = reveal.json.claimingCode as string;
    const verified = await viaSigner(url, 'GET', `/api/instantPlayPass/verify/claimingCode/${code}`);
    expect(verified.json).toEqual({ plyrId: guest.json.plyrId, verified: true });
  });

  it('gets the JWT public key, with node:crypto and with WebCrypto signatures', async () => {
    for (const hmac of ['node', 'webcrypto'] as const) {
      const url = `${await endpoint({ mode: 'sign', hmac })}/`;
      const key = await viaSigner(url, 'GET', '/api/jwt/publicKey');
      expect(key.status).toBe(200);
      expect(typeof key.json.publicKey).toBe('string');
    }
  });

  it('a signature is refused by the platform if the body is changed after signing', async () => {
    const url = `${await endpoint({ mode: 'sign' })}/`;
    const signed = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'POST', path: '/api/instantPlayPass/register', body: {} }),
    });
    const { headers, body } = (await signed.json()) as { headers: Record<string, string>; body: string };
    const tampered = await fetch(`${sandbox.url}/api/instantPlayPass/register`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: body.replace('[]', '["plyr"]'),
    });
    expect(tampered.status).toBe(401);
    expect(await tampered.json()).toEqual({ error: 'Invalid signature' });
  });
});

describe('relay mode against the sandbox (toNodeListener on node:http)', () => {
  it('relays login, session checks and GETs, returning the platform answers unchanged', async () => {
    const relay = `${await endpoint({ mode: 'relay', basePath: '/plyr/relay' })}/plyr/relay`;
    const wrong = await viaRelay(relay, 'POST', '/api/user/login', {
      plyrId: 'second-player',
      otp: '000000',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.json).toEqual({ error: 'Invalid 2fa token' });
    expect(wrong.headers.get('access-control-allow-origin')).toBe(PAGE_ORIGIN);

    const login = await viaRelay(relay, 'POST', '/api/user/login', {
      plyrId: 'second-player',
      otp: sandbox.totp('second-player'),
    });
    expect(login.status).toBe(200);
    expect(login.json).toMatchObject({ plyrId: 'second-player', gameId: sandbox.gameId });
    const verify = await viaRelay(relay, 'POST', '/api/user/session/verify', {
      sessionJwt: login.json.sessionJwt,
    });
    expect(verify.json).toMatchObject({ success: true });

    const key = await viaRelay(relay, 'GET', '/api/jwt/publicKey');
    expect(key.status).toBe(200);
    expect(typeof key.json.publicKey).toBe('string');
    const missing = await viaRelay(relay, 'GET', '/api/user/avatar/nobody-here');
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ error: 'User not found' });

    const guest = await viaRelay(relay, 'POST', '/api/instantPlayPass/register', {});
    expect(guest.status).toBe(200);
    expect(guest.json.isIPP).toBe(true);
  });

  it('refuses over HTTP with JSON { error, code }, including huge bodies', async () => {
    const relay = `${await endpoint({ mode: 'relay', basePath: '/plyr/relay' })}/plyr/relay`;
    const offList = await viaRelay(relay, 'GET', '/api/status');
    expect([offList.status, offList.json.code]).toEqual([403, 'PATH_NOT_ALLOWED']);
    const evil = await fetch(`${relay}/api/jwt/publicKey`, { headers: { origin: 'https://evil.test' } });
    expect(evil.status).toBe(403);
    expect((await evil.json()).code).toBe('ORIGIN_NOT_ALLOWED');
    const huge = await viaRelay(relay, 'POST', '/api/user/login', `{"plyrId":"${'a'.repeat(5_000_000)}"}`);
    expect([huge.status, huge.json.code]).toEqual([413, 'BODY_TOO_LARGE']);
    // Chunked, without Content-Length: counted while reading, refused without reading the rest (the client may
    // see the 413 or, if the socket closes first, a network error).
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 65_536;
        if (sent > 50_000_000) controller.close();
        else controller.enqueue(new Uint8Array(65_536).fill(0x20));
      },
    });
    const chunked = await fetch(`${relay}/api/user/login`, {
      method: 'POST',
      body: stream,
      duplex: 'half',
    } as RequestInit).catch((error: unknown) => error);
    if (chunked instanceof Response) {
      expect(chunked.status).toBe(413);
      expect(((await chunked.json()) as { code: string }).code).toBe('BODY_TOO_LARGE');
    }
    expect(sent).toBeLessThan(50_000_000); // the upload was cut short
    // The server still works afterwards.
    expect((await viaRelay(relay, 'GET', '/api/jwt/publicKey')).status).toBe(200);
  });

  it('answers 504 UPSTREAM_TIMEOUT when the platform is slow, then recovers', async () => {
    const relay = `${await endpoint({ mode: 'relay', basePath: '/plyr/relay', timeoutMs: 150 })}/plyr/relay`;
    sandbox.injectFault({ path: '/api/jwt/publicKey', delayMs: 2000, times: 1 });
    const slow = await viaRelay(relay, 'GET', '/api/jwt/publicKey');
    expect(slow.status).toBe(504);
    expect(slow.json).toEqual({ error: expect.any(String), code: 'UPSTREAM_TIMEOUT' });
    sandbox.clearFaults();
    expect((await viaRelay(relay, 'GET', '/api/jwt/publicKey')).status).toBe(200);
  });

  it('answers 502 UPSTREAM_UNREACHABLE when the platform cannot be reached', async () => {
    const gone = await listenOnLoopback((_req, res) => res.end());
    await gone.close();
    const relay = `${await endpoint({ mode: 'relay', apiBase: gone.url })}`;
    const answer = await viaRelay(relay, 'GET', '/api/jwt/publicKey');
    expect(answer.status).toBe(502);
    expect(answer.json.code).toBe('UPSTREAM_UNREACHABLE');
  });

  it('passes a platform 5xx fault through unchanged', async () => {
    const relay = await endpoint({ mode: 'relay' });
    sandbox.injectFault({
      path: '/api/user/session/verify',
      status: 503,
      body: { error: 'maintenance' },
      times: 1,
    });
    const answer = await viaRelay(relay, 'POST', '/api/user/session/verify', { sessionJwt: 'a.b.c' });
    expect([answer.status, answer.json]).toEqual([503, { error: 'maintenance' }]);
  });
});

describe('toNodeListener', () => {
  const PUBLIC_KEY = JSON.stringify({ method: 'GET', path: '/api/jwt/publicKey' });
  const limitedOne = { perIp: { tokens: 1, intervalMs: 60_000 } };

  it('rate-limits by socket address, ignoring X-Forwarded-For unless trustProxy is set', async () => {
    const direct = await endpoint({ mode: 'sign', rateLimit: limitedOne });
    const post = (url: string, xff: string) =>
      fetch(url, {
        method: 'POST',
        headers: { 'x-forwarded-for': xff, 'content-type': 'application/json' },
        body: PUBLIC_KEY,
      });
    expect((await post(direct, '192.0.2.1')).status).toBe(200);
    const refused = await post(direct, '192.0.2.2'); // same socket address: refused
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('60');
    const body = (await refused.json()) as { retryAfterMs: number };
    expect(body).toEqual({
      error: expect.any(String),
      code: 'RATE_LIMITED',
      retryAfterMs: expect.any(Number),
      scope: 'ip',
    });
    expect(body.retryAfterMs).toBeGreaterThan(55_000);
    expect(body.retryAfterMs).toBeLessThanOrEqual(60_000);

    const proxied = await endpoint({ mode: 'sign', rateLimit: limitedOne }, 1);
    expect((await post(proxied, '198.51.100.1, 192.0.2.1')).status).toBe(200);
    expect((await post(proxied, '198.51.100.2, 192.0.2.2')).status).toBe(200);
    expect((await post(proxied, '10.0.0.1, 192.0.2.2')).status).toBe(429);
  });

  it('works behind an Express-style mount with a body already parsed', async () => {
    const listener = toNodeListener(
      createSigningHandler({
        apiKey: sandbox.apiKey,
        secretKey: sandbox.secretKey,
        gameId: sandbox.gameId,
        mode: 'sign',
        basePath: '/plyr/sign',
        rateLimit: false,
      }),
    );
    const server = await listenOnLoopback((req, res) => {
      // What `app.use('/plyr', express.json(), listener)` leaves on the request.
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        Object.assign(req, {
          originalUrl: req.url,
          url: '/sign',
          body: JSON.parse(Buffer.concat(chunks).toString()),
        });
        listener(req, res);
      });
    });
    closers.push(server.close);
    const answer = await fetch(`${server.url}/plyr/sign`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: PUBLIC_KEY,
    });
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { body: string }).body).toBe('{}');
  });

  it('mounts any Fetch-API handler, streaming the body and passing the client IP', async () => {
    const server = await listenOnLoopback(
      toNodeListener(async (request, info) =>
        Response.json(
          { method: request.method, url: request.url, body: await request.text(), ip: info?.clientIp },
          { status: 201, headers: { 'x-extra': 'yes' } },
        ),
      ),
    );
    closers.push(server.close);
    const response = await fetch(`${server.url}/a/b?c=1`, { method: 'POST', body: 'x'.repeat(100_000) });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-extra')).toBe('yes');
    const json = (await response.json()) as Record<string, string>;
    expect(json.method).toBe('POST');
    expect(json.url).toBe(`${server.url}/a/b?c=1`);
    expect(json.body).toHaveLength(100_000);
    expect(json.ip).toBe('127.0.0.1');
  });
});
