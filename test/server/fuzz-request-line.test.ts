/**
 * Fuzz of the request line over real node:http (seeded, bounded): random methods, targets and `Host` headers sent
 * as raw bytes to the signing endpoint (both modes) and the MG+ relay mounted with `toNodeListener`. No answer may
 * be a 5xx, and nothing may be signed or forwarded unless the request's own path is on the allow-list.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createRelayHandler, toNodeListener } from '../../src/server/index.js';
import { authenticateAnswer } from '../helpers/mgplus-answers.js';
import { prng } from '../helpers/prng.js';
import { listenOnLoopback, rawHttp, recordingFetch, testHandler } from '../helpers/server-harness.js';

const ITERATIONS = 600;
const METHODS = [
  'GET',
  'POST',
  'PUT',
  'DELETE',
  'PATCH',
  'OPTIONS',
  'HEAD',
  'TRACE',
  'PROPFIND',
  'SEARCH',
  'PURGE',
];
const TARGETS = [
  '/plyr/api/user/login',
  '/plyr/api/jwt/publicKey',
  '/plyr',
  '/mg/v1/authenticate',
  '/mg/v1/rollback',
  '/plyr/api/status',
  '*',
  'http://game.test/plyr/api/user/login',
  '//evil.test/plyr/api/user/login',
  '/plyr/api/user/login?x=1',
  '/plyr/../plyr/api/user/login',
  '/plyr/api/user/%6cogin',
];
const HOSTS = [
  'game.test',
  '127.0.0.1:8080',
  '[::1]:80',
  '',
  'x/mg/v1/authenticate?',
  'a b',
  '[::1',
  'x@y',
  'h\u00e9',
];

type Server = { url: string; close(): Promise<void> };
const servers: Record<'relayMode' | 'signMode' | 'mgplus', Server> = {} as never;
const upstream = recordingFetch(
  (call) =>
    new Response('{"ok":true}', {
      status: 200,
      headers: { 'content-type': 'application/json', 'x-request-id': call.headers['x-request-id'] ?? '' },
    }),
);
const mgCalls: string[] = [];

beforeAll(async () => {
  servers.relayMode = await listenOnLoopback(
    toNodeListener(testHandler({ mode: 'relay', basePath: '/plyr', fetch: upstream.fetch })),
  );
  servers.signMode = await listenOnLoopback(toNodeListener(testHandler({ basePath: '/plyr' })));
  const mgFetch = async (input: string | URL | Request, init?: RequestInit) => {
    mgCalls.push(String(input));
    const id = new Headers(init?.headers).get('x-request-id') ?? '';
    return new Response(JSON.stringify(authenticateAnswer()), {
      status: 200,
      headers: { 'x-request-id': id },
    });
  };
  servers.mgplus = await listenOnLoopback(
    toNodeListener(
      createRelayHandler({
        baseUrl: 'https://mgplus.test',
        sharedSecret: 's',
        provider: 'plyr-studio',
        basePath: '/mg',
        rateLimit: false,
        fetch: mgFetch as typeof fetch,
      }),
    ),
  );
});
afterAll(async () => {
  await Promise.all(Object.values(servers).map((s) => s.close()));
});

describe('fuzz: the request line over node:http', () => {
  it(`never answers 5xx and never forwards off the allow-list (${ITERATIONS} raw requests)`, async () => {
    const r = prng(Number(process.env.FUZZ_SEED ?? 0x11ee));
    const kinds = Object.keys(servers) as (keyof typeof servers)[];
    const statuses = new Map<number, number>();
    for (let i = 0; i < ITERATIONS; i++) {
      const kind = r.pick(kinds);
      const method = r.pick(METHODS);
      const target = r.chance(0.1) ? `/${r.chars('abcplyrmg/v1?.%#', 0, 30)}` : r.pick(TARGETS);
      const host = r.pick(HOSTS);
      const body =
        kind === 'mgplus' ? '{"launchToken":"a.b.c","provider":"p","game":"g","platform":"mobile"}' : '{}';
      const head = `${method} ${target} HTTP/1.1\r\n${host === '' ? '' : `host: ${host}\r\n`}content-type: application/json`;
      const before = { upstream: upstream.calls.length, mg: mgCalls.length };
      const answer = await rawHttp(servers[kind].url, head, body);
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      const where = `#${i} ${kind}: ${JSON.stringify(head)}`;
      if (answer.status < 200 || answer.status >= 500) throw new Error(`${where} answered ${answer.status}`);
      for (const url of upstream.calls.slice(before.upstream).map((c) => c.url))
        if (
          !/^https:\/\/platform\.test\/api\/(user\/login|jwt\/publicKey)$/.test(url) ||
          !target.startsWith('/plyr/api/')
        )
          throw new Error(`${where} forwarded ${url}`);
      for (const url of mgCalls.slice(before.mg))
        if (url !== 'https://mgplus.test/v1/authenticate' || target !== '/mg/v1/authenticate')
          throw new Error(`${where} forwarded ${url}`);
    }
    // Both outcomes happened, so the properties were really exercised.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(0);
    expect([...statuses.keys()].filter((s) => s >= 400).sort()).toEqual([400, 403, 405]);
  }, 60_000);
});
