/**
 * The client's address on the Fetch side, where the handler never sees the connection: `clientIpFromHeaders`
 * believes only the entries the set number of proxies wrote, and `createRelayHandler({ getClientIp })` sends that
 * address to MG+ (the sandbox refuses its geo-blocked range 203.0.113.0/24, which shows which entry was sent).
 * `{ clientIp }` may be a function (Bun's `server.requestIP` costs a request about 1.5 µs): it is read only when a
 * limit or MG+ needs the address, once.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { clientIpFromHeaders } from '../../src/server/http/client-ip.js';
import { createRelayHandler } from '../../src/server/mgplus/relay.js';
import { createSigningHandler } from '../../src/server/plyr/signing-handler.js';
import { TEST_KEYS } from '../helpers/server-harness.js';

const withForwarded = (value?: string) =>
  new Request('https://game.example/mg/v1/authenticate', {
    headers: value === undefined ? {} : { 'x-forwarded-for': value },
  });

describe('clientIpFromHeaders', () => {
  it('takes the entry the trusted proxies wrote, counting from the right, normalised', () => {
    const one = clientIpFromHeaders({ trustedProxies: 1 });
    expect(one(withForwarded('203.0.113.9, 198.51.100.7'))).toBe('198.51.100.7');
    expect(one(withForwarded('::ffff:198.51.100.7'))).toBe('198.51.100.7');
    expect(one(withForwarded('198.51.100.7:51234'))).toBe('198.51.100.7');
    const two = clientIpFromHeaders({ trustedProxies: 2 });
    expect(two(withForwarded('203.0.113.9, 198.51.100.7, 10.0.0.2'))).toBe('198.51.100.7');
  });

  it('gives no address when the header is missing or shorter than the proxies, or when none is trusted', () => {
    expect(clientIpFromHeaders({ trustedProxies: 1 })(withForwarded())).toBeUndefined();
    expect(clientIpFromHeaders({ trustedProxies: 2 })(withForwarded('198.51.100.7'))).toBeUndefined();
    expect(clientIpFromHeaders({ trustedProxies: 0 })(withForwarded('198.51.100.7'))).toBeUndefined();
  });

  it('refuses a number of proxies that is not a whole number', () => {
    for (const trustedProxies of [-1, 1.5, Number.NaN, '1' as unknown as number])
      expect(() => clientIpFromHeaders({ trustedProxies })).toThrow(TypeError);
  });
});

describe('createRelayHandler({ getClientIp })', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({ gameId: 'mygame' });
  });

  afterAll(async () => {
    await sandbox.close();
  });

  const relay = (getClientIp?: (request: Request) => string | null | undefined) =>
    createRelayHandler({
      baseUrl: sandbox.url,
      sharedSecret: sandbox.mgplus.sharedSecret,
      provider: 'mystudio',
      basePath: '/mg',
      ...(getClientIp === undefined ? {} : { getClientIp }),
    });

  const launch = async (handler: ReturnType<typeof relay>, forwarded: string) => {
    const launchToken = await sandbox.mgplus.mintLaunchToken({ player: 'eur', game: 'fruit-slots' });
    const response = await handler(
      new Request('https://game.example/mg/v1/authenticate', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': forwarded },
        body: JSON.stringify({ launchToken, provider: 'mystudio', game: 'fruit-slots', platform: 'desktop' }),
      }),
    );
    const body = (await response.json()) as { code?: unknown; error?: { code?: unknown } };
    return [response.status, typeof body.code === 'string' ? body.code : body.error?.code];
  };

  it('sends MG+ the address getClientIp reads: the proxy-written entry, never the browser-written one', async () => {
    const handler = relay(clientIpFromHeaders({ trustedProxies: 1 }));
    expect(await launch(handler, '203.0.113.9, 198.51.100.7')).toEqual([200, undefined]);
    expect(await launch(handler, '198.51.100.7, 203.0.113.9')).toEqual([401, 'PLAYER_UNAUTHORIZED']);
  });

  it('without getClientIp (and without { clientIp }) believes no header: the launch is refused', async () => {
    expect(await launch(relay(), '198.51.100.7')).toEqual([400, 'CLIENT_IP_UNSUPPORTED']);
  });

  it('refuses a getClientIp that is not a function, at creation', () => {
    expect(() => relay('x-forwarded-for' as unknown as () => string)).toThrow(TypeError);
  });
});

describe('{ clientIp } as a function', () => {
  const envelope = (n: number) =>
    new Request('https://game.example/plyr/sign', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'GET', path: `/api/user/info/player${n}` }),
    });
  const counted = (address: string) => {
    const reader = Object.assign(
      () => {
        reader.calls++;
        return address;
      },
      { calls: 0 },
    );
    return reader;
  };
  const signer = (rateLimit: false | object) =>
    createSigningHandler({ ...TEST_KEYS, mode: 'sign', basePath: '/plyr/sign', rateLimit });

  it('is never called by a handler without limits', async () => {
    const handler = signer(false);
    const address = counted('198.51.100.7');
    for (let n = 0; n < 3; n++) expect((await handler(envelope(n), { clientIp: address })).status).toBe(200);
    expect(address.calls).toBe(0);
  });

  it('is called once a request when limits need it, and its address is the bucket', async () => {
    const handler = signer({ perIp: { tokens: 2, intervalMs: 60_000 } });
    const first = counted('198.51.100.7');
    const statuses = [];
    for (let n = 0; n < 3; n++) statuses.push((await handler(envelope(n), { clientIp: first })).status);
    expect(statuses).toEqual([200, 200, 429]);
    expect(first.calls).toBe(3);
    // Another address has its own bucket; a string works as before.
    const other = counted('198.51.100.8');
    expect((await handler(envelope(4), { clientIp: other })).status).toBe(200);
    expect((await handler(envelope(5), { clientIp: '198.51.100.8' })).status).toBe(200);
    expect((await handler(envelope(6), { clientIp: '198.51.100.8' })).status).toBe(429);
  });
});
