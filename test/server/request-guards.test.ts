/**
 * What the signing endpoint accepts before it looks at a body: relay is the default mode (sign mode hands out
 * replayable signatures and is opt-in), bodies must be declared `application/json` in both modes (so a cross-site
 * form post is stopped even where the Origin check would let it by), a byte-order mark is refused, and the request
 * line is judged as sent (unknown methods, malformed `Host`, absolute targets are 4xx, never 500).
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { createSigningHandler, toNodeListener } from '../../src/server/index.js';
import {
  listenOnLoopback,
  rawHttp,
  readAnswer,
  recordingFetch,
  TEST_KEYS,
  testHandler,
} from '../helpers/server-harness.js';

const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  await Promise.all(closers.map((close) => close()));
});

const LOGIN = { plyrId: 'demo-player', otp: '123456' };
const ENVELOPE = JSON.stringify({ method: 'POST', path: '/api/user/login', body: LOGIN });

describe('relay is the default mode', () => {
  it('forwards platform paths and does not sign envelopes unless sign mode is asked for', async () => {
    const platform = recordingFetch();
    const handler = createSigningHandler({ ...TEST_KEYS, rateLimit: false, fetch: platform.fetch });
    const forwarded = await handler(new Request('https://game.test/api/jwt/publicKey'));
    expect(forwarded.status).toBe(200);
    expect(platform.calls.map((c) => c.url)).toEqual([`${TEST_KEYS.apiBase}/api/jwt/publicKey`]);
    const envelope = await handler(
      new Request('https://game.test/', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: ENVELOPE,
      }),
    );
    expect(envelope.status).toBe(403);
    expect(platform.calls).toHaveLength(1);
  });

  it('needs apiBase unless sign mode is asked for', () => {
    const { apiBase: _, ...keys } = TEST_KEYS;
    expect(() => createSigningHandler(keys)).toThrow(/apiBase.*mode: 'sign'/);
    expect(() => createSigningHandler({ ...keys, mode: 'sign' })).not.toThrow();
  });
});

describe('bodies must be JSON, in both modes', () => {
  const platform = recordingFetch();
  const sign = testHandler({ basePath: '/plyr/sign' });
  const relay = testHandler({ mode: 'relay', basePath: '/plyr/relay', fetch: platform.fetch });
  const send = {
    sign: (headers: Record<string, string>, body: BodyInit = ENVELOPE) =>
      sign(new Request('https://game.test/plyr/sign', { method: 'POST', headers, body })),
    relay: (headers: Record<string, string>, body: BodyInit = JSON.stringify(LOGIN)) =>
      relay(new Request('https://game.test/plyr/relay/api/user/login', { method: 'POST', headers, body })),
  };

  it.each(['sign', 'relay'] as const)(
    '%s mode refuses other content types (415) and a byte-order mark (400)',
    async (mode) => {
      const before = platform.calls.length;
      for (const type of [
        'text/plain',
        'text/plain;charset=UTF-8',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/json-patch+json',
        'application/json; charset=utf-16',
      ]) {
        const answer = await readAnswer(await send[mode]({ 'content-type': type }));
        expect([type, answer.status, answer.json?.code]).toEqual([type, 415, 'UNSUPPORTED_MEDIA_TYPE']);
      }
      const untyped = await readAnswer(
        await send[mode]({}, new Blob([mode === 'sign' ? ENVELOPE : JSON.stringify(LOGIN)])),
      );
      expect(untyped.status).toBe(415);
      const text = mode === 'sign' ? ENVELOPE : JSON.stringify(LOGIN);
      const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
      const withBom = await readAnswer(await send[mode]({ 'content-type': 'application/json' }, bom));
      expect([withBom.status, withBom.json.code]).toEqual([400, 'INVALID_JSON']);
      expect(platform.calls.length).toBe(before);
      for (const type of [
        'application/json',
        'application/json; charset=utf-8',
        'Application/JSON;Charset="UTF-8"',
      ])
        expect([type, (await send[mode]({ 'content-type': type })).status]).toEqual([type, 200]);
    },
  );

  it('relay mode forwards bodiless requests without a content type', async () => {
    const answer = await relay(new Request('https://game.test/plyr/relay/api/jwt/publicKey'));
    expect(answer.status).toBe(200);
  });
});

describe('answers over node:http', () => {
  it('carry their length, not chunked framing: a signature, a relayed non-ASCII answer, a refusal, a 204', async () => {
    const platform = recordingFetch((call) =>
      call.url.endsWith('/logout')
        ? new Response(null, { status: 204 })
        : new Response('{"name":"Zoë 🎮"}', { headers: { 'content-type': 'application/json' } }),
    );
    const sign = await listenOnLoopback(toNodeListener(testHandler({ basePath: '/plyr' })));
    const relay = await listenOnLoopback(
      toNodeListener(testHandler({ mode: 'relay', basePath: '/plyr', fetch: platform.fetch })),
    );
    closers.push(sign.close, relay.close);
    const post = (url: string, body: string) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const answers = [
      await post(`${sign.url}/plyr`, ENVELOPE),
      await post(`${relay.url}/plyr/api/user/login`, JSON.stringify(LOGIN)),
      await post(`${sign.url}/plyr`, '{'),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 400]);
    for (const answer of answers) {
      const bytes = new Uint8Array(await answer.arrayBuffer());
      expect(answer.headers.get('transfer-encoding')).toBeNull();
      expect(answer.headers.get('content-length')).toBe(String(bytes.byteLength));
    }
    const jwt = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln';
    const empty = await post(`${relay.url}/plyr/api/user/logout`, JSON.stringify({ sessionJwt: jwt }));
    expect(empty.status).toBe(204);
    expect(empty.headers.get('content-length')).toBeNull();
  });
});

describe('the request line over node:http', () => {
  it.each(['sign', 'relay'] as const)(
    '%s mode: unknown methods, malformed Host, absolute targets are 4xx',
    async (mode) => {
      const platform = recordingFetch();
      const handler = testHandler({ mode, basePath: '/plyr', fetch: platform.fetch });
      const server = await listenOnLoopback(toNodeListener(handler));
      closers.push(server.close);
      const path = mode === 'sign' ? '/plyr' : '/plyr/api/user/login';
      const json = 'content-type: application/json';
      const body = mode === 'sign' ? ENVELOPE : JSON.stringify(LOGIN);
      for (const method of ['TRACE', 'PROPFIND', 'PUT', 'DELETE'])
        expect([
          method,
          (await rawHttp(server.url, `${method} ${path} HTTP/1.1\r\nhost: game.test`)).status,
        ]).toEqual([method, 405]);
      for (const host of ['x/plyr/api/user/login?', 'a b', '[::1', 'x@y'])
        expect([
          host,
          (await rawHttp(server.url, `POST ${path} HTTP/1.1\r\nhost: ${host}\r\n${json}`, body)).status,
        ]).toEqual([host, 400]);
      expect(
        (
          await rawHttp(
            server.url,
            `POST http://game.test${path} HTTP/1.1\r\nhost: game.test\r\n${json}`,
            body,
          )
        ).status,
      ).toBe(400);
      expect(platform.calls).toHaveLength(0);
      expect(
        (await rawHttp(server.url, `POST ${path} HTTP/1.1\r\nhost: game.test\r\n${json}`, body)).status,
      ).toBe(200);
    },
  );
});
