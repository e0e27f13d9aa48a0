/**
 * The browser never moves tokens: every game-economy write is refused by the signing endpoint in both modes, and no
 * `allow` list can let one through (a TypeError at creation). What the browser may do for the player's consent:
 * read this game's allowances (its own game only) and revoke them with a 2FA code, counted like any other code.
 */
import { describe, expect, it } from '@jest/globals';
import {
  createSigningHandler,
  PLAYER_AUTH_ROUTES,
  type RouteRule,
  SERVER_ONLY_PATHS,
} from '../../src/server/index.js';
import {
  ManualClock,
  readAnswer,
  recordingFetch,
  relayRequest,
  signRequest,
  TEST_KEYS,
  testHandler,
} from '../helpers/server-harness.js';

const MINUTE = 60_000;
const ROOM_BODY = { roomId: '1', sessionJwts: ['a.b.c'], tokens: ['plyr'], amounts: ['1'] };

function relay(reply?: Parameters<typeof recordingFetch>[0], rateLimit: object | false = false) {
  const clock = new ManualClock();
  const platform = recordingFetch(reply);
  const handler = testHandler({
    mode: 'relay',
    basePath: '/plyr/relay',
    fetch: platform.fetch,
    now: clock.now,
    rateLimit,
  });
  return { clock, calls: platform.calls, handler };
}

describe('game-economy writes are server-only', () => {
  it('lists every room write, the chip writes and approval by signature', () => {
    const rooms = ['create', 'join', 'leave', 'pay', 'earn', 'end', 'close', 'joinPay', 'createJoinPay'];
    for (const name of [...rooms, 'earnLeave', 'earnLeaveEnd', 'approveBySignature'])
      expect(SERVER_ONLY_PATHS).toContain(`/api/game/${name}`);
    for (const name of ['create', 'createBySignature', 'mint', 'burn', 'transfer'])
      expect(SERVER_ONLY_PATHS).toContain(`/api/game/chip/${name}`);
  });

  it('relay mode refuses each of them (403 PATH_NOT_ALLOWED) and never calls the platform', async () => {
    const { calls, handler } = relay();
    for (const path of [...SERVER_ONLY_PATHS, '/api/game/chip/somethingNew'])
      for (const method of ['POST', 'GET'] as const) {
        const body = method === 'POST' ? ROOM_BODY : undefined;
        const answer = await readAnswer(await handler(relayRequest(method, path, body)));
        expect([method, path, answer.status, answer.json.code]).toEqual([
          method,
          path,
          403,
          'PATH_NOT_ALLOWED',
        ]);
      }
    expect(calls).toEqual([]);
  });

  it('sign mode refuses to sign any of them (403 PATH_NOT_ALLOWED)', async () => {
    const handler = testHandler({ basePath: '/plyr/sign' });
    for (const path of SERVER_ONLY_PATHS)
      for (const method of ['POST', 'GET'] as const) {
        const envelope = { method, path, ...(method === 'POST' ? { body: ROOM_BODY } : {}) };
        const answer = await readAnswer(await handler(signRequest(envelope)));
        expect([method, path, answer.status, answer.json.code]).toEqual([
          method,
          path,
          403,
          'PATH_NOT_ALLOWED',
        ]);
        expect(answer.json.headers).toBeUndefined();
      }
  });

  it('`allow` cannot let one through, by its own path or a pattern that would match it, in either mode', () => {
    const create = (allow: readonly RouteRule[], mode: 'sign' | 'relay') => () =>
      createSigningHandler({ ...TEST_KEYS, mode, allow });
    const rules: RouteRule[] = [
      ...SERVER_ONLY_PATHS.map((path): RouteRule => ({ method: 'POST', path })),
      { method: 'GET', path: '/api/game/pay' },
      { method: 'POST', path: '/api/game/:action' },
      { method: 'POST', path: '/api/:area/:action' },
      { method: 'POST', path: '/api/game/chip/:write' },
      { method: 'POST', path: '/api/game/chip/airdrop' },
      { method: 'GET', path: '/api/game/chip/:read' }, // would also match chip/mint
      { method: 'POST', path: '/api/game/:x', params: { x: /^(?:join|pay)$/ } },
    ];
    for (const rule of rules)
      for (const mode of ['sign', 'relay'] as const) {
        const make = create([...PLAYER_AUTH_ROUTES, rule], mode);
        expect(make).toThrow(TypeError);
        expect(make).toThrow(/moves tokens.*studio's server with createPlyrGameClient/s);
      }
    // Reads, and consent the player gives with a 2FA code, stay configurable.
    for (const rule of [
      { method: 'GET', path: '/api/game/chip/balance' },
      { method: 'GET', path: '/api/game/isJoined' },
      { method: 'POST', path: '/api/game/approve' },
      { method: 'POST', path: '/api/game/:x', params: { x: /^approve$/ } },
    ] satisfies RouteRule[])
      expect(create([rule], 'relay')).not.toThrow();
  });

  it('the default allow-list passes its own check', () => {
    expect(() => createSigningHandler({ ...TEST_KEYS })).not.toThrow();
  });
});

describe("the player's consent: this game's allowances", () => {
  const read = (gameId: string) => `/api/game/allowanceByGameId/demo-player/${gameId}`;

  it("relays the read for the configured game (any case), and refuses another game's", async () => {
    const { calls, handler } = relay();
    expect((await handler(relayRequest('GET', read('test-game')))).status).toBe(200);
    expect((await handler(relayRequest('GET', read('Test-Game')))).status).toBe(200);
    expect(calls.map((c) => c.url)).toEqual([
      `${TEST_KEYS.apiBase}${read('test-game')}`,
      `${TEST_KEYS.apiBase}${read('Test-Game')}`,
    ]);
    for (const path of [read('other-game'), read('all'), '/api/game/allowances/demo-player']) {
      const answer = await readAnswer(await handler(relayRequest('GET', path)));
      expect([path, answer.status, answer.json.code]).toEqual([path, 403, 'PATH_NOT_ALLOWED']);
    }
    expect(calls).toHaveLength(2);
  });

  it('sign mode signs the read for the configured game only', async () => {
    const handler = testHandler({ basePath: '/plyr/sign' });
    const sign = async (path: string) => readAnswer(await handler(signRequest({ method: 'GET', path })));
    expect((await sign(read('test-game'))).json).toMatchObject({ body: '{}' });
    expect((await sign(read('other-game'))).json).toMatchObject({ code: 'PATH_NOT_ALLOWED' });
  });

  it('relays a revoke with the gameId forced; the token may be `all`; other fields are refused', async () => {
    const { calls, handler } = relay();
    for (const token of ['all', 'plyr', '0x52908400098527886E0F7030069857D2E4169EE7']) {
      const body = { plyrId: 'demo-player', otp: '123456', token, gameId: 'all' };
      expect((await handler(relayRequest('POST', '/api/game/revoke', body))).status).toBe(200);
      expect(JSON.parse(calls.at(-1)?.body ?? '')).toEqual({ ...body, gameId: 'test-game' });
    }
    for (const body of [
      { plyrId: 'demo-player', otp: '123456' },
      { plyrId: 'demo-player', otp: '123456', token: 'all', sessionJwt: 'a.b.c' },
      { plyrId: 'demo-player', otp: 123456, token: 'all' },
    ]) {
      const answer = await readAnswer(await handler(relayRequest('POST', '/api/game/revoke', body)));
      expect(answer.json).toMatchObject({ code: 'INVALID_BODY' });
    }
    expect(calls).toHaveLength(3);
  });
});

describe('revoke codes count towards the 2FA limits', () => {
  const RIGHT = '111111';
  /** A platform that takes only {@link RIGHT}. */
  const platform = (call: { body: string | undefined }) =>
    JSON.parse(call.body ?? '{}').otp === RIGHT
      ? new Response('{"message":"Revoked"}', { status: 200 })
      : new Response('{"error":"Invalid 2fa token"}', { status: 401 });
  const body = (path: string, otp: string) =>
    path === '/api/game/revoke'
      ? { plyrId: 'demo-player', otp, token: 'all' }
      : { plyrId: 'demo-player', otp };

  it('one address gets 4 wrong revoke codes through, not a 5th (relay and sign mode)', async () => {
    const { handler } = relay(platform, {});
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push(
        (await handler(relayRequest('POST', '/api/game/revoke', body('/api/game/revoke', '000000')))).status,
      );
    expect(statuses).toEqual([401, 401, 401, 401, 429]);

    const sign = testHandler({ basePath: '/plyr/sign', rateLimit: {} });
    const signed: number[] = [];
    for (let i = 0; i < 5; i++) {
      const envelope = { method: 'POST', path: '/api/game/revoke', body: body('/api/game/revoke', '000000') };
      signed.push((await sign(signRequest(envelope))).status);
    }
    expect(signed).toEqual([200, 200, 200, 200, 429]);
  });

  it('a right revoke code does not forgive the wrong codes before it (only a login does, as on the platform)', async () => {
    const wrongsAfter = async (path: string) => {
      const { clock, handler } = relay(platform, {});
      const send = async (route: string, otp: string) =>
        (await handler(relayRequest('POST', route, body(route, otp)))).status;
      for (let i = 0; i < 3; i++) expect(await send('/api/game/revoke', '000000')).toBe(401);
      expect(await send(path, RIGHT)).toBe(200);
      clock.advance(2 * MINUTE); // past the per-minute windows: only the lock rule is left
      return [await send('/api/game/revoke', '000000'), await send('/api/game/revoke', '000000')];
    };
    // The platform's count is at 3 after a revoke: one more wrong code, then the endpoint stops this address.
    expect(await wrongsAfter('/api/game/revoke')).toEqual([401, 429]);
    // After a login the count starts again.
    expect(await wrongsAfter('/api/user/login')).toEqual([401, 401]);
  });
});
