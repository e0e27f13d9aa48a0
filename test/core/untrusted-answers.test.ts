/**
 * Answers are checked, not trusted (issue #14): a 2xx without what the platform always sends is `SERVER` and
 * changes no session; a redirect is never followed with credentials; a plain URL string as `signer` is relay mode.
 * The sandbox and the real signing endpoint over loopback, plus small stubs for what they never send.
 */
import 'fake-indexeddb/auto';
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from '@jest/globals';
import type { PlyrClient } from '../../src/index.js';
import { storedRecord, until, useCoreEnv } from '../helpers/core-fixture.js';
import { rejection } from '../helpers/rejection.js';
import { listenOnLoopback } from '../helpers/server-harness.js';

const stubs: Array<{ close(): Promise<void> }> = [];
const env = useCoreEnv(stubs);

/** Relay mode, said explicitly (these tests are about the answers, not the default). */
const relay = () => ({ url: env.relayUrl, mode: 'relay' as const });
const paths = (): string[] => env.sent.map((r) => `${r.method} ${new URL(r.url).pathname}`);

describe('a 2xx is a success only with what the platform sends', () => {
  it.each([
    ['a guest', (c: PlyrClient) => c.registerGuest()],
    ['a full account', (c: PlyrClient) => c.login({ plyrId: 'demo-player', otp: env.otp() })],
  ])('verifySession on 200 {"success": false} rejects with SERVER and keeps %s', async (_name, signIn) => {
    const client = env.client();
    const session = await signIn(client);
    env.sandbox.injectFault({ path: '/api/user/session/verify', status: 200, body: { success: false } });
    const error = await rejection(client.verifySession());
    expect([error.code, error.status]).toEqual(['SERVER', undefined]);
    expect(client.session).toEqual(session);
  });

  it('a relayed 200 {} to a login is not a login: SERVER, and no session', async () => {
    env.sandbox.injectFault({ path: '/api/user/login', status: 200, body: {}, times: 1 });
    const client = env.client({ signer: relay() });
    expect((await rejection(client.login({ plyrId: 'demo-player', otp: env.otp() }))).code).toBe('SERVER');
    expect(client.session).toBeNull();
  });

  it('a relayed 200 {} to a guest registration is SERVER, and no session', async () => {
    env.sandbox.injectFault({ path: '/api/instantPlayPass/register', status: 200, body: {}, times: 1 });
    const client = env.client({ signer: relay() });
    expect((await rejection(client.registerGuest())).code).toBe('SERVER');
    expect(client.session).toBeNull();
  });

  it('revealClaimingCode never returns an empty code', async () => {
    const client = env.client();
    await client.registerGuest();
    env.sandbox.injectFault({
      path: '/api/instantPlayPass/reveal/claimingCode',
      status: 200,
      body: { claimingCode: '', claimingUrl: 'https://example.com' },
      times: 1,
    });
    const told: unknown[] = [];
    client.on('guest:claim-code', (code) => told.push(code));
    expect((await rejection(client.revealClaimingCode())).code).toBe('SERVER');
    expect(told).toEqual([]);
  });

  it.each([
    [
      'verifyClaimingCode',
      '/api/instantPlayPass/verify',
      (c: PlyrClient) => c.verifyClaimingCode('ABCD-ABCD-ABCD-ABCD'),
    ],
    ['userInfo', '/api/user/info', (c: PlyrClient) => c.userInfo('demo-player')],
    ['avatar', '/api/user/avatar', (c: PlyrClient) => c.avatar('demo-player')],
    [
      'verifyJwtLocally (the public key)',
      '/api/jwt/publicKey',
      async (c: PlyrClient) => c.verifyJwtLocally((await c.registerGuest()).sessionJwt),
    ],
  ])('%s on 200 {} rejects with SERVER', async (_name, path, call) => {
    env.sandbox.injectFault({ path, status: 200, body: {} });
    expect((await rejection(call(env.client({ signer: relay() })))).code).toBe('SERVER');
  });
});

describe('redirects are not followed', () => {
  /** A server on another origin that records what reaches it (it must stay empty). */
  async function elsewhere(): Promise<{ url: string; reached: string[] }> {
    const reached: string[] = [];
    const stub = await listenOnLoopback((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        reached.push(`${req.method} ${req.url} ${body}`);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    stubs.push(stub);
    return { url: stub.url, reached };
  }

  /** A server that answers every request with `status` to `location` + the request's path. */
  async function redirecting(status: number, location: string): Promise<string> {
    const stub = await listenOnLoopback((req, res) => {
      req.resume();
      res.writeHead(status, { location: location + req.url }).end();
    });
    stubs.push(stub);
    return stub.url;
  }

  it.each([307, 308, 302])(
    "a signer's %i to another origin: SIGNER_REJECTED, the 2FA code goes nowhere",
    async (status) => {
      const target = await elsewhere();
      const signer = `${await redirecting(status, target.url)}/plyr/sign`;
      const client = env.client({ signer });
      const error = await rejection(client.login({ plyrId: 'demo-player', otp: '123456' }));
      expect([error.code, error.status]).toEqual(['SIGNER_REJECTED', status]);
      expect(target.reached).toEqual([]);
    },
  );

  it("a sign-mode signer's redirect is refused too: the session JWT goes nowhere, the session stays", async () => {
    const session = await env.client().login({ plyrId: 'demo-player', otp: env.otp() });
    await until(async () => (await storedRecord(env)) !== undefined);
    const target = await elsewhere();
    const signer = { url: `${await redirecting(307, target.url)}/plyr/sign`, mode: 'sign' as const };
    const client = env.client({ signer, syncTabs: false, verifyOnRestore: false });
    expect(await client.ready).toEqual(session);
    expect((await rejection(client.verifySession())).code).toBe('SIGNER_REJECTED');
    expect(target.reached).toEqual([]);
    expect(client.session).toEqual(session);
  });

  it("the platform's redirect (sign mode) is SERVER and the signed request goes nowhere", async () => {
    const target = await elsewhere();
    const apiBase = await redirecting(307, target.url);
    const client = env.client({ apiBase });
    const error = await rejection(client.login({ plyrId: 'demo-player', otp: '123456' }));
    expect([error.code, error.status]).toEqual(['SERVER', 307]);
    expect(target.reached).toEqual([]);
  });
});

describe('relay mode is the default', () => {
  it('a plain URL string relays: one request, to the endpoint with the platform path', async () => {
    const client = env.client({ signer: env.relayUrl });
    await client.ready;
    env.sent.length = 0;
    expect((await client.login({ plyrId: 'demo-player', otp: env.otp() })).plyrId).toBe('demo-player');
    expect(paths()).toEqual(['POST /plyr/relay/api/user/login']);
  });

  it('so does an endpoint object without a mode; `mode: "sign"` opts in to sign mode', async () => {
    const relayed = env.client({ signer: { url: env.signUrl } });
    await relayed.ready;
    env.sent.length = 0;
    await relayed.userInfo('demo-player');
    expect(paths()).toEqual(['GET /plyr/sign/api/user/info/demo-player']);

    env.sent.length = 0;
    await env.client({ signer: { url: env.signUrl, mode: 'sign' } }).userInfo('demo-player');
    expect(paths()).toEqual(['POST /plyr/sign', 'GET /api/user/info/demo-player']);
  });
});
