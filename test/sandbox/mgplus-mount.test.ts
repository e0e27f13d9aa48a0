// startSandbox mounts the MG+ emulator (its own conformance lives in test/realplay): raw-body routes next to the
// PLYR API, on the sandbox clock, with the sandbox's CORS header and fault injection.
import { createHmac, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox-client.js';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(() => t.sb.close());

async function authenticate(launchToken: string) {
  const text = JSON.stringify({
    launchToken,
    provider: 'plyr-studio',
    game: 'plyr-kit-demo',
    ip: '198.51.100.7',
    platform: 'desktop',
  });
  const signature = createHmac('sha256', t.sb.mgplus.sharedSecret).update(text).digest('hex');
  return fetch(`${t.sb.url}/v1/authenticate`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-request-id': randomUUID(),
      'x-hmac-signature': signature,
      origin: 'https://game.example',
    },
    body: text,
  });
}

describe('MG+ emulator mounted by startSandbox', () => {
  it('lists its players and mints launch tokens over the sandbox URL', async () => {
    const players = await fetch(`${t.sb.url}/sandbox/mgplus/players`);
    expect(players.status).toBe(200);
    expect(((await players.json()) as { players: unknown[] }).players.length).toBeGreaterThan(0);
    const launch = await fetch(`${t.sb.url}/sandbox/mgplus/launch`, { method: 'POST', body: '{}' });
    const minted = (await launch.json()) as { launchToken: string; url: string };
    expect(minted.url.startsWith(t.sb.url)).toBe(true);
  });

  it('authenticates a launch token with the raw-body HMAC, passing the CORS header through', async () => {
    const token = await t.sb.mgplus.mintLaunchToken();
    const res = await authenticate(token);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { playerId?: string }).playerId).toMatch(/^\d/);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('uses the sandbox clock for token expiry', async () => {
    const token = await t.sb.mgplus.mintLaunchToken({ expiresIn: 60 });
    t.clock.advance(24 * 60 * 60 * 1000);
    expect((await authenticate(token)).status).not.toBe(200);
  });

  it('applies injected faults to /v1/ routes', async () => {
    t.sb.injectFault({ path: '/v1/authenticate', status: 504, times: 1 });
    const res = await authenticate(await t.sb.mgplus.mintLaunchToken());
    expect(res.status).toBe(504);
  });
});
