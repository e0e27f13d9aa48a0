/**
 * The MG+ relay's request-line and abuse guards over real node:http (`toNodeListener`), with raw TCP requests for
 * what `fetch` cannot send: unknown methods and malformed `Host` headers are 4xx (never 500), the route is matched
 * on the request's own path (never through `Host`), bodies must be JSON, and launches are rate-limited per IP.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createRelayHandler, type RelayHandlerOptions, toNodeListener } from '../../src/server/index.js';
import { authenticateAnswer } from '../helpers/mgplus-answers.js';
import { type Recorded, type Started, sendJson, startStub } from '../helpers/realplay-servers.js';
import { listenOnLoopback, rawHttp } from '../helpers/server-harness.js';

const SECRET = 'guards-secret';
const BODY = JSON.stringify({
  launchToken: 'opaque-launch-token.a.b',
  provider: 'plyr-studio',
  game: 'plyr-kit-demo',
  platform: 'desktop',
});

let mg: Started & { requests: Recorded[] };
const servers: Started[] = [];
beforeEach(() => {
  mg.requests.length = 0;
});

beforeAll(async () => {
  mg = await startStub((req, res) =>
    sendJson(res, req.path.endsWith('/v1/authenticate') ? 200 : 404, authenticateAnswer(), {
      'x-request-id': String(req.headers['x-request-id'] ?? ''),
    }),
  );
});
afterAll(async () => {
  await Promise.all([mg, ...servers].map((s) => s.close()));
});

async function relay(options: Partial<RelayHandlerOptions> = {}, trustProxy?: number) {
  const handler = createRelayHandler({
    baseUrl: mg.url,
    sharedSecret: SECRET,
    provider: 'plyr-studio',
    basePath: '/mg',
    ...options,
  });
  const started = await listenOnLoopback(
    toNodeListener(handler, trustProxy === undefined ? {} : { trustProxy }),
  );
  servers.push(started);
  return started;
}

const codeOf = (body: string) =>
  (JSON.parse(body.slice(body.indexOf('{'), body.lastIndexOf('}') + 1)) as { code?: string }).code;

describe('MG+ relay request line', () => {
  it('answers TRACE and other unknown methods with 4xx, never 500', async () => {
    const { url } = await relay({ rateLimit: false });
    for (const method of ['TRACE', 'PROPFIND', 'SEARCH', 'PURGE', 'PATCH', 'PUT', 'DELETE', 'GET', 'HEAD']) {
      const answer = await rawHttp(url, `${method} /mg/v1/authenticate HTTP/1.1\r\nhost: relay.test`);
      expect([method, answer.status]).toEqual([method, 405]);
    }
    // A name node:http's parser does not know never reaches the relay: Node answers 400 itself.
    expect((await rawHttp(url, 'TRACK /mg/v1/authenticate HTTP/1.1\r\nhost: relay.test')).status).toBe(400);
    expect(mg.requests).toHaveLength(0);
  });

  it('answers malformed Host headers with 400, never 500', async () => {
    const { url } = await relay({ rateLimit: false });
    for (const host of [
      'x/mg/v1/authenticate?',
      'a b',
      '[::1',
      'x@y',
      'exa mple.test:80',
      'x:99999999',
      '\u00e9.test',
    ]) {
      const answer = await rawHttp(
        url,
        `POST /mg/v1/authenticate HTTP/1.1\r\nhost: ${host}\r\ncontent-type: application/json`,
        BODY,
      );
      expect([host, answer.status, codeOf(answer.body)]).toEqual([host, 400, 'INVALID_REQUEST']);
    }
    expect(mg.requests).toHaveLength(0);
  });

  it('matches the route on the request path, not through Host (a rollback posing as authenticate is refused)', async () => {
    const { url } = await relay({ rateLimit: false });
    const head = (host: string) =>
      `POST /mg/v1/rollback HTTP/1.1\r\nhost: ${host}\r\ncontent-type: application/json`;
    for (const host of ['x/mg/v1/authenticate?', 'x/mg/v1/authenticate#', 'relay.test']) {
      const answer = await rawHttp(url, head(host), BODY);
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
    }
    const absolute = await rawHttp(
      url,
      `POST http://x/mg/v1/authenticate HTTP/1.1\r\nhost: relay.test\r\ncontent-type: application/json`,
      BODY,
    );
    expect(absolute.status).toBe(400);
    expect(mg.requests).toHaveLength(0);
    const served = await rawHttp(
      url,
      `POST /mg/v1/authenticate HTTP/1.1\r\nhost: relay.test\r\ncontent-type: application/json`,
      BODY,
    );
    expect([served.status, served.body]).toEqual([200, expect.any(String)]);
    expect(mg.requests.map((r) => r.path)).toEqual(['/v1/authenticate']);
  });

  it('turns a request the Fetch API cannot represent into a 400 for any other Fetch handler', async () => {
    let called = 0;
    const started = await listenOnLoopback(
      toNodeListener(async () => {
        called++;
        return new Response('ok');
      }),
    );
    servers.push(started);
    expect((await rawHttp(started.url, 'GET / HTTP/1.1\r\nhost: a b')).status).toBe(400);
    expect((await rawHttp(started.url, 'TRACE / HTTP/1.1\r\nhost: ok.test')).status).toBe(400);
    expect((await rawHttp(started.url, 'GET / HTTP/1.1\r\nhost: ok.test')).status).toBe(200);
    expect(called).toBe(1);
  });
});

describe('MG+ relay bodies', () => {
  it('forwards only application/json bodies (charset allowed) and refuses a byte-order mark', async () => {
    const { url } = await relay({ rateLimit: false });
    const post = (contentType: string | null, body: BodyInit = BODY) =>
      fetch(`${url}/mg/v1/authenticate`, {
        method: 'POST',
        headers: contentType === null ? {} : { 'content-type': contentType },
        body,
      });
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/jsonp',
      'application/json; charset=latin1',
    ]) {
      const answer = await post(type);
      expect([type, answer.status, ((await answer.json()) as { code: string }).code]).toEqual([
        type,
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      ]);
    }
    const untyped = await post(null, new Blob([BODY])); // a Blob without a type sends no Content-Type
    expect(untyped.status).toBe(415);
    const bom = await post(
      'application/json',
      new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(BODY)]),
    );
    expect([bom.status, ((await bom.json()) as { code: string }).code]).toEqual([400, 'INVALID_JSON']);
    expect(mg.requests).toHaveLength(0);
    expect((await post('Application/JSON; charset=UTF-8')).status).toBe(200);
    expect(mg.requests).toHaveLength(1);
  });
});

describe('MG+ relay rate limits', () => {
  const post = (url: string, forwardedFor?: string) =>
    fetch(`${url}/mg/v1/authenticate`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
      },
      body: BODY,
    });

  it('limits launches per IP (default 10 a minute) and says which limit refused', async () => {
    const { url } = await relay();
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await post(url)).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    const refused = await post(url);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(6);
    expect(await refused.json()).toEqual({
      error: expect.any(String),
      code: 'RATE_LIMITED',
      retryAfterMs: expect.any(Number),
      scope: 'authenticate',
    });
    expect(mg.requests).toHaveLength(10);
  });

  it('takes its limits as options, and counts every request per IP', async () => {
    const { url } = await relay({
      rateLimit: {
        authenticatePerIp: { tokens: 2, intervalMs: 60_000 },
        perIp: { tokens: 5, intervalMs: 60_000 },
      },
    });
    expect([(await post(url)).status, (await post(url)).status, (await post(url)).status]).toEqual([
      200, 200, 429,
    ]);
    const other = await fetch(`${url}/mg/v1/rollback`, { method: 'POST' });
    expect(other.status).toBe(403);
    expect((await fetch(`${url}/mg/v1/rollback`, { method: 'POST' })).status).toBe(403);
    const ip = await fetch(`${url}/mg/v1/rollback`, { method: 'POST' });
    expect([ip.status, ((await ip.json()) as { scope: string }).scope]).toEqual([429, 'ip']);
  });

  it('with trustProxy and no proxy in front, the browser chooses its IP (why the README warns)', async () => {
    const { url } = await relay({
      trustProxy: 1,
      rateLimit: { authenticatePerIp: { tokens: 1, intervalMs: 60_000 } },
    });
    for (const ip of ['192.0.2.1', '192.0.2.2', '192.0.2.3']) expect((await post(url, ip)).status).toBe(200);
    expect(mg.requests.map((r) => (JSON.parse(r.body.toString()) as { ip: string }).ip)).toEqual([
      '192.0.2.1',
      '192.0.2.2',
      '192.0.2.3',
    ]);
  });
});
