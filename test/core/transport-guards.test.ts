/**
 * Transport guards found by a manual mutation-testing pass: which GET failures are retried, how the answers of a
 * signing endpoint (or a proxy in front of it) map to error codes and waits, that a malformed signer answer never
 * reaches the platform, that 2xx answers that are not JSON objects are refused, and that error messages stay short
 * and free of session tokens. Real HTTP on loopback: the sandbox, the real signing endpoint and small stubs.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from '@jest/globals';
import type { SignerFunction, SignRequest } from '../../src/index.js';
import { useCoreEnv } from '../helpers/core-fixture.js';
import { rejection } from '../helpers/rejection.js';
import { listenOnLoopback } from '../helpers/server-harness.js';

const stubs: Array<{ close(): Promise<void> }> = [];
const env = useCoreEnv(stubs);

const platformRequests = (): number => env.sent.filter((r) => r.url.startsWith(env.sandbox.url)).length;
/** Something shaped like a session JWT. */
const JWT_LIKE = 'eyJhbGciOiJFUzI1NiJ9.eyJwbHlySWQiOiJkZW1vLXBsYXllciJ9.c2lnbmF0dXJl';

/** A signing endpoint stand-in that always answers `status` with `body` and `headers`. */
async function stubSigner(
  status: number,
  body: string,
  headers: Record<string, string> = {},
): Promise<string> {
  const stub = await listenOnLoopback((req, res) => {
    req.resume();
    res.writeHead(status, headers);
    res.end(body);
  });
  stubs.push(stub);
  return `${stub.url}/plyr/sign`;
}

describe('retries', () => {
  it('a GET that fails with a 500 is retried', async () => {
    const client = env.client({ retries: 1 });
    env.sandbox.injectFault({ path: '/api/user/info', status: 500, times: 1 });
    await expect(client.userInfo('demo-player')).resolves.toMatchObject({ plyrId: 'demo-player' });
    expect(platformRequests()).toBe(2);
  });
});

describe('signing endpoint answers', () => {
  it('a 429 without an endpoint code (e.g. from a proxy) is RATE_LIMITED with the Retry-After wait', async () => {
    const signer = await stubSigner(429, 'Too Many Requests', {
      'retry-after': '7',
      'content-type': 'text/plain',
    });
    const error = await rejection(env.client({ signer }).userInfo('demo-player'));
    expect([error.code, error.status, error.retryAfterMs]).toEqual(['RATE_LIMITED', 429, 7000]);
  });

  it("the endpoint's 503 STATE_UNAVAILABLE (its Redis is down) is SIGNER_UNREACHABLE with the wait", async () => {
    const body = JSON.stringify({ error: 'Shared state is unavailable.', code: 'STATE_UNAVAILABLE' });
    const signer = await stubSigner(503, body, { 'retry-after': '5', 'content-type': 'application/json' });
    const error = await rejection(env.client({ signer }).userInfo('demo-player'));
    expect([error.code, error.status, error.retryAfterMs]).toEqual(['SIGNER_UNREACHABLE', 503, 5000]);
  });

  it("RATE_LIMITED carries the endpoint's exact wait in ms, not the rounded-up Retry-After", async () => {
    const signer = await env.extraSigner({
      rateLimit: { perIp: false, guestRegisterPerIp: false, perPlyrId: { tokens: 1, intervalMs: 1500 } },
    });
    const client = env.client({ signer });
    // The first attempt uses the player's only token (its code is wrong: the platform refuses it).
    expect((await rejection(client.login({ plyrId: 'demo-player', otp: '000000' }))).code).toBe(
      'INVALID_OTP',
    );
    const error = await rejection(client.login({ plyrId: 'demo-player', otp: '000000' }));
    expect([error.code, error.retryAfterMs]).toEqual(['RATE_LIMITED', 1500]);
  });

  it('a refusal text that carries a JWT is scrubbed from the error message', async () => {
    const signer = await stubSigner(400, JSON.stringify({ error: `bad sessionJwt ${JWT_LIKE}`, code: 'X' }), {
      'content-type': 'application/json',
    });
    const error = await rejection(env.client({ signer }).userInfo('demo-player'));
    expect(error.code).toBe('SIGNER_REJECTED');
    expect(error.message).not.toContain('eyJ');
    expect(error.message).toContain('[jwt]');
  });

  it('a signer answer without a signature is refused before anything reaches the platform', async () => {
    const client = env.client({
      // What a broken signer might return at runtime, whatever its declared type says.
      signer: (async (request: SignRequest) => ({
        headers: { apikey: env.sandbox.apiKey, timestamp: String(env.clock.now()) },
        body: JSON.stringify(request.body ?? {}),
      })) as unknown as SignerFunction,
    });
    env.sent.length = 0;
    expect((await rejection(client.userInfo('demo-player'))).code).toBe('SIGNER_REJECTED');
    expect(platformRequests()).toBe(0);
  });
});

describe('relay mode', () => {
  it('an endpoint URL with a trailing slash works', async () => {
    const client = env.client({ signer: { url: `${env.relayUrl}/`, mode: 'relay' } });
    await expect(client.userInfo('demo-player')).resolves.toMatchObject({ plyrId: 'demo-player' });
  });
});

describe('platform answers', () => {
  it('a plain-text message with surrounding whitespace is still recognised', async () => {
    env.sandbox.injectFault({ path: '/api/user/info', status: 404, body: ' User not found\n', times: 1 });
    expect((await rejection(env.client().userInfo('demo-player'))).code).toBe('USER_NOT_FOUND');
  });

  it('a 2xx whose body is not a JSON object is SERVER', async () => {
    env.sandbox.injectFault({
      path: '/api/user/avatar',
      status: 200,
      body: ['not', 'an', 'object'],
      times: 1,
    });
    expect((await rejection(env.client().avatar('demo-player'))).code).toBe('SERVER');
  });

  it('a huge error body gives a short message', async () => {
    env.sandbox.injectFault({
      path: '/api/user/info',
      status: 500,
      body: { error: 'x'.repeat(5000) },
      times: 1,
    });
    const error = await rejection(env.client().userInfo('demo-player'));
    expect(error.code).toBe('SERVER');
    expect(error.message.length).toBeLessThan(300);
  });
});
