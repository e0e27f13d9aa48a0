/**
 * The Redis state over HTTP, as Workers and other edge runtimes reach Redis: the real `@upstash/redis` client,
 * through `fromUpstash`, to an Upstash-compatible REST shim in front of a real redis-server. The signing endpoint's
 * 2FA limits hold across two instances, a flushed script cache is refilled (`NOSCRIPT`), stored JSON comes back as
 * the text it was, and a client that would parse replies is refused at creation.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { Redis as Upstash } from '@upstash/redis';
import { Redis } from 'ioredis';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import {
  createRedisState,
  createSigningHandler,
  fromUpstash,
  type RealPlaySession,
  type SigningHandler,
} from '../../src/server/index.js';
import { describeWithRedis, type RedisServer, startRedisServer } from '../helpers/redis-server.js';
import { PAGE_ORIGIN, readAnswer, relayRequest, sandboxKeys } from '../helpers/server-harness.js';
import { startUpstashShim, type UpstashShim } from '../helpers/upstash-shim.js';

describeWithRedis('Redis state through @upstash/redis (REST shim, real redis-server)', () => {
  let server: RedisServer;
  let shim: UpstashShim;
  let sandbox: Sandbox;
  const upstash = () =>
    new Upstash({
      url: shim.url,
      token: shim.token,
      automaticDeserialization: false,
      enableTelemetry: false,
    });

  beforeAll(async () => {
    server = await startRedisServer();
    shim = await startUpstashShim(server.url);
    sandbox = await startSandbox();
  });
  afterAll(async () => {
    await sandbox?.close();
    await shim?.close();
    await server?.close();
  });

  /** A relay-mode signing endpoint on its own Upstash client: one instance of a deployment. */
  const instance = (): SigningHandler =>
    createSigningHandler({
      ...sandboxKeys(sandbox),
      basePath: '/plyr/relay',
      origins: [PAGE_ORIGIN],
      state: createRedisState({ redis: fromUpstash(upstash()), prefix: 'upstash' }),
    });

  const login = async (handler: SigningHandler, otp: string, clientIp: string, plyrId = 'demo-player') => {
    const request = relayRequest('POST', '/api/user/login', { plyrId, otp }, { origin: PAGE_ORIGIN });
    return readAnswer(await handler(request, { clientIp }));
  };

  /** A code the sandbox refuses now (outside the current step and its neighbours), never sent before. */
  const sent = new Set<string>();
  const wrongCode = () => {
    const now = Date.now();
    const valid = new Set([-30_000, 0, 30_000].map((d) => sandbox.totp('demo-player', now + d)));
    let n = 0;
    while (valid.has(String(n).padStart(6, '0')) || sent.has(String(n).padStart(6, '0'))) n++;
    const code = String(n).padStart(6, '0');
    sent.add(code);
    return code;
  };

  it('2FA limits hold across instances; a right code from another address still signs in', async () => {
    const [a, b] = [instance(), instance()];
    const attacker = '203.0.113.9';
    // The default limit per address and account: 4 wrong codes a minute, whichever instance takes them.
    for (const handler of [a, b, a, b])
      expect((await login(handler, wrongCode(), attacker)).status).toBe(401);
    const refused = await login(b, wrongCode(), attacker);
    expect([refused.status, refused.json?.code, refused.json?.scope]).toEqual([
      429,
      'RATE_LIMITED',
      'twoFactor',
    ]);
    const player = await login(a, sandbox.totp('demo-player'), '198.51.100.20');
    expect(player.status).toBe(200);
    expect(player.json?.sessionJwt).toEqual(expect.any(String));
    expect(shim.commands).toContain('EVALSHA');
  });

  it('after SCRIPT FLUSH the scripts are sent again (NOSCRIPT, then EVAL) and the limits go on', async () => {
    const direct = new Redis(server.url);
    try {
      await direct.script('FLUSH');
    } finally {
      direct.disconnect();
    }
    const before = shim.commands.length;
    const answer = await login(instance(), sandbox.totp('second-player'), '198.51.100.21', 'second-player');
    expect(answer.status).toBe(200);
    expect(shim.commands.slice(before)).toEqual(expect.arrayContaining(['EVALSHA', 'EVAL']));
  });

  it('stored JSON comes back as the same text (sessions)', async () => {
    const state = createRedisState({ redis: fromUpstash(upstash()), prefix: 'upstash' });
    const session = {
      sessionId: 'abc',
      playerToken: 'tok-1',
      nested: { amount: '1.50', count: 2, flag: true, none: null, digits: '007' },
    } as unknown as RealPlaySession;
    await state.sessions.put('s-1', session, 60_000);
    expect(await state.sessions.get('s-1')).toEqual(session);
    await state.sessions.delete('s-1');
    expect(await state.sessions.get('s-1')).toBeUndefined();
    expect(await state.health()).toMatchObject({ ok: true, store: 'redis' });
  });

  it('a client that parses replies, or no client at all, is refused at creation', () => {
    const parsing = new Upstash({ url: shim.url, token: shim.token, enableTelemetry: false });
    expect(() => fromUpstash(parsing)).toThrow(/automaticDeserialization: false/);
    expect(() => fromUpstash({} as never)).toThrow(TypeError);
  });
});
