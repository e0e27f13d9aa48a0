/**
 * Property/fuzz test: thousands of random and malformed requests (seeded, so a failure reproduces) against a
 * sign-mode and a relay-mode handler, with bodies under random content types (only `application/json` may pass)
 * and some with a byte-order mark (the MG+ relay has its own suite, fuzz-mgplus-relay.test.ts). Properties, checked with an oracle written independently of src/server:
 * the handler never throws and never answers 500; every refusal is JSON `{ error, code }` with the code's status;
 * nothing is signed or forwarded unless (method, path) is on the default allow-list and the body only has that
 * route's fields with the configured gameId; every signature verifies; every request built to be valid is served.
 */
import { describe, expect, it, jest } from '@jest/globals';
import { prng, type Rng } from '../helpers/prng.js';
import {
  expectedSignature,
  type Forwarded,
  ManualClock,
  PAGE_ORIGIN,
  recordingFetch,
  TEST_KEYS,
  testHandler,
} from '../helpers/server-harness.js';

const ITERATIONS = 12_000;
const MAX_BODY = 4096;

// ---- The oracle: what may be signed (written from contracts.md, not from src/server) ----
interface OracleRoute {
  method: 'GET' | 'POST';
  path: RegExp;
  keys: readonly string[];
  gameId: boolean;
}
const ID = '[A-Za-z0-9-]{1,64}';
const ORACLE: readonly OracleRoute[] = [
  {
    method: 'POST',
    path: /^\/api\/user\/login$/,
    keys: ['plyrId', 'otp', 'expiresIn', 'uid', 'gameId'],
    gameId: true,
  },
  {
    method: 'POST',
    path: /^\/api\/user\/loginAndApprove$/,
    keys: ['plyrId', 'otp', 'expiresIn', 'uid', 'gameId', 'tokens', 'amounts'],
    gameId: true,
  },
  { method: 'POST', path: /^\/api\/user\/logout$/, keys: ['sessionJwt'], gameId: false },
  { method: 'POST', path: /^\/api\/user\/session\/verify$/, keys: ['sessionJwt'], gameId: false },
  { method: 'POST', path: /^\/api\/instantPlayPass\/register$/, keys: ['tokens', 'gameId'], gameId: true },
  {
    method: 'POST',
    path: /^\/api\/instantPlayPass\/reveal\/claimingCode$/,
    keys: ['sessionJwt', 'gameId'],
    gameId: true,
  },
  {
    method: 'GET',
    path: new RegExp(`^/api/instantPlayPass/verify/claimingCode/${ID}$`),
    keys: [],
    gameId: false,
  },
  { method: 'GET', path: new RegExp(`^/api/user/info/${ID}$`), keys: [], gameId: false },
  { method: 'GET', path: new RegExp(`^/api/user/avatar/${ID}$`), keys: [], gameId: false },
  { method: 'GET', path: new RegExp(`^/api/user/exists/${ID}$`), keys: [], gameId: false },
  { method: 'GET', path: /^\/api\/jwt\/publicKey$/, keys: [], gameId: false },
  { method: 'GET', path: /^\/api\/auth\/read\/[A-Za-z0-9-]{8,128}$/, keys: [], gameId: false },
  { method: 'POST', path: /^\/api\/auth\/revoke\/[A-Za-z0-9-]{8,128}$/, keys: [], gameId: false },
];

const oracleRoute = (method: string, path: string) =>
  ORACLE.find((r) => r.method === method && r.path.test(path));

/** Asserts that a signed/forwarded (method, path, body text) is something the oracle allows. */
function assertAllowed(method: string, path: string, bodyText: string): void {
  const route = oracleRoute(method, path);
  if (route === undefined) throw new Error(`signed a request off the allow-list: ${method} ${path}`);
  const body = JSON.parse(bodyText) as Record<string, unknown>;
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new Error('signed a non-object');
  for (const key of Object.keys(body)) {
    if (!route.keys.includes(key)) throw new Error(`signed an unknown key ${key} for ${path}`);
  }
  if (
    bodyText.includes('__proto__') ||
    bodyText.includes('"constructor"') ||
    bodyText.includes('"prototype"')
  )
    throw new Error('signed a prototype key');
  if (route.gameId && body.gameId !== TEST_KEYS.gameId) throw new Error(`gameId not forced on ${path}`);
  if (!route.gameId && 'gameId' in body) throw new Error(`gameId on ${path}`);
  if (method === 'GET' && bodyText !== '{}') throw new Error('GET must sign "{}"');
}

// ---- Generators ----
interface Case {
  /** The HTTP request. */
  request: Request;
  /** The platform request it asks for (sign: from the envelope; relay: from the URL). */
  platform?: { method: string; path: string };
  /** Built to be valid in every respect: must be served. */
  valid: boolean;
  /** Built to be refused. */
  mustRefuse: boolean;
}

const plyrId = (r: Rng) => r.chars('abcdefghijklmnopqrstuvwxyz0123456789', 5, 20);
const jwt = (r: Rng) =>
  `${r.chars('abcXYZ019_-', 5, 40)}.${r.chars('abcXYZ019_-', 5, 200)}.${r.chars('abcXYZ019_-', 0, 90)}`;
const uuid = (r: Rng) =>
  `${r.chars('0123456789abcdef', 8, 8)}-${r.chars('0123456789abcdef', 4, 4)}-4${r.chars('0123456789abcdef', 3, 3)}`;
const tokens = (r: Rng, n: number) =>
  Array.from({ length: n }, () => r.pick(['plyr', 'gamr', `0x${r.chars('0123456789abcdef', 40, 40)}`]));
const amounts = (r: Rng, n: number) =>
  Array.from({ length: n }, () => (r.chance(0.5) ? 1 + r.int(1000) : `${1 + r.int(99)}.5`));

/** A valid (path, body) for a random default route. */
function validPlatformRequest(r: Rng): {
  method: 'GET' | 'POST';
  path: string;
  body?: Record<string, unknown>;
} {
  const login = () => ({
    plyrId: plyrId(r),
    otp: r.chars('0123456789', 6, 6),
    ...(r.chance(0.3) ? { expiresIn: 1 + r.int(86400) } : {}),
    ...(r.chance(0.2) ? { uid: uuid(r) } : {}),
    ...(r.chance(0.3) ? { gameId: r.pick(['test-game', 'other-game', 'x']) } : {}),
  });
  switch (r.int(13)) {
    case 0:
      return { method: 'POST', path: '/api/user/login', body: login() };
    case 1: {
      const n = 1 + r.int(3);
      return {
        method: 'POST',
        path: '/api/user/loginAndApprove',
        body: { ...login(), tokens: tokens(r, n), amounts: amounts(r, n) },
      };
    }
    case 2:
      return { method: 'POST', path: '/api/user/logout', body: { sessionJwt: jwt(r) } };
    case 3:
      return { method: 'POST', path: '/api/user/session/verify', body: { sessionJwt: jwt(r) } };
    case 4:
      return {
        method: 'POST',
        path: '/api/instantPlayPass/register',
        body: r.chance(0.5) ? {} : { tokens: tokens(r, r.int(3)) },
      };
    case 5:
      return {
        method: 'POST',
        path: '/api/instantPlayPass/reveal/claimingCode',
        body: { sessionJwt: jwt(r) },
      };
    case 6:
      return {
        method: 'GET',
        path: `/api/instantPlayPass/verify/claimingCode/${r.chars('ABCDEF0123456789', 6, 8)}`,
      };
    case 7:
      return {
        method: 'GET',
        path: `/api/user/info/${r.chance(0.5) ? plyrId(r) : `0x${r.chars('0123456789abcdefABCDEF', 40, 40)}`}`,
      };
    case 8:
      return { method: 'GET', path: `/api/user/avatar/${plyrId(r)}` };
    case 9:
      return { method: 'GET', path: `/api/user/exists/${plyrId(r)}` };
    case 10:
      return { method: 'GET', path: '/api/jwt/publicKey' };
    case 11:
      return { method: 'GET', path: `/api/auth/read/${uuid(r)}` };
    default:
      return { method: 'POST', path: `/api/auth/revoke/${uuid(r)}`, body: {} };
  }
}

const NASTY_SEGMENTS = [
  '..',
  '.',
  '%2e%2e',
  '%2F',
  '',
  '__proto__',
  'constructor',
  'api',
  'user',
  'login',
  'ADMIN',
  '~',
  '\u00e9',
  '%00',
  ';',
  'status',
];

/** A path that is (almost surely) off the allow-list, or a mutation of an allowed one. */
function nastyPath(r: Rng): string {
  const base = validPlatformRequest(r).path;
  switch (r.int(8)) {
    case 0:
      return `${base}/`;
    case 1:
      return `${base}?${r.pick(['x=1', 'admin=true', '__proto__[x]=1', ''])}`;
    case 2:
      return base.replace('/api/', r.pick(['/API/', '/api//', '//api/', '/api/./', 'api/']));
    case 3:
      return `${base}/${r.pick(NASTY_SEGMENTS)}`;
    case 4:
      return `/api/${Array.from({ length: 1 + r.int(4) }, () => r.pick(NASTY_SEGMENTS)).join('/')}`;
    case 5:
      return `/${r.chars("abc/%.?#&=:@!$'()*+,;-_~ \u0000\u2028", 0, 60)}`;
    case 6: {
      const i = r.int(base.length);
      return base.slice(0, i) + r.pick(['/', '..', '%', ' ', '#', '?', '\\']) + base.slice(i);
    }
    default:
      return r.pick([
        '/api/status',
        '/api/user/register',
        '/api/game/approve',
        '/api/user/reset2fa',
        '/api/now',
        '/api/',
      ]);
  }
}

/** Makes a valid body invalid in one of many ways; returns the JSON text. */
function corruptBody(r: Rng, body: Record<string, unknown> | undefined, method: string): string {
  const text = JSON.stringify(body ?? {});
  const inner = text.length > 2 ? `,${text.slice(1)}` : '}';
  switch (r.int(9)) {
    case 0:
      return `{"${r.pick(['__proto__', 'constructor', 'prototype'])}":{"polluted":true}${inner}`;
    case 1:
      return `{"zz${r.chars('abc', 0, 5)}":1${inner}`;
    case 2:
      // Appended, so it wins over the valid value of a duplicate key (JSON.parse keeps the last one).
      return method === 'GET'
        ? '{"a":1}'
        : `${text.length > 2 ? `${text.slice(0, -1)},` : '{'}"${r.pick(['plyrId', 'otp', 'sessionJwt', 'tokens', 'expiresIn'])}":${r.pick(['1234567890123', 'null', '[1]', '{}', 'true', '"x"', '-1', '1.5', '"1e4"'])}}`;
    case 3:
      return r.pick(['[]', '"x"', '42', 'null', 'true', '[{}]']);
    case 4:
      return `{"otp":"${r.chars('0123456789', 6, 6)}","plyrId":${JSON.stringify('x'.repeat(65 + r.int(100)))}}`;
    case 5:
      return `{"sessionJwt":${JSON.stringify(`a.${'b'.repeat(4100)}.c`)}}`;
    case 6:
      return `{"tokens":["plyr"],"amounts":[1,2],"plyrId":"abcde","otp":"123456"}`;
    case 7:
      return `{"nested":{"deep":${'['.repeat(50)}${']'.repeat(50)}}${inner}`;
    default:
      return `{"otp":${r.int(1_000_000)},"plyrId":"demo-player"}`;
  }
}

function badJson(r: Rng): string {
  const text = JSON.stringify({
    method: 'POST',
    path: '/api/user/login',
    body: { plyrId: 'demo-player', otp: '123456' },
  });
  switch (r.int(5)) {
    case 0:
      return text.slice(
        0,
        r.int(text.length - 1) + 1 > text.length - 1 ? text.length - 1 : r.int(text.length - 1),
      );
    case 1:
      return text.replace(/"/g, "'");
    case 2:
      return `${text},`;
    case 3:
      return r.chars('{}[]",:\\abc123 \u0000\n', 1, 80);
    default:
      return `${text.slice(0, -1)},}`;
  }
}

/** A body over the cap: a little over, or huge (some without Content-Length). */
function hugeBody(r: Rng): BodyInit {
  const size = r.chance(0.1) ? 1_000_000 + r.int(1_000_000) : MAX_BODY + 1 + r.int(20_000);
  const text = `{"method":"POST","path":"/api/user/login","body":{"plyrId":"${'a'.repeat(size)}","otp":"123456"}}`;
  if (!r.chance(0.3)) return text;
  const bytes = new TextEncoder().encode(text);
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < bytes.length; i += 65_536) controller.enqueue(bytes.slice(i, i + 65_536));
      controller.close();
    },
  });
}

function parsesAsJson(raw: string | Uint8Array): boolean {
  try {
    const text = typeof raw === 'string' ? raw : new TextDecoder('utf-8', { fatal: true }).decode(raw);
    if (text !== '') JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Content types a cross-site form (or a careless client) sends; `null`: none at all. */
const FOREIGN_TYPES: readonly (string | null)[] = [
  'text/plain',
  'text/plain;charset=UTF-8',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=----x',
  'application/jsonx',
  'text/json',
  null,
];

const HTTP_METHODS = [
  'POST',
  'POST',
  'POST',
  'POST',
  'GET',
  'GET',
  'PUT',
  'DELETE',
  'PATCH',
  'OPTIONS',
  'HEAD',
];

function makeCase(r: Rng, mode: 'sign' | 'relay'): Case {
  const origin = r.chance(0.05) ? 'https://evil.test' : r.chance(0.5) ? PAGE_ORIGIN : undefined;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  // A cross-site form can only send these: a body under any of them must never be signed or forwarded.
  const foreignType = r.chance(0.08) ? r.pick(FOREIGN_TYPES) : undefined;
  if (foreignType === null) delete headers['content-type'];
  else if (foreignType !== undefined) headers['content-type'] = foreignType;
  else if (r.chance(0.1))
    headers['content-type'] = r.pick(['application/json; charset=utf-8', 'Application/JSON']);
  const bom = r.chance(0.03);
  if (origin) headers.origin = origin;
  if (r.chance(0.1)) Object.assign(headers, { cookie: 'sid=secret', authorization: 'Bearer x' });
  const badOrigin = origin === 'https://evil.test';

  // What the request asks for, and which of its parts are bad.
  const kind = r.int(100);
  const valid = validPlatformRequest(r);
  let platform = { method: valid.method as string, path: valid.path };
  let bodyText = valid.body === undefined ? undefined : JSON.stringify(valid.body);
  let rawBody: BodyInit | undefined; // replaces the whole HTTP body (sign: the envelope too)
  let bodyBad = false;
  if (kind < 35) {
    // valid
  } else if (kind < 55) {
    platform = { ...platform, path: nastyPath(r) };
  } else if (kind < 75) {
    bodyText = corruptBody(r, valid.body, valid.method);
    bodyBad = true;
  } else if (kind < 82) {
    platform = { ...platform, method: r.pick(['GET', 'POST', 'PUT', 'get', 'DELETE']) };
  } else if (kind < 90) {
    // Random text is usually broken JSON, but can be e.g. `{}` (a valid guest registration in relay mode).
    rawBody = badJson(r);
    bodyBad = !parsesAsJson(rawBody);
  } else if (kind < 93) {
    rawBody = hugeBody(r);
    bodyBad = true;
  } else if (r.chance(0.5)) {
    const bytes = new Uint8Array(Array.from({ length: r.int(300) }, () => r.int(256)));
    rawBody = bytes;
    bodyBad = !parsesAsJson(bytes);
  } else {
    rawBody = JSON.stringify({ [r.pick(['method', 'path', 'body', 'x'])]: r.pick([1, 'x', null, [], {}]) });
    bodyBad = true;
  }

  if (bom) {
    const text = typeof rawBody === 'string' ? rawBody : rawBody === undefined ? undefined : '';
    if (text !== undefined && text !== '') rawBody = `\ufeff${text}`;
    else if (rawBody === undefined && bodyText !== undefined) rawBody = `\ufeff${bodyText}`;
  }
  const typeless =
    foreignType !== undefined || (bom && typeof rawBody === 'string' && rawBody.startsWith('\ufeff'));

  let method: string;
  let url: string;
  let body: BodyInit | undefined;
  let mustRefuse: boolean;
  let isValid: boolean;
  if (mode === 'sign') {
    const otherPath = r.chance(0.03);
    url = otherPath ? 'https://game.test/plyr/other' : 'https://game.test/plyr/sign';
    method = r.chance(0.05) ? r.pick(HTTP_METHODS) : 'POST';
    const extra = r.chance(0.03) ? ',"timestamp":"1"' : '';
    const envelope = `"method":${JSON.stringify(platform.method)},"path":${JSON.stringify(platform.path)}`;
    body = rawBody ?? `{${envelope}${bodyText === undefined ? '' : `,"body":${bodyText}`}${extra}}`;
    const preflight = method === 'OPTIONS';
    mustRefuse =
      badOrigin ||
      (!preflight &&
        (otherPath ||
          method !== 'POST' ||
          extra !== '' ||
          bodyBad ||
          typeless ||
          !oracleRoute(platform.method, platform.path)));
    isValid = kind < 35 && !badOrigin && !otherPath && method === 'POST' && extra === '' && !typeless;
  } else {
    // Fetch upper-cases these method names itself (but not e.g. `patch`).
    method = r.chance(0.05) ? r.pick(HTTP_METHODS) : platform.method;
    if (/^(delete|get|head|options|post|put)$/i.test(method)) method = method.toUpperCase();
    url = `https://game.test/plyr/relay${platform.path.startsWith('/') ? '' : '/'}${platform.path}`;
    const sendsBody = method !== 'GET' && method !== 'HEAD';
    body = sendsBody ? (rawBody ?? bodyText ?? '') : undefined;
    if (!sendsBody) bodyBad = false; // the bad body never travels
    // The handler sees the path as the URL parser normalised it (`..` resolved, `\\` turned into `/`, fragment
    // dropped): judge that path.
    let seen: URL | undefined;
    try {
      seen = new URL(url);
    } catch {
      seen = undefined;
    }
    const prefixed = seen?.pathname.startsWith('/plyr/relay/') === true;
    const effective = prefixed ? seen!.pathname.slice('/plyr/relay'.length) + seen!.search : '';
    const preflight = method === 'OPTIONS';
    const route = prefixed ? oracleRoute(method, effective) : undefined;
    const nonEmpty = body !== undefined && body !== '';
    mustRefuse =
      badOrigin || (!preflight && (!route || (method === 'POST' && (bodyBad || (typeless && nonEmpty)))));
    isValid = kind < 35 && !badOrigin && method === platform.method && !(typeless && nonEmpty);
    platform = { method, path: effective };
  }
  let request: Request;
  try {
    request = new Request(url, {
      method,
      headers,
      ...(body !== undefined && method !== 'GET' && method !== 'HEAD' ? { body, duplex: 'half' } : {}),
    } as RequestInit);
  } catch {
    // An input the URL parser rejects: send a plain off-list request instead.
    request = new Request('https://game.test/plyr/relay/api/nope', { method: 'POST', headers, body: '{}' });
    return { request, valid: false, mustRefuse: true };
  }
  return { request, platform, valid: isValid, mustRefuse };
}

const CODE_STATUS: Record<string, number> = {
  INVALID_JSON: 400,
  INVALID_BODY: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PATH_NOT_ALLOWED: 403,
  ORIGIN_NOT_ALLOWED: 403,
  METHOD_NOT_ALLOWED: 405,
  BODY_TOO_LARGE: 413,
};

describe('fuzz: random and malformed requests', () => {
  it(`never signs or forwards anything off the allow-list, and never throws (${ITERATIONS} requests)`, async () => {
    const r = prng(Number(process.env.FUZZ_SEED ?? 0x5eed1234));
    const clock = new ManualClock();
    const platform = recordingFetch();
    const sign = testHandler({ basePath: '/plyr/sign', maxBodyBytes: MAX_BODY, now: clock.now });
    const relay = testHandler({
      mode: 'relay',
      basePath: '/plyr/relay',
      maxBodyBytes: MAX_BODY,
      now: clock.now,
      fetch: platform.fetch,
    });
    const seen = { served: 0, refused: 0, valid: 0, codes: new Set<string>() };
    // The endpoint logs nothing at all, so it cannot log a secret or a session token.
    const consoleSpies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((name) =>
      jest.spyOn(console, name).mockImplementation(() => {}),
    );

    for (let i = 0; i < ITERATIONS; i++) {
      clock.advance(1 + r.int(50));
      const mode = r.chance(0.5) ? 'sign' : 'relay';
      const c = makeCase(r, mode);
      const forwardedBefore = platform.calls.length;
      const where = `#${i} ${mode} ${c.request.method} ${c.request.url}`;
      let response: Response;
      try {
        response = await (mode === 'sign' ? sign : relay)(c.request, { clientIp: '192.0.2.1' });
      } catch (error) {
        throw new Error(`${where}: the handler threw ${String(error)}`);
      }
      const text = await response.text();
      const forwarded: Forwarded[] = platform.calls.slice(forwardedBefore);
      const served = response.status === 200 || response.status === 204;
      if (c.valid && response.status !== 200)
        throw new Error(`${where}: a valid request was refused: ${text}`);
      if (c.mustRefuse && served)
        throw new Error(
          `${where}: an invalid request was served: ${text} ${JSON.stringify(platform.calls.at(-1))}`,
        );

      if (response.status === 204) {
        if (c.request.method !== 'OPTIONS') throw new Error(`${where}: 204 for a non-preflight`);
        seen.served++;
        continue;
      }
      if (response.status !== 200) {
        const json = JSON.parse(text) as { error: unknown; code: unknown };
        if (
          typeof json.error !== 'string' ||
          typeof json.code !== 'string' ||
          CODE_STATUS[json.code] !== response.status
        )
          throw new Error(`${where}: bad refusal ${response.status} ${text}`);
        if (forwarded.length !== 0) throw new Error(`${where}: refused but forwarded`);
        seen.refused++;
        seen.codes.add(json.code);
        continue;
      }
      seen.served++;
      if (c.valid) seen.valid++;
      const timestamp = String(clock.ms);
      if (mode === 'sign') {
        const answer = JSON.parse(text) as { headers: Record<string, string>; body: string };
        assertAllowed(c.platform!.method, c.platform!.path, answer.body);
        expect(answer.headers).toEqual({
          apikey: TEST_KEYS.apiKey,
          timestamp,
          signature: expectedSignature(TEST_KEYS.secretKey, timestamp, answer.body),
        });
        if (forwarded.length !== 0) throw new Error(`${where}: sign mode forwarded`);
      } else {
        if (forwarded.length !== 1) throw new Error(`${where}: served ${forwarded.length} forwards`);
        const call = forwarded[0]!;
        const path = call.url.slice(TEST_KEYS.apiBase.length);
        expect(call.url.startsWith(`${TEST_KEYS.apiBase}/api/`)).toBe(true);
        const bodyText = call.method === 'GET' ? '{}' : call.body!;
        assertAllowed(call.method, path, bodyText);
        expect(Object.keys(call.headers).sort()).toEqual(
          [
            'accept',
            'apikey',
            'signature',
            'timestamp',
            ...(call.method === 'POST' ? ['content-type'] : []),
          ].sort(),
        );
        expect(call.headers.signature).toBe(expectedSignature(TEST_KEYS.secretKey, timestamp, bodyText));
      }
    }

    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    for (const spy of consoleSpies) {
      expect(spy).not.toHaveBeenCalled();
      spy.mockRestore();
    }
    // The run exercised both outcomes and every refusal kind (so the properties above were really tested).
    expect(seen.served + seen.refused).toBe(ITERATIONS);
    expect(seen.valid).toBeGreaterThan(ITERATIONS * 0.25);
    expect(seen.refused).toBeGreaterThan(ITERATIONS * 0.4);
    expect([...seen.codes].sort()).toEqual(Object.keys(CODE_STATUS).sort());
  });
});
