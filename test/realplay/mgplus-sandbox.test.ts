/**
 * Conformance of the sandbox's MG+ `POST /v1/authenticate` (every field, every error) and of its launch routes,
 * over real HTTP, signing requests the way the MG+ contract says (not with the relay under test elsewhere).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { MgPlusEmulator } from '../../src/sandbox/mgplus/emulator.js';
import { offerFields, seededPlayer } from '../helpers/realplay-players.js';
import { hmac, type Started, startMgPlus } from '../helpers/realplay-servers.js';

const T0 = Date.UTC(2030, 4, 15, 12, 30, 0);
let clock = T0;
let mg: Started & { emulator: MgPlusEmulator };

beforeAll(async () => {
  mg = await startMgPlus({ now: () => clock, sharedSecret: 'test-shared-secret' });
});
afterAll(() => mg.close());

interface CallOptions {
  body?: string;
  requestId?: string | null;
  signature?: string | null;
  method?: string;
}

async function call(fields: Record<string, unknown> | string, opts: CallOptions = {}) {
  const text = typeof fields === 'string' ? fields : JSON.stringify(fields);
  const requestId = opts.requestId === undefined ? randomUUID() : opts.requestId;
  const signature = opts.signature === undefined ? hmac('test-shared-secret', text) : opts.signature;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (requestId !== null) headers['x-request-id'] = requestId;
  if (signature !== null) headers['x-hmac-signature'] = signature;
  const res = await fetch(`${mg.url}/v1/authenticate`, {
    method: opts.method ?? 'POST',
    headers,
    ...(opts.method === 'GET' ? {} : { body: text }),
  });
  return { res, requestId, json: (await res.json()) as Record<string, unknown> };
}

async function fields(overrides: Record<string, unknown> = {}, player = 'eur') {
  return {
    launchToken: await mg.emulator.mintLaunchToken({ player }),
    provider: 'plyr-studio',
    game: 'plyr-kit-demo',
    ip: '198.51.100.7',
    platform: 'desktop',
    ...overrides,
  };
}

function expectError(
  result: { res: Response; json: Record<string, unknown> },
  status: number,
  code: string,
  message?: RegExp,
) {
  expect(result.res.status).toBe(status);
  expect(result.json).toEqual({ error: { code, message: expect.any(String) } });
  if (message) expect((result.json.error as { message: string }).message).toMatch(message);
}

describe('POST /v1/authenticate: success', () => {
  it('answers a euro player with every field, echoing X-Request-ID with MG+ headers', async () => {
    const result = await call(await fields());
    expect(result.res.status).toBe(200);
    expect(result.res.headers.get('x-request-id')).toBe(result.requestId);
    expect(result.res.headers.get('content-type')).toBe('application/json');
    expect(result.res.headers.get('cache-control')).toBe('no-cache, no-store');
    expect(result.res.headers.get('access-control-allow-origin')).toBe('*');
    const eur = seededPlayer('eur');
    const { instanceId, offerId, offerName, ...instanceInfo } = offerFields(eur.freeGames[0]!);
    expect(result.json).toEqual({
      playerId: eur.playerId,
      playerToken: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/),
      brand: eur.brand,
      balance: eur.balance,
      balanceInfo: { currency: eur.currency, currencyTruncation: eur.currencyTruncation },
      sessionInfo: { lobbyUrl: eur.lobbyUrl, depositUrl: eur.depositUrl, gameConfig: eur.gameConfig },
      freeGameInfo: [
        {
          instanceId,
          offerId,
          offerName,
          instanceInfo: {
            ...instanceInfo,
            // Start of "today" on the sandbox clock minus one day, eight days long; seconds precision with Z.
            instanceStartDateUtc: '2030-05-14T00:00:00Z',
            instanceEndDateUtc: '2030-05-22T00:00:00Z',
          },
        },
      ],
    });
  });

  it('gives each authentication its own player token', async () => {
    const a = await call(await fields());
    const b = await call(await fields());
    expect(a.json.playerToken).not.toBe(b.json.playerToken);
  });

  it.each(['btc', 'idr', 'coins', 'test'])('serves the %s player', async (label) => {
    const seed = seededPlayer(label);
    const result = await call(await fields({}, label));
    expect(result.res.status).toBe(200);
    expect(result.json).toMatchObject({
      playerId: seed.playerId,
      brand: seed.brand,
      balance: seed.balance,
      balanceInfo: { currency: seed.currency, currencyTruncation: seed.currencyTruncation },
    });
  });

  it('omits freeGameInfo for a player without offers and lists two for the coins player', async () => {
    expect((await call(await fields({}, 'btc'))).json).not.toHaveProperty('freeGameInfo');
    expect((await call(await fields({}, 'coins'))).json.freeGameInfo).toHaveLength(2);
  });

  it('matches property names case-insensitively, as MG+ does', async () => {
    const f = await fields();
    const result = await call({
      LaunchToken: f.launchToken,
      PROVIDER: f.provider,
      Game: f.game,
      iP: f.ip,
      platform: 'mobile',
    });
    expect(result.res.status).toBe(200);
  });

  it('accepts a token until its expiry, by the sandbox clock', async () => {
    const launchToken = await mg.emulator.mintLaunchToken({ expiresIn: 60 });
    clock = T0 + 59_000;
    try {
      expect((await call(await fields({ launchToken }))).res.status).toBe(200);
      clock = T0 + 61_000;
      expectError(await call(await fields({ launchToken })), 401, 'PLAYER_UNAUTHORIZED', /expired/);
    } finally {
      clock = T0;
    }
  });

  it('launches the opaque player with opaque tokens (not JWTs), checked by the sandbox clock', async () => {
    const launchToken = await mg.emulator.mintLaunchToken({ player: 'opaque', expiresIn: 60 });
    expect(launchToken).toMatch(/^eyJ[A-Za-z0-9_-]{32}$/);
    const ok = await call(await fields({ launchToken }, 'opaque'));
    expect(ok.res.status).toBe(200);
    expect(ok.json).toMatchObject({
      playerId: seededPlayer('opaque').playerId,
      balance: 2500.75,
      balanceInfo: { currency: 'vnd', currencyTruncation: 1000 },
    });
    clock = T0 + 61_000;
    try {
      expectError(await call(await fields({ launchToken })), 401, 'PLAYER_UNAUTHORIZED', /expired/);
    } finally {
      clock = T0;
    }
    const forged = await mg.emulator.mintLaunchToken({ player: 'opaque', invalid: true });
    expect(forged).toMatch(/^eyJ[A-Za-z0-9_-]{32}$/);
    expectError(await call(await fields({ launchToken: forged })), 401, 'PLAYER_UNAUTHORIZED', /not valid/);
    // The guide's own example is well-formed and unknown here.
    expectError(
      await call(await fields({ launchToken: 'eyJhbG9hshdgjh38Gsjsk3jdl' })),
      401,
      'PLAYER_UNAUTHORIZED',
      /not valid/,
    );
  });
});

describe('POST /v1/authenticate: errors', () => {
  it('refuses a missing or malformed X-Request-ID', async () => {
    const missing = await call(await fields(), { requestId: null });
    expectError(missing, 400, 'INVALID_REQUEST', /X-Request-ID/);
    expect(missing.res.headers.get('x-request-id')).toBeNull();
    expectError(await call(await fields(), { requestId: 'not-a-uuid' }), 400, 'INVALID_REQUEST');
  });

  it('refuses a missing, wrong or wrongly encoded HMAC with SERVER_UNAUTHORIZED (and still echoes the id)', async () => {
    const f = await fields();
    const missing = await call(f, { signature: null });
    expectError(missing, 401, 'SERVER_UNAUTHORIZED');
    expect(missing.res.headers.get('x-request-id')).toBe(missing.requestId);
    expectError(
      await call(f, { signature: hmac('other-secret', JSON.stringify(f)) }),
      401,
      'SERVER_UNAUTHORIZED',
    );
    expectError(
      await call(f, { signature: hmac('test-shared-secret', JSON.stringify(f), 'base64') }),
      401,
      'SERVER_UNAUTHORIZED',
    );
  });

  it('checks the HMAC over the exact bytes: the same JSON re-spaced does not match', async () => {
    const f = await fields();
    const sent = JSON.stringify(f, null, 1);
    expectError(
      await call(sent, { signature: hmac('test-shared-secret', JSON.stringify(f)) }),
      401,
      'SERVER_UNAUTHORIZED',
    );
    expect((await call(sent, { signature: hmac('test-shared-secret', sent) })).res.status).toBe(200);
  });

  it('accepts upper-case hex signatures', async () => {
    const f = await fields();
    expect(
      (await call(f, { signature: hmac('test-shared-secret', JSON.stringify(f)).toUpperCase() })).res.status,
    ).toBe(200);
  });

  it('refuses a body that is not a JSON object', async () => {
    expectError(await call('{"launchToken":'), 400, 'INVALID_REQUEST', /not JSON/);
    expectError(await call('[1,2]'), 400, 'INVALID_REQUEST', /object/);
  });

  it.each(['launchToken', 'provider', 'game', 'ip', 'platform'])(
    'refuses a request without %s',
    async (name) => {
      const f: Record<string, unknown> = await fields();
      delete f[name];
      expectError(await call(f), 400, 'INVALID_REQUEST', new RegExp(name));
      expectError(await call({ ...f, [name]: 42 }), 400, 'INVALID_REQUEST', new RegExp(name));
    },
  );

  it('refuses a platform other than mobile/desktop', async () => {
    expectError(await call(await fields({ platform: 'tablet' })), 400, 'INVALID_REQUEST', /platform/);
    expectError(await call(await fields({ platform: 'Desktop' })), 400, 'INVALID_REQUEST', /platform/);
  });

  it('refuses IPv6 and malformed player addresses', async () => {
    expectError(await call(await fields({ ip: '2001:db8::1' })), 400, 'INVALID_REQUEST', /IPv6/);
    expectError(await call(await fields({ ip: '::ffff:1.2.3.4' })), 400, 'INVALID_REQUEST', /IPv6/);
    expectError(await call(await fields({ ip: '256.1.1.1' })), 400, 'INVALID_REQUEST', /IPv4/);
    expectError(await call(await fields({ ip: 'localhost' })), 400, 'INVALID_REQUEST', /IPv4/);
  });

  it('refuses provider and game ids outside the MG+ character set', async () => {
    expectError(await call(await fields({ provider: 'my studio' })), 400, 'INVALID_REQUEST', /provider/);
    expectError(await call(await fields({ game: 'x'.repeat(256) })), 400, 'INVALID_REQUEST', /game/);
  });

  it('answers PLAYER_UNAUTHORIZED for an expired launch token', async () => {
    const launchToken = await mg.emulator.mintLaunchToken({ expired: true });
    expectError(await call(await fields({ launchToken })), 401, 'PLAYER_UNAUTHORIZED', /expired/);
  });

  it('answers PLAYER_UNAUTHORIZED for a forged, a garbage and a foreign-game token', async () => {
    const forged = await mg.emulator.mintLaunchToken({ invalid: true });
    expectError(await call(await fields({ launchToken: forged })), 401, 'PLAYER_UNAUTHORIZED', /not valid/);
    expectError(
      await call(await fields({ launchToken: 'abc.def.ghi' })),
      401,
      'PLAYER_UNAUTHORIZED',
      /not valid/,
    );
    const other = await mg.emulator.mintLaunchToken({ game: 'other-game' });
    expectError(await call(await fields({ launchToken: other })), 401, 'PLAYER_UNAUTHORIZED', /another game/);
  });

  it('answers PLAYER_UNAUTHORIZED for a locked account and a geo-blocked player address', async () => {
    expectError(await call(await fields({}, 'locked')), 401, 'PLAYER_UNAUTHORIZED', /locked/);
    expectError(await call(await fields({ ip: '203.0.113.9' })), 401, 'PLAYER_UNAUTHORIZED', /location/);
  });

  it('answers 405 to other methods', async () => {
    const result = await call(await fields(), { method: 'GET' });
    expectError(result, 405, 'INVALID_REQUEST');
    expect(result.res.headers.get('allow')).toBe('POST');
  });
});

describe('MG+ emulator options', () => {
  it('checks base64 signatures when configured so', async () => {
    const b64 = await startMgPlus({ sharedSecret: 's3cret', signatureEncoding: 'base64' });
    try {
      const body = JSON.stringify({
        launchToken: await b64.emulator.mintLaunchToken(),
        provider: 'p',
        game: 'plyr-kit-demo',
        ip: '198.51.100.7',
        platform: 'desktop',
      });
      const send = (signature: string) =>
        fetch(`${b64.url}/v1/authenticate`, {
          method: 'POST',
          headers: { 'x-request-id': randomUUID(), 'x-hmac-signature': signature },
          body,
        });
      expect((await send(hmac('s3cret', body, 'base64'))).status).toBe(200);
      expect((await send(hmac('s3cret', body, 'hex'))).status).toBe(401);
    } finally {
      await b64.close();
    }
  });

  it('answers REGION_BLOCKED to callers outside the IP allow-list', async () => {
    const blocked = await startMgPlus({ sharedSecret: 'k', allowedCallerIps: ['10.9.9.9'] });
    try {
      const body = JSON.stringify({
        launchToken: 'a.b.c',
        provider: 'p',
        game: 'g',
        ip: '1.2.3.4',
        platform: 'mobile',
      });
      const res = await fetch(`${blocked.url}/v1/authenticate`, {
        method: 'POST',
        headers: { 'x-request-id': randomUUID(), 'x-hmac-signature': hmac('k', body) },
        body,
      });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: { code: 'REGION_BLOCKED', message: expect.any(String) } });
    } finally {
      await blocked.close();
    }
  });

  it('generates a random shared secret when none is given', async () => {
    const a = await startMgPlus();
    const b = await startMgPlus();
    try {
      expect(a.emulator.sharedSecret).toMatch(/^[0-9a-f]{64}$/);
      expect(a.emulator.sharedSecret).not.toBe(b.emulator.sharedSecret);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe('sandbox launch routes', () => {
  async function launch(body: unknown) {
    const res = await fetch(`${mg.url}/sandbox/mgplus/launch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? '' : JSON.stringify(body),
    });
    return { res, json: (await res.json()) as Record<string, string> };
  }

  it('mints a launch token and the game URL that carries it', async () => {
    const { res, json } = await launch(undefined);
    expect(res.status).toBe(200);
    expect(json).toEqual({
      launchToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      url: `${mg.url}/?launchToken=${json.launchToken}`,
      playerId: '44-10000-00001',
      expiresAt: new Date(T0 + 600_000).toISOString(),
    });
    const claims = JSON.parse(Buffer.from(json.launchToken!.split('.')[1]!, 'base64url').toString());
    expect(claims).toEqual({
      sub: '44-10000-00001',
      brand: 'plyr_sandbox',
      currency: 'eur',
      game: 'plyr-kit-demo',
      iat: T0 / 1000,
      exp: T0 / 1000 + 600,
    });
  });

  it('launches a chosen player and game into a chosen page, keeping its query', async () => {
    const { json } = await launch({
      player: 'coins',
      game: 'slots-1',
      url: 'http://localhost:5173/play?mode=real',
    });
    expect(json.playerId).toBe('44-10000-00004');
    const url = new URL(json.url!);
    expect(url.origin + url.pathname).toBe('http://localhost:5173/play');
    expect(url.searchParams.get('mode')).toBe('real');
    expect(url.searchParams.get('launchToken')).toBe(json.launchToken);
  });

  it('mints expired and invalid tokens that MG+ then refuses', async () => {
    const expired = await launch({ expired: true });
    expect(expired.json.expiresAt).toBe(new Date(T0 - 60_000).toISOString());
    expectError(
      await call(await fields({ launchToken: expired.json.launchToken })),
      401,
      'PLAYER_UNAUTHORIZED',
      /expired/,
    );
    const invalid = await launch({ invalid: true });
    expectError(
      await call(await fields({ launchToken: invalid.json.launchToken })),
      401,
      'PLAYER_UNAUTHORIZED',
      /not valid/,
    );
  });

  it('refuses unknown players, bad fields and non-http URLs', async () => {
    for (const body of [{ player: 'nobody' }, { expiresIn: 'soon' }, { url: 'javascript:alert(1)' }, [1]]) {
      const { res, json } = await launch(body);
      expect(res.status).toBe(400);
      expect(json).toEqual({ error: expect.any(String), code: 'INVALID_BODY' });
    }
  });

  it('lists the seeded players without secrets', async () => {
    const res = await fetch(`${mg.url}/sandbox/mgplus/players`);
    const { players } = (await res.json()) as { players: Array<Record<string, unknown>> };
    expect(players.map((p) => p.label)).toEqual(['eur', 'btc', 'idr', 'coins', 'test', 'locked', 'opaque']);
    expect(players.find((p) => p.label === 'locked')).toMatchObject({ locked: true });
    expect(Object.keys(players[0]!).sort()).toEqual(
      ['balance', 'brand', 'currency', 'currencyTruncation', 'label', 'locked', 'playerId'].sort(),
    );
  });

  it('leaves other routes to the rest of the sandbox', async () => {
    expect((await fetch(`${mg.url}/api/user/login`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${mg.url}/sandbox/mgplus/players`, { method: 'POST' })).status).toBe(404);
  });
});
