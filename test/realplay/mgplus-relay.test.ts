/**
 * The MG+ relay over real HTTP: against the sandbox emulator for the whole path, and against a recording stub
 * for what exactly it sends (signature over the exact bytes, request id, ip) and how it treats a misbehaving MG+.
 * Sessions (the round handler's side), the player-token opt-in and opaque launch tokens are in
 * mgplus-relay-sessions.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { MgPlusEmulator } from '../../src/sandbox/mgplus/emulator.js';
import { createMgPlusClient } from '../../src/server/mgplus/client.js';
import { createRelayHandler, type RelayHandlerOptions } from '../../src/server/mgplus/relay.js';
import { authenticateAnswer } from '../helpers/mgplus-answers.js';
import {
  echoing,
  hmac,
  type Recorded,
  type Started,
  sendJson,
  startFetchHandler,
  startMgPlus,
  startStub,
} from '../helpers/realplay-servers.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const SESSION_ID = /^[A-Za-z0-9_-]{32}$/;
const SECRET = 'relay-test-secret';
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln';

const servers: Started[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function relayTo(baseUrl: string, options: Partial<RelayHandlerOptions> = {}) {
  const started = await startFetchHandler(
    createRelayHandler({ baseUrl, sharedSecret: SECRET, provider: 'plyr-studio', ...options }),
  );
  servers.push(started);
  return started;
}

/** A stub MG+ that authenticates every launch and echoes the request id, unless told otherwise. */
async function stubMgPlus(reply?: (req: Recorded, res: import('node:http').ServerResponse) => void) {
  const stub = await startStub(reply ?? echoing(200, authenticateAnswer()));
  servers.push(stub);
  return stub;
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { res, text, json: text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>) };
}

const clientBody = (overrides: Record<string, unknown> = {}) => ({
  launchToken: TOKEN,
  provider: 'plyr-studio',
  game: 'plyr-kit-demo',
  platform: 'desktop',
  ...overrides,
});

describe('relay → sandbox MG+', () => {
  let mg: Started & { emulator: MgPlusEmulator };
  let relay: Started;
  beforeAll(async () => {
    mg = await startMgPlus({ sharedSecret: SECRET });
    servers.push(mg);
    relay = await relayTo(mg.url, { provider: 'plyr-studio', allowedGames: ['plyr-kit-demo'] });
  });

  it("authenticates a player: MG+'s body without the player token, plus a session id, uncached", async () => {
    const launchToken = await mg.emulator.mintLaunchToken({ player: 'idr' });
    const { res, json, text } = await post(`${relay.url}/v1/authenticate`, {
      launchToken,
      game: 'plyr-kit-demo',
      platform: 'mobile',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(json).toMatchObject({
      playerId: '44-10000-00003',
      balanceInfo: { currency: 'idr', currencyTruncation: 1000 },
      sessionId: expect.stringMatching(SESSION_ID),
    });
    expect(Object.keys(json!).map((k) => k.toLowerCase())).not.toContain('playertoken');
    expect(text).not.toMatch(/playerToken/i);
  });

  it('passes MG+ errors through with their status and body', async () => {
    const launchToken = await mg.emulator.mintLaunchToken({ expired: true });
    const { res, json } = await post(`${relay.url}/v1/authenticate`, clientBody({ launchToken }));
    expect(res.status).toBe(401);
    expect(json).toEqual({
      error: { code: 'PLAYER_UNAUTHORIZED', message: 'The launch token has expired.' },
    });
  });

  it('gets SERVER_UNAUTHORIZED from MG+ when its secret is wrong', async () => {
    const wrong = await relayTo(mg.url, { sharedSecret: 'not-the-secret' });
    const launchToken = await mg.emulator.mintLaunchToken();
    const { res, json } = await post(`${wrong.url}/v1/authenticate`, clientBody({ launchToken }));
    expect(res.status).toBe(401);
    expect(json).toEqual({
      error: { code: 'SERVER_UNAUTHORIZED', message: 'X-HMAC-Signature does not match the request body.' },
    });
  });

  it('works with base64 signatures on both sides', async () => {
    const mg64 = await startMgPlus({ sharedSecret: SECRET, signatureEncoding: 'base64' });
    servers.push(mg64);
    const relay64 = await relayTo(mg64.url, { signatureEncoding: 'base64' });
    const launchToken = await mg64.emulator.mintLaunchToken();
    expect((await post(`${relay64.url}/v1/authenticate`, clientBody({ launchToken }))).res.status).toBe(200);
  });
});

describe('what the relay sends MG+', () => {
  it('signs the exact payload bytes, sets a fresh UUID request id and fills ip from the connection', async () => {
    const stub = await stubMgPlus();
    const relay = await relayTo(stub.url);
    await post(`${relay.url}/v1/authenticate`, clientBody());
    await post(`${relay.url}/v1/authenticate`, clientBody({ platform: 'mobile' }));
    expect(stub.requests).toHaveLength(2);
    const [first, second] = stub.requests as [Recorded, Recorded];
    expect(first.method).toBe('POST');
    expect(first.path).toBe('/v1/authenticate');
    expect(first.headers['content-type']).toBe('application/json');
    expect(first.headers['x-hmac-signature']).toBe(hmac(SECRET, first.body));
    expect(first.headers.authorization).toBeUndefined();
    expect(JSON.parse(first.body.toString())).toEqual({
      launchToken: TOKEN,
      provider: 'plyr-studio',
      game: 'plyr-kit-demo',
      ip: '127.0.0.1',
      platform: 'desktop',
    });
    expect(first.headers['x-request-id']).toMatch(UUID);
    expect(second.headers['x-request-id']).toMatch(UUID);
    expect(second.headers['x-request-id']).not.toBe(first.headers['x-request-id']);
  });

  it('keeps a path prefix of baseUrl and a basePath of its own', async () => {
    const stub = await stubMgPlus();
    const relay = await relayTo(`${stub.url}/mgplus/api/`, { basePath: '/mg' });
    expect((await post(`${relay.url}/mg/v1/authenticate`, clientBody())).res.status).toBe(200);
    expect(stub.requests[0]?.path).toBe('/mgplus/api/v1/authenticate');
    const outside = await post(`${relay.url}/v1/authenticate`, clientBody());
    expect(outside.res.status).toBe(403);
    expect(outside.json).toMatchObject({ code: 'PATH_NOT_ALLOWED' });
  });

  it.each([
    [false, '203.0.113.5, 198.51.100.9', '127.0.0.1'],
    [true, '203.0.113.5, 198.51.100.9', '203.0.113.5'],
    [1, '203.0.113.5, 198.51.100.9', '198.51.100.9'],
    [2, '203.0.113.5, 198.51.100.9', '203.0.113.5'],
    [5, '203.0.113.5, 198.51.100.9', '203.0.113.5'],
    [1, undefined, '127.0.0.1'],
  ] as const)('trustProxy %p with X-Forwarded-For %p sends ip %p', async (trustProxy, xff, ip) => {
    const stub = await stubMgPlus();
    const relay = await relayTo(stub.url, { trustProxy });
    await post(`${relay.url}/v1/authenticate`, clientBody(), xff ? { 'x-forwarded-for': xff } : {});
    expect(JSON.parse(stub.requests[0]!.body.toString()).ip).toBe(ip);
  });

  it('refuses an IPv6 client address instead of forwarding it', async () => {
    const stub = await stubMgPlus();
    const relay = await relayTo(stub.url, { trustProxy: true });
    const { res, json } = await post(`${relay.url}/v1/authenticate`, clientBody(), {
      'x-forwarded-for': '2001:db8::7',
    });
    expect(res.status).toBe(400);
    expect(json).toEqual({ error: expect.stringMatching(/IPv4/), code: 'CLIENT_IP_UNSUPPORTED' });
    expect(stub.requests).toHaveLength(0);
  });

  it('refuses when no client address is known', async () => {
    const handler = createRelayHandler({
      baseUrl: 'http://127.0.0.1:9',
      sharedSecret: SECRET,
      provider: 'plyr-studio',
    });
    const res = await handler(
      new Request('http://relay.test/v1/authenticate', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(clientBody()),
      }),
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'CLIENT_IP_UNSUPPORTED' });
  });
});

describe('relay validation', () => {
  let stub: Started & { requests: Recorded[] };
  let relay: Started;
  beforeAll(async () => {
    stub = await stubMgPlus();
    relay = await relayTo(stub.url, { provider: 'plyr-studio', allowedGames: ['plyr-kit-demo'] });
  });

  it.each([
    ['an ip from the browser', clientBody({ ip: '1.2.3.4' }), /ip/],
    ['an unknown field', clientBody({ balance: 1 }), /Unknown field/],
    ['a launch token with a space', clientBody({ launchToken: 'eyJhbG9h shdgjh38' }), /launchToken/],
    ['an over-long launch token', clientBody({ launchToken: `a.${'b'.repeat(4100)}.c` }), /launchToken/],
    ['a missing launch token', clientBody({ launchToken: undefined }), /launchToken/],
    ['another provider', clientBody({ provider: 'someone-else' }), /provider/],
    ['a game not served', clientBody({ game: 'other-game' }), /game/],
    ['a game with bad characters', clientBody({ game: 'a b' }), /game/],
    ['a bad platform', clientBody({ platform: 'tablet' }), /platform/],
    ['an array', [1], /object/],
  ])('refuses %s with INVALID_BODY', async (_name, body, message) => {
    const before = stub.requests.length;
    const { res, json } = await post(`${relay.url}/v1/authenticate`, body);
    expect(res.status).toBe(400);
    expect(json).toEqual({ error: expect.stringMatching(message), code: 'INVALID_BODY' });
    expect(stub.requests.length).toBe(before);
  });

  it("forwards an opaque launch token (the guide's example) to MG+ byte for byte", async () => {
    const before = stub.requests.length;
    const { res } = await post(
      `${relay.url}/v1/authenticate`,
      clientBody({ launchToken: 'eyJhbG9hshdgjh38Gsjsk3jdl' }),
    );
    expect(res.status).toBe(200);
    expect(JSON.parse(stub.requests[before]!.body.toString()).launchToken).toBe('eyJhbG9hshdgjh38Gsjsk3jdl');
  });

  it('fills the configured provider when the browser omits it', async () => {
    const before = stub.requests.length;
    await post(`${relay.url}/v1/authenticate`, clientBody({ provider: undefined }));
    expect(JSON.parse(stub.requests[before]!.body.toString()).provider).toBe('plyr-studio');
  });

  it('refuses bodies that are not JSON, too large, other methods and other paths', async () => {
    expect((await post(`${relay.url}/v1/authenticate`, '{nope')).json).toMatchObject({
      code: 'INVALID_JSON',
    });
    const big = await post(`${relay.url}/v1/authenticate`, clientBody({ launchToken: 'x'.repeat(9000) }));
    expect(big.res.status).toBe(413);
    expect(big.json).toMatchObject({ code: 'BODY_TOO_LARGE' });
    const get = await fetch(`${relay.url}/v1/authenticate`);
    expect(get.status).toBe(405);
    expect(await get.json()).toMatchObject({ code: 'METHOD_NOT_ALLOWED' });
    for (const path of ['/v1/balance', '/v1/authenticate/x', '/api/user/login']) {
      const other = await post(`${relay.url}${path}`, clientBody());
      expect(other.res.status).toBe(403);
      expect(other.json).toMatchObject({ code: 'PATH_NOT_ALLOWED' });
    }
  });
  it('counts a streamed body without Content-Length and refuses it past the limit, not before', async () => {
    const handler = createRelayHandler({
      baseUrl: stub.url,
      sharedSecret: SECRET,
      provider: 'plyr-studio',
      maxBodyBytes: 1024,
    });
    const streamed = (text: string) => {
      const bytes = new TextEncoder().encode(text);
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < bytes.length; i += 100) controller.enqueue(bytes.slice(i, i + 100));
          controller.close();
        },
      });
      const headers = { 'content-type': 'application/json' };
      const init = { method: 'POST', headers, body, duplex: 'half' } as RequestInit;
      return handler(new Request('http://relay.test/v1/authenticate', init), { clientIp: '198.51.100.7' });
    };
    const big = await streamed(JSON.stringify(clientBody({ launchToken: 'x'.repeat(2000) })));
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ code: 'BODY_TOO_LARGE' });
    // Exactly at the limit (JSON padded with spaces) is read and forwarded.
    const atLimit = await streamed(JSON.stringify(clientBody()).padEnd(1024, ' '));
    expect(atLimit.status).toBe(200);
  });
});

describe('relay and a misbehaving MG+', () => {
  it('refuses a 200 whose X-Request-ID is missing or not ours (it could be another player)', async () => {
    for (const echo of [undefined, '6f1c1c9e-7a43-4f43-9a53-000000000000']) {
      const stub = await stubMgPlus((_req, res) =>
        sendJson(
          res,
          200,
          authenticateAnswer({ playerToken: 'someone-elses' }),
          echo ? { 'x-request-id': echo } : {},
        ),
      );
      const relay = await relayTo(stub.url);
      const { res, text, json } = await post(`${relay.url}/v1/authenticate`, clientBody());
      expect(res.status).toBe(502);
      expect(json).toMatchObject({ code: 'UPSTREAM_REQUEST_ID_MISMATCH' });
      expect(text).not.toContain('someone-elses');
    }
  });

  it("passes an MG+ error answering our request id through in MG+'s shape, status and message", async () => {
    const refusal = { error: { code: 'RETRY_REQUIRED', message: 'try again' } };
    const relay = await relayTo((await stubMgPlus(echoing(500, refusal))).url);
    const { res, json } = await post(`${relay.url}/v1/authenticate`, clientBody());
    expect(res.status).toBe(500);
    expect(json).toEqual(refusal);
  });

  it("does not pass an error without our request id as MG+'s: 502 UPSTREAM_REQUEST_ID_MISMATCH", async () => {
    const stub = await stubMgPlus((_req, res) =>
      sendJson(res, 401, { error: { code: 'PLAYER_UNAUTHORIZED', message: 'from a gateway' } }),
    );
    const relay = await relayTo(stub.url);
    const { res, text, json } = await post(`${relay.url}/v1/authenticate`, clientBody());
    expect(res.status).toBe(502);
    expect(json).toMatchObject({ code: 'UPSTREAM_REQUEST_ID_MISMATCH' });
    expect(text).not.toContain('from a gateway');
  });

  it('answers 502 UPSTREAM_UNREACHABLE for a 200 that is not an authenticate answer, without its token', async () => {
    const relay = await relayTo((await stubMgPlus(echoing(200, { playerToken: 'half-an-answer' }))).url);
    const { res, text, json } = await post(`${relay.url}/v1/authenticate`, clientBody());
    expect(res.status).toBe(502);
    expect(json).toMatchObject({ code: 'UPSTREAM_UNREACHABLE' });
    expect(text).not.toContain('half-an-answer');
  });

  it('accepts the echo in any letter case', async () => {
    const stub = await stubMgPlus((req, res) =>
      sendJson(res, 200, authenticateAnswer(), {
        'x-request-id': String(req.headers['x-request-id']).toUpperCase(),
      }),
    );
    const relay = await relayTo(stub.url);
    expect((await post(`${relay.url}/v1/authenticate`, clientBody())).res.status).toBe(200);
  });

  it('answers 504 UPSTREAM_TIMEOUT when MG+ does not answer in time', async () => {
    const stub = await stubMgPlus(() => {
      // never answers; closed with the server
    });
    const relay = await relayTo(stub.url, { timeoutMs: 100 });
    const { res, json } = await post(`${relay.url}/v1/authenticate`, clientBody());
    expect(res.status).toBe(504);
    expect(json).toMatchObject({ code: 'UPSTREAM_TIMEOUT' });
  });

  it('answers 502 UPSTREAM_UNREACHABLE when MG+ cannot be reached', async () => {
    const stub = await stubMgPlus();
    const url = stub.url;
    await stub.close();
    const relay = await relayTo(url);
    const { res, json } = await post(`${relay.url}/v1/authenticate`, clientBody());
    expect(res.status).toBe(502);
    expect(json).toMatchObject({ code: 'UPSTREAM_UNREACHABLE' });
  });

  it('does not follow redirects with a signed body', async () => {
    const target = await stubMgPlus();
    const stub = await stubMgPlus((_req, res) => {
      res.writeHead(307, { location: `${target.url}/v1/authenticate` });
      res.end();
    });
    const relay = await relayTo(stub.url);
    const { res, json } = await post(`${relay.url}/v1/authenticate`, clientBody());
    expect([res.status, json?.code]).toEqual([502, 'UPSTREAM_UNREACHABLE']);
    expect(target.requests).toHaveLength(0);
  });
});

describe('relay origins (CORS)', () => {
  it('serves listed origins with CORS headers, answers their preflight, refuses others', async () => {
    const stub = await stubMgPlus();
    const relay = await relayTo(stub.url, { origins: ['https://game.example'] });
    const ok = await post(`${relay.url}/v1/authenticate`, clientBody(), { origin: 'https://game.example' });
    expect(ok.res.status).toBe(200);
    expect(ok.res.headers.get('access-control-allow-origin')).toBe('https://game.example');
    const preflight = await fetch(`${relay.url}/v1/authenticate`, {
      method: 'OPTIONS',
      headers: { origin: 'https://game.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toBe('POST, OPTIONS');
    const bad = await post(`${relay.url}/v1/authenticate`, clientBody(), { origin: 'https://evil.example' });
    expect(bad.res.status).toBe(403);
    expect(bad.json).toMatchObject({ code: 'ORIGIN_NOT_ALLOWED' });
    expect(stub.requests).toHaveLength(1);
  });
});

describe('relay options', () => {
  const own = { baseUrl: 'https://mg.example', sharedSecret: 's', provider: 'plyr-studio' };

  it.each([
    [{ baseUrl: 'not a url' }, /baseUrl/],
    [{ baseUrl: 'ftp://mg.example' }, /baseUrl/],
    [{ sharedSecret: '' }, /sharedSecret/],
    [{ provider: undefined }, /provider/],
    [{ provider: 'a b' }, /provider/],
    [{ signatureEncoding: 'latin1' }, /signatureEncoding/],
    [{ timeoutMs: 0 }, /timeoutMs/],
  ])('without a client, refuses %p with a TypeError', (overrides, message) => {
    const options = { ...own, ...overrides } as RelayHandlerOptions;
    expect(() => createRelayHandler(options)).toThrow(TypeError);
    expect(() => createRelayHandler(options)).toThrow(message);
  });

  it.each([
    [{ baseUrl: 'https://mg.example' }, /baseUrl/],
    [{ sharedSecret: 's' }, /sharedSecret/],
    [{ timeoutMs: 100 }, /timeoutMs/],
    [{ passPlayerToken: true }, /passPlayerToken/],
    [{ provider: 'someone-else' }, /provider/],
  ])('with a client, refuses %p with a TypeError (it belongs to the client)', (overrides, message) => {
    const client = createMgPlusClient(own);
    const options = { client, ...overrides } as RelayHandlerOptions;
    expect(() => createRelayHandler(options)).toThrow(TypeError);
    expect(() => createRelayHandler(options)).toThrow(message);
  });

  it("takes the client's provider: the browser may omit it and may not send another", async () => {
    const stub = await stubMgPlus();
    const client = createMgPlusClient({ baseUrl: stub.url, sharedSecret: SECRET, provider: 'plyr-studio' });
    const relay = await startFetchHandler(createRelayHandler({ client, provider: 'plyr-studio' }));
    servers.push(relay);
    expect((await post(`${relay.url}/v1/authenticate`, clientBody({ provider: undefined }))).res.status).toBe(
      200,
    );
    expect(JSON.parse(stub.requests[0]!.body.toString()).provider).toBe('plyr-studio');
    const other = await post(`${relay.url}/v1/authenticate`, clientBody({ provider: 'someone-else' }));
    expect([other.res.status, other.json?.code]).toEqual([400, 'INVALID_BODY']);
    // The refusal names the provider the relay expects and the options that set it, on either side.
    expect(other.json?.error).toContain('"someone-else" does not match this relay\'s "plyr-studio"');
    expect(other.json?.error).toContain('createRealPlay({ provider: "plyr-studio" })');
    expect(other.json?.error).toContain('createMgPlusClient({ provider })');
    expect(stub.requests).toHaveLength(1);
  });
});
