/**
 * The `onError` hook of both handlers: a failure on the server's side reaches the studio with its route and its
 * cause (the browser gets only `{ error, code }`), and never with a key, a secret, a signature or a token in it.
 * Upstreams are real sockets: a port nobody listens on, a platform that redirects.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Sandbox } from '../../src/sandbox/index.js';
import { createRelayHandler, type HandlerErrorEvent } from '../../src/server/index.js';
import { MG_GAME, MG_PROVIDER, MG_SECRET, PLAYER_IP, startMgSandbox } from '../helpers/mgplus-wallet.js';
import { freePort } from '../helpers/redis-server.js';
import {
  listenOnLoopback,
  PAGE_ORIGIN,
  readAnswer,
  relayRequest,
  TEST_KEYS,
  testHandler,
} from '../helpers/server-harness.js';

const LOGIN = { plyrId: 'demo-player', otp: '123456' };

/** A relay-mode signing handler on `apiBase` that keeps what its hook hears. */
function reporting(apiBase: string, overrides = {}) {
  const events: HandlerErrorEvent[] = [];
  const handler = testHandler({
    mode: 'relay',
    basePath: '/plyr/relay',
    apiBase,
    timeoutMs: 2_000,
    onError: (event) => events.push(event),
    ...overrides,
  });
  return { handler, events };
}

/** No text of the handler's secrets in what the hook heard. */
function expectNoSecrets(events: HandlerErrorEvent[], ...secrets: string[]): void {
  const heard = JSON.stringify(events);
  for (const secret of [TEST_KEYS.apiKey, TEST_KEYS.secretKey, ...secrets])
    expect(heard).not.toContain(secret);
}

describe('onError of the signing endpoint', () => {
  it('an unreachable platform: 502 to the browser, the cause to the hook, no secret in it', async () => {
    const { handler, events } = reporting(`http://127.0.0.1:${await freePort()}`);
    const answer = await readAnswer(
      await handler(relayRequest('POST', '/api/user/login', LOGIN, { origin: PAGE_ORIGIN })),
    );
    expect([answer.status, answer.json?.code]).toEqual([502, 'UPSTREAM_UNREACHABLE']);
    expect(answer.text).not.toMatch(/ECONNREFUSED/); // the browser learns nothing of the studio's network
    expect(events).toEqual([
      {
        code: 'UPSTREAM_UNREACHABLE',
        status: 502,
        route: 'POST /api/user/login',
        message: 'The platform could not be reached.',
        cause: expect.stringMatching(/^TypeError: fetch failed <- .*ECONNREFUSED/),
      },
    ]);
    expectNoSecrets(events);
  });

  it('a redirect is refused as before, and the hook says it was one', async () => {
    const platform = await listenOnLoopback((req, res) => {
      req.resume();
      res.writeHead(307, { location: 'http://127.0.0.1:9/elsewhere' });
      res.end();
    });
    try {
      const { handler, events } = reporting(platform.url);
      const answer = await readAnswer(await handler(relayRequest('GET', '/api/user/info/demo-player')));
      expect([answer.status, answer.json?.code]).toEqual([502, 'UPSTREAM_UNREACHABLE']);
      expect(events).toEqual([
        expect.objectContaining({
          route: 'GET /api/user/info/:plyrIdOrAddress',
          cause: 'Error: HTTP 307 redirect (basic), not followed.',
        }),
      ]);
    } finally {
      await platform.close();
    }
  });

  it('a cause quoting a secret or a token is redacted; a hook that throws changes nothing', async () => {
    const jwt = 'eyJhbGciOiJFUzI1NiJ9.eyJwbHlySWQiOiJkZW1vLXBsYXllciJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
    const signature = 'ab'.repeat(32);
    const events: HandlerErrorEvent[] = [];
    const handler = testHandler({
      mode: 'relay',
      basePath: '/plyr/relay',
      fetch: async () => {
        throw new Error(`refused ${TEST_KEYS.secretKey} ${TEST_KEYS.apiKey} ${jwt} ${signature}`);
      },
      onError: (event) => {
        events.push(event);
        throw new Error('the logger broke');
      },
    });
    const answer = await readAnswer(await handler(relayRequest('POST', '/api/user/login', LOGIN)));
    expect([answer.status, answer.json?.code]).toEqual([502, 'UPSTREAM_UNREACHABLE']);
    expect(events[0]?.cause).toBe('Error: refused [redacted] [redacted] [redacted] [redacted]');
    expectNoSecrets(events, jwt, signature);
  });

  it('refusals of the browser (4xx) are not failures: the hook stays quiet', async () => {
    const { handler, events } = reporting(`http://127.0.0.1:${await freePort()}`);
    const answer = await readAnswer(
      await handler(relayRequest('POST', '/api/user/login', LOGIN, { origin: 'https://evil.test' })),
    );
    expect(answer.status).toBe(403);
    expect(events).toEqual([]);
  });

  it('an onError that is not a function is refused at creation', () => {
    expect(() => testHandler({ onError: 'console.log' as never })).toThrow(/`onError` must be a function/);
  });
});

describe('onError of the MG+ relay', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startMgSandbox();
  });
  afterAll(() => sandbox.close());

  it('MG+ unreachable: 502 to the browser, the cause to the hook, no shared secret or launch token in it', async () => {
    const events: HandlerErrorEvent[] = [];
    const relay = createRelayHandler({
      baseUrl: `http://127.0.0.1:${await freePort()}`,
      sharedSecret: MG_SECRET,
      provider: MG_PROVIDER,
      timeoutMs: 2_000,
      onError: (event) => events.push(event),
    });
    const launchToken = await sandbox.mgplus.mintLaunchToken({ player: 'eur' });
    const response = await relay(
      new Request('http://studio.test/v1/authenticate', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ launchToken, game: MG_GAME, platform: 'desktop' }),
      }),
      { clientIp: PLAYER_IP },
    );
    const answer = await readAnswer(response);
    expect([answer.status, answer.json?.code]).toEqual([502, 'UPSTREAM_UNREACHABLE']);
    expect(events).toEqual([
      {
        code: 'UPSTREAM_UNREACHABLE',
        status: 502,
        route: 'POST /v1/authenticate',
        message: 'MG+ could not be reached.',
        cause: expect.stringMatching(
          /^MgPlusError: MG\+ authenticate: the connection failed or was dropped\. \(NETWORK\) <- TypeError: fetch failed <- .*ECONNREFUSED/,
        ),
      },
    ]);
    const heard = JSON.stringify(events);
    expect(heard).not.toContain(MG_SECRET);
    expect(heard).not.toContain(launchToken);
  });
});
