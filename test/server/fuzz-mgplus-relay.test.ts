/**
 * Property/fuzz test of the MG+ relay (seeded, bounded): random and malformed requests (methods, paths, queries,
 * content types, byte-order marks, bodies, origins, client addresses). Properties, checked with an oracle written
 * from the MG+ guide rather than from src/server: the handler never throws and never answers a 5xx of its own;
 * every refusal is JSON `{ error, code }` with the code's status; MG+ is called only for
 * `POST <basePath>/v1/authenticate` with a valid body (launch tokens are opaque: 1-4096 visible ASCII characters),
 * and then with exactly `{ launchToken, provider, game, ip, platform }` (provider and game as configured, ip the
 * connection's IPv4 address), signed over the sent bytes; the browser gets a `sessionId`, never the player token.
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it, jest } from '@jest/globals';
import { createRelayHandler } from '../../src/server/index.js';
import { authenticateAnswer } from '../helpers/mgplus-answers.js';
import { prng, type Rng } from '../helpers/prng.js';

const ITERATIONS = 4000;
const SECRET = 'fuzz-relay-secret';
const PROVIDER = 'plyr-studio';
const GAMES = ['fruit-slots', 'plyr-kit-demo'];
const PAGE = 'https://game.test';
const MG = 'https://mgplus.test/base';

const CODE_STATUS: Record<string, number> = {
  INVALID_REQUEST: 400,
  INVALID_JSON: 400,
  INVALID_BODY: 400,
  CLIENT_IP_UNSUPPORTED: 400,
  PATH_NOT_ALLOWED: 403,
  ORIGIN_NOT_ALLOWED: 403,
  METHOD_NOT_ALLOWED: 405,
  BODY_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
};

const TOKEN_CHARS = 'abcXYZ019_-';
const OPAQUE_CHARS = 'abcXYZ019_-+/=.~!%*';
const MG_PLAYER_TOKEN = 'fuzz-mg-player-token-0123456789ab';
/** A JWT-shaped token, or an opaque one (the guide's own example is not a JWT). */
const launchToken = (r: Rng) =>
  r.chance(0.5)
    ? `${r.chars(TOKEN_CHARS, 2, 30)}.${r.chars(TOKEN_CHARS, 2, 200)}.${r.chars(TOKEN_CHARS, 0, 60)}`
    : r.pick(['eyJhbG9hshdgjh38Gsjsk3jdl', r.chars(OPAQUE_CHARS, 1, 300)]);

/** The oracle: whether a parsed body is one the relay may forward (from the guide and the relay's options). */
function oracleBody(body: unknown): boolean {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const b = body as Record<string, unknown>;
  if (Object.keys(b).some((k) => !['launchToken', 'provider', 'game', 'platform'].includes(k))) return false;
  return (
    typeof b.launchToken === 'string' &&
    /^[\x21-\x7e]{1,4096}$/.test(b.launchToken) &&
    (b.provider === undefined || b.provider === PROVIDER) &&
    typeof b.game === 'string' &&
    GAMES.includes(b.game) &&
    (b.platform === 'mobile' || b.platform === 'desktop')
  );
}

interface Case {
  request: Request;
  clientIp: string | undefined;
  /** Everything about it is valid: it must be forwarded. */
  valid: boolean;
}

function validBody(r: Rng): Record<string, unknown> {
  return {
    launchToken: launchToken(r),
    ...(r.chance(0.5) ? { provider: PROVIDER } : {}),
    game: r.pick(GAMES),
    platform: r.pick(['mobile', 'desktop']),
  };
}

function corrupt(r: Rng, body: Record<string, unknown>): Record<string, unknown> | string {
  switch (r.int(10)) {
    case 0:
      return { ...body, ip: r.pick(['1.2.3.4', '::1', '']) };
    case 1:
      return { ...body, provider: r.pick(['other-studio', '', 'plyr studio', 42]) };
    case 2:
      return { ...body, game: r.pick(['other-game', '', '../x', null, 'fruit-slots ']) };
    case 3:
      return { ...body, platform: r.pick(['tv', 'MOBILE', '', 1]) };
    case 4:
      return {
        ...body,
        launchToken: r.pick([
          '',
          'x'.repeat(5000),
          'a b.c.d',
          'tab\tx',
          'caf\u00e9',
          123,
          `${'a'.repeat(4095)}.b.c`,
        ]),
      };
    case 5:
      return { ...body, [r.pick(['__proto__', 'constructor', 'currency', 'playerToken', 'balance'])]: 1 };
    case 6:
      return r.pick(['[]', 'null', '"x"', '{', '{"launchToken":', '42', '']);
    case 7:
      return `${JSON.stringify(body).slice(0, -1)},"ip":"6.6.6.6"}`;
    case 8:
      return r.chars('{}[]",:\\abc123 \u0000\n', 1, 80);
    default: {
      const copy: Record<string, unknown> = { ...body };
      delete copy[r.pick(['launchToken', 'game', 'platform'])];
      return copy;
    }
  }
}

const METHODS = [
  'POST',
  'POST',
  'POST',
  'POST',
  'GET',
  'PUT',
  'DELETE',
  'PATCH',
  'OPTIONS',
  'HEAD',
  'PROPFIND',
];

function makeCase(r: Rng): Case {
  const kind = r.int(100);
  let body: Record<string, unknown> | string = validBody(r);
  let valid = true;
  if (kind >= 40 && kind < 75) {
    body = corrupt(r, body);
    valid = false;
  }
  let path = '/mg/v1/authenticate';
  if (kind >= 75 && kind < 88) {
    path = r.pick([
      '/mg/v1/rollback',
      '/mg/v1/transaction',
      '/mg/v1/balance',
      '/mg/v1/authenticate/',
      '/mg/v1/authenticate?x=1',
      '/mg/v1/authenticate?',
      '/mg//v1/authenticate',
      '/MG/v1/authenticate',
      '/mg/v1/%61uthenticate',
      '/v1/authenticate',
      '/mg/v1/authenticate/../rollback',
      '/mg/v1/rollback/../authenticate',
      '/mgv1/authenticate',
      `/mg/${r.chars('abcv1/%.?#', 0, 30)}`,
    ]);
    valid = false;
  }
  const method = kind >= 88 && kind < 94 ? r.pick(METHODS) : 'POST';
  if (method !== 'POST') valid = false;
  const headers: Record<string, string> = {};
  const type = r.chance(0.85)
    ? r.pick(['application/json', 'application/json; charset=utf-8'])
    : r.pick([
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        '',
        'text/json',
      ]);
  if (type !== '') headers['content-type'] = type;
  if (!type.startsWith('application/json')) valid = false;
  const originRoll = r.int(20);
  if (originRoll === 0) {
    headers.origin = 'https://evil.test';
    valid = false;
  } else if (originRoll < 10) headers.origin = PAGE;
  let text = typeof body === 'string' ? body : JSON.stringify(body);
  if (r.chance(0.03)) {
    text = `\ufeff${text}`;
    valid = false;
  }
  if (r.chance(0.02)) {
    text = JSON.stringify({ ...validBody(r), launchToken: `a.${'b'.repeat(9000)}.c` });
    valid = false;
  }
  const clientIp = r.pick([
    '198.51.100.7',
    '203.0.113.9',
    '::ffff:192.0.2.4',
    '2001:db8::1',
    undefined,
    `10.${r.int(256)}.${r.int(256)}.${r.int(256)}`,
  ]);
  if (clientIp === undefined || clientIp.startsWith('2001')) valid = false;
  const sendsBody = method !== 'GET' && method !== 'HEAD';
  const request = new Request(`${PAGE}${path}`, {
    method,
    headers,
    ...(sendsBody ? { body: text } : {}),
  });
  if (sendsBody && type === '') request.headers.delete('content-type');
  return { request, clientIp, valid };
}

describe('fuzz: the MG+ relay', () => {
  it(`forwards only valid authenticate calls, exactly, and never answers a 5xx of its own (${ITERATIONS} requests)`, async () => {
    const r = prng(Number(process.env.FUZZ_SEED ?? 0x6d67706c));
    // MG+ as a recording stand-in that echoes the request id (the relay checks the echo).
    const mg = { calls: [] as { url: string; method: string; headers: Headers; body: string }[] };
    const mgFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
      const headers = new Headers(init?.headers);
      const raw = init?.body;
      const body = typeof raw === 'string' ? raw : new TextDecoder().decode(raw as Uint8Array);
      mg.calls.push({ url: String(input), method: init?.method ?? 'GET', headers, body });
      const answer = authenticateAnswer({ playerToken: MG_PLAYER_TOKEN });
      return new Response(JSON.stringify(answer), {
        status: 200,
        headers: { 'content-type': 'application/json', 'x-request-id': headers.get('x-request-id') ?? '' },
      });
    };
    const relay = createRelayHandler({
      baseUrl: MG,
      sharedSecret: SECRET,
      provider: PROVIDER,
      allowedGames: GAMES,
      basePath: '/mg',
      origins: [PAGE],
      maxBodyBytes: 8192,
      rateLimit: false,
      fetch: mgFetch as typeof fetch,
    });
    const consoleSpies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((name) =>
      jest.spyOn(console, name).mockImplementation(() => {}),
    );
    const seen = { forwarded: 0, refused: 0, preflight: 0, codes: new Set<string>() };
    for (let i = 0; i < ITERATIONS; i++) {
      const c = makeCase(r);
      const where = `#${i} ${c.request.method} ${c.request.url} from ${c.clientIp}`;
      const before = mg.calls.length;
      const sentText = c.request.body === null ? '' : await c.request.clone().text();
      let response: Response;
      try {
        response = await relay(c.request, c.clientIp === undefined ? {} : { clientIp: c.clientIp });
      } catch (error) {
        throw new Error(`${where}: the relay threw ${String(error)}`);
      }
      const text = await response.text();
      const calls = mg.calls.slice(before);
      if (c.valid && response.status !== 200)
        throw new Error(`${where}: a valid launch was refused: ${text}`);
      if (response.status === 204) {
        if (c.request.method !== 'OPTIONS' || calls.length !== 0)
          throw new Error(`${where}: 204 for ${c.request.method}`);
        seen.preflight++;
        continue;
      }
      if (response.status !== 200) {
        const json = JSON.parse(text) as { error: unknown; code: string };
        if (typeof json.error !== 'string' || CODE_STATUS[json.code] !== response.status)
          throw new Error(`${where}: bad refusal ${response.status} ${text}`);
        if (calls.length !== 0) throw new Error(`${where}: refused but forwarded`);
        seen.refused++;
        seen.codes.add(json.code);
        continue;
      }
      // Forwarded: check it against the oracle, independently of what the relay decided.
      if (calls.length !== 1) throw new Error(`${where}: answered 200 with ${calls.length} MG+ calls`);
      const call = calls[0]!;
      const url = new URL(c.request.url);
      if (c.request.method !== 'POST' || url.pathname !== '/mg/v1/authenticate' || url.search !== '')
        throw new Error(`${where}: forwarded a request off the route`);
      if (!/^application\/json/i.test(c.request.headers.get('content-type') ?? ''))
        throw new Error(`${where}: forwarded a body that is not declared JSON`);
      if (!oracleBody(JSON.parse(sentText)))
        throw new Error(`${where}: forwarded an invalid body ${sentText}`);
      const sent = JSON.parse(sentText) as Record<string, unknown>;
      const expected = JSON.stringify({
        launchToken: sent.launchToken,
        provider: PROVIDER,
        game: sent.game,
        ip: c.clientIp!.replace(/^::ffff:/, ''),
        platform: sent.platform,
      });
      if (call.url !== `${MG}/v1/authenticate` || call.method !== 'POST' || call.body !== expected)
        throw new Error(`${where}: forwarded ${call.method} ${call.url} ${call.body}, expected ${expected}`);
      expect([...call.headers.keys()].sort()).toEqual([
        'accept',
        'content-type',
        'x-hmac-signature',
        'x-request-id',
      ]);
      expect(call.headers.get('x-hmac-signature')).toBe(
        createHmac('sha256', SECRET).update(call.body).digest('hex'),
      );
      const answer = JSON.parse(text) as Record<string, unknown>;
      if (typeof answer.sessionId !== 'string' || text.includes(MG_PLAYER_TOKEN))
        throw new Error(`${where}: the browser's answer has no sessionId or has the player token: ${text}`);
      seen.forwarded++;
    }
    for (const spy of consoleSpies) {
      expect(spy).not.toHaveBeenCalled();
      spy.mockRestore();
    }
    expect(seen.forwarded).toBeGreaterThan(ITERATIONS * 0.2);
    expect(seen.refused).toBeGreaterThan(ITERATIONS * 0.4);
    expect([...seen.codes].sort()).toEqual(
      Object.keys(CODE_STATUS)
        .filter((c) => c !== 'INVALID_REQUEST')
        .sort(),
    );
  });
});
