/**
 * The Redis state against a real redis-server: its limits decide exactly as the in-memory ones (same random
 * sequences, same answers), instances racing on one account never get more than the limit, every key expires,
 * journal and sessions round-trip, and an unreachable or silent Redis gives the documented answers in bounded time.
 * On one redis-server and on a three-master Redis Cluster (each script's keys in one slot, calls one by one).
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { Cluster, Redis } from 'ioredis';
import { TokenBucketLimiter } from '../../src/server/http/rate-limit.js';
import {
  createMemoryState,
  createRedisState,
  type MgPlusRoundRecord,
  type RealPlaySession,
  type ServerState,
} from '../../src/server/index.js';
import { TwoFactorGuard, type TwoFactorOutcome } from '../../src/server/plyr/two-factor-limit.js';
import { prng } from '../helpers/prng.js';
import { describeEachRedis, startRedis } from '../helpers/redis-cluster.js';
import { connectAnyRedis, connectRedis } from '../helpers/redis-connect.js';
import { describeWithRedis, type RedisServer, startRedisServer } from '../helpers/redis-server.js';
import {
  ManualClock,
  readAnswer,
  recordingFetch,
  relayRequest,
  signRequest,
  testHandler,
} from '../helpers/server-harness.js';

const MINUTE = 60_000;
const limits = { maxKeys: 10_000 };

/** A refusal's code and status, or 'ok'. */
async function verdict(run: () => unknown): Promise<string> {
  try {
    await run();
    return 'ok';
  } catch (error) {
    const e = error as { code?: string; status?: number; retryAfterMs?: number; message?: string };
    return `${e.status} ${e.code} ${e.retryAfterMs} ${e.message}`;
  }
}

describeEachRedis('Redis state (real redis-server)', (redisKind) => {
  let server: RedisServer;
  const clients: (Redis | Cluster)[] = [];
  const connect = async () => {
    const redis = await connectAnyRedis(server.url);
    clients.push(redis);
    return redis;
  };
  /** Registers a test for one kind of Redis only. */
  const itOn = (only: typeof redisKind, name: string, fn: () => Promise<void>) => {
    if (redisKind === only) it(name, fn);
  };

  beforeAll(async () => {
    server = await startRedis(redisKind);
  }, 30_000);
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await server?.close();
  });

  it('token buckets answer exactly as the in-memory limiter, for any sequence', async () => {
    const rng = prng(7);
    const clock = new ManualClock();
    const bucket = { tokens: 5, intervalMs: 10_000, burst: 3 };
    const memory = new TokenBucketLimiter(bucket, clock.now, 100);
    // Three instances, each with its own client: a request may land on any of them.
    const redis = await Promise.all(
      [0, 1, 2].map(async () => createRedisState({ redis: await connect(), prefix: 'eq' })),
    );
    const limiters = redis.map((s) => s.rateLimiter('ip', bucket, { now: clock.now, ...limits }));
    for (let i = 0; i < 400; i++) {
      clock.advance(rng.int(3) === 0 ? rng.int(5000) : rng.int(300));
      const key = `198.51.100.${rng.int(3)}`;
      expect(await rng.pick(limiters).take(key)).toEqual(memory.take(key));
    }
  });

  it('2FA strikes answer exactly as the in-memory guard (begin and settle, any outcome)', async () => {
    const rng = prng(11);
    const clock = new ManualClock();
    const options = {
      perAccount: { tokens: 6, intervalMs: MINUTE },
      perIpAndAccount: { tokens: 3, intervalMs: MINUTE },
      perIp: { tokens: 1, intervalMs: 10 * MINUTE, burst: 3 },
      memoryMs: 15 * MINUTE,
      maxKeys: 10_000,
      now: clock.now,
    };
    const memory = new TwoFactorGuard(options);
    // Three instances, and one that takes its Redis for a Cluster (each script's keys in one slot, calls one by one).
    const redis = await Promise.all(
      [0, 1, 2].map(async () => createRedisState({ redis: await connect(), prefix: 'eq2fa' })),
    );
    redis.push(createRedisState({ redis: asCluster(await connect()), prefix: 'eq2fa' }));
    const guards = redis.map((s) => s.twoFactorLimiter('sign:relay', options));
    const outcomes: TwoFactorOutcome[] = ['wrongCode', 'wrongCode', 'wrongCode', 'notChecked', 'success'];
    const answers: string[] = [];
    for (let i = 0; i < 600; i++) {
      clock.advance(rng.int(4) === 0 ? rng.int(5 * MINUTE) : rng.int(4000));
      const ip = `203.0.113.${rng.int(4)}`;
      const account = rng.pick(['alice', 'carol', 'dave']);
      const guard = rng.pick(guards);
      let memoryTicket: ReturnType<TwoFactorGuard['begin']> | undefined;
      let redisTicket: Awaited<ReturnType<(typeof guard)['begin']>> | undefined;
      const m = await verdict(() => (memoryTicket = memory.begin(ip, account)));
      const r = await verdict(async () => (redisTicket = await guard.begin(ip, account)));
      expect(r).toBe(m);
      answers.push(m);
      if (memoryTicket && redisTicket) {
        const outcome = rng.pick(outcomes);
        memory.settle(memoryTicket, outcome);
        await rng.pick(guards).settle(redisTicket, outcome);
      }
    }
    // The sequence exercised every answer: taken, refused for the account, refused by the address's budget.
    expect(answers.filter((a) => a === 'ok').length).toBeGreaterThan(50);
    expect(answers.filter((a) => a.includes('for this PLYR[ID]')).length).toBeGreaterThan(40);
    expect(answers.filter((a) => a.includes('from this address')).length).toBeGreaterThan(50);
  });

  it('the endpoint answers a random request stream exactly as on memory, each 2FA request in one Redis call (three on a Cluster)', async () => {
    const rng = prng(23);
    const clock = new ManualClock();
    // The platform: right code, wrong code, or an answer that did not check the code.
    const replies = [
      () => new Response('{"ok":true}', { status: 200, headers: { 'content-type': 'application/json' } }),
      () => new Response('{"error":"Invalid 2fa token"}', { status: 401 }),
      () => new Response('{"error":"Invalid 2fa token"}', { status: 401 }),
      () => new Response('{"error":"2FA token already used"}', { status: 401 }),
    ];
    let reply = replies[0] as () => Response;
    const platform = recordingFetch(() => reply());
    const rateLimit = {
      now: clock.now,
      perIp: { tokens: 2, intervalMs: 20_000, burst: 3 },
      perPlyrId: { tokens: 6, intervalMs: MINUTE },
      perIpAndPlyrId: { tokens: 3, intervalMs: MINUTE },
      twoFactorPerIp: { tokens: 1, intervalMs: 5 * MINUTE, burst: 3 },
      guestRegisterPerIp: { tokens: 2, intervalMs: MINUTE },
    };
    const options = {
      mode: 'relay' as const,
      basePath: '/plyr/relay',
      fetch: platform.fetch,
      now: clock.now,
      rateLimit,
    };
    const memory = testHandler(options);
    // Three instances with their own clients; every Redis call of theirs is counted.
    let redisCalls = 0;
    const instances = await Promise.all(
      [0, 1, 2].map(async () => {
        const redis = await connect();
        const counted = {
          isCluster: redis.isCluster,
          evalsha: (...args: Parameters<Redis['evalsha']>) => {
            redisCalls++;
            return redis.evalsha(...args);
          },
          eval: (...args: Parameters<Redis['eval']>) => redis.eval(...args),
        };
        return testHandler({ ...options, state: createRedisState({ redis: counted, prefix: 'eqhandler' }) });
      }),
    );
    const requests: [string, string, unknown?][] = [
      ['POST', '/api/user/login', { plyrId: 'alice', otp: '123456' }],
      ['POST', '/api/user/login', '{"plyrId": broken'],
      ['POST', '/api/instantPlayPass/register', {}],
      ['GET', '/api/jwt/publicKey'],
    ];
    // Five clients' keys, written as sockets and proxies write them: IPv6 by its /64, IPv4-mapped as IPv4.
    const addresses = [
      '203.0.113.1',
      '::ffff:203.0.113.1',
      '203.0.113.2',
      '2001:db8:a:b::1',
      '2001:db8:a:b:ffff::2',
      '[2001:db8:a:b::3]:4431',
      '2001:db8:a:c::1',
      '2001:db8:a:c:1:2:3:4',
      '198.51.100.7',
    ];
    const seen = new Set<string>();
    for (let i = 0; i < 600; i++) {
      clock.advance(rng.int(5) === 0 ? rng.int(30_000) : rng.int(1000));
      const clientIp = rng.pick(addresses);
      const kind = rng.int(10) < 6 ? 0 : 1 + rng.int(3);
      const [method, path, body] = requests[kind] as [string, string, unknown?];
      const account = rng.pick(['alice', 'carol', 'dave']);
      const make = () => relayRequest(method, path, kind === 0 ? { plyrId: account, otp: '123456' } : body);
      reply = rng.pick(replies);
      const answers: string[] = [];
      const callsBefore = redisCalls;
      for (const handler of [memory, rng.pick(instances)]) {
        const answer = await readAnswer(await handler(make(), { clientIp }));
        const { code, scope, retryAfterMs, error } = answer.json ?? {};
        answers.push(`${answer.status} ${code} ${scope} ${retryAfterMs} ${error}`);
      }
      expect(answers[1]).toBe(answers[0]);
      seen.add(`${kind} ${answers[0]}`);
      const calls = redisCalls - callsBefore;
      // A 2FA login takes its per-IP token and its strike in one call (plus one to settle a refunded strike). On a
      // Cluster the token, the strike and the address's budget are one call each (keys of three slots), plus the
      // strike's and the budget's refunds.
      if (kind === 0) expect(calls).toBeLessThanOrEqual(redisKind === 'single' ? 2 : 5);
      if (kind === 0 && answers[0]?.startsWith('429') && redisKind === 'single') expect(calls).toBe(1);
    }
    // The stream met every kind of answer: logins through, refused per address (requests, 2FA codes across
    // accounts) and per PLYR[ID], bad bodies.
    for (const expected of [
      /^0 200/,
      /^0 401/,
      /^0 429 RATE_LIMITED ip/,
      /^0 429 RATE_LIMITED twoFactor .*for this PLYR\[ID\]/,
      /^0 429 RATE_LIMITED twoFactor .*from this address/,
      /^1 400/,
      /^1 429/,
    ])
      expect([...seen].some((s) => expected.test(s))).toBe(true);
  });

  it('one IPv6 /64 (or one IPv4 address, however written) is one 2FA budget, in Redis as in memory', async () => {
    const clock = new ManualClock();
    const platform = recordingFetch(() => new Response('{"error":"Invalid 2fa token"}', { status: 401 }));
    const options = {
      mode: 'relay' as const,
      basePath: '/plyr/relay',
      fetch: platform.fetch,
      now: clock.now,
      rateLimit: { now: clock.now, twoFactorPerIp: { tokens: 3, intervalMs: 60 * MINUTE } },
    };
    const redis = createRedisState({ redis: await connect(), prefix: 'slash64' });
    for (const handler of [testHandler(options), testHandler({ ...options, state: redis })]) {
      let account = 0;
      const login = async (clientIp: string) => {
        const request = relayRequest('POST', '/api/user/login', {
          plyrId: `player-${account++}`,
          otp: '123456',
        });
        return (await readAnswer(await handler(request, { clientIp }))).json;
      };
      // Three addresses of one /64, one wrong code each on a new account: the budget (3) is spent.
      for (const ip of ['2001:db8:7:7::1', '2001:db8:7:7:ffff::2', '[2001:db8:7:7::3]:443'])
        expect(await login(ip)).toEqual({ error: 'Invalid 2fa token' });
      expect(await login('2001:db8:7:7:1234:5678:9abc:def0')).toMatchObject({
        code: 'RATE_LIMITED',
        scope: 'twoFactor',
        retryAfterMs: 20 * MINUTE,
        error: expect.stringContaining('from this address'),
      });
      expect(await login('2001:db8:7:8::1')).toEqual({ error: 'Invalid 2fa token' }); // the next /64
      for (const ip of ['192.0.2.9', '::ffff:192.0.2.9', '::ffff:c000:209'])
        expect(await login(ip)).toEqual({ error: 'Invalid 2fa token' });
      expect((await login('192.0.2.9:5123')).scope).toBe('twoFactor');
    }
  });

  it('concurrent calls go in batches of up to 256 (one by one on a Cluster), in order; a failing call fails only itself; a flushed script cache is reloaded', async () => {
    const redis = await connect();
    let redisCalls = 0;
    const counted = {
      isCluster: redis.isCluster,
      evalsha: (...args: Parameters<Redis['evalsha']>) => {
        redisCalls++;
        return redis.evalsha(...args);
      },
      eval: (...args: Parameters<Redis['eval']>) => redis.eval(...args),
    };
    const clock = new ManualClock();
    const bucket = { tokens: 3, intervalMs: MINUTE };
    const memory = new TokenBucketLimiter(bucket, clock.now, 100);
    const limiter = createRedisState({ redis: counted, prefix: 'batch' }).rateLimiter('ip', bucket, {
      now: clock.now,
      ...limits,
    });
    await redis.lpush('batch:tb:ip:broken', 'not a bucket'); // WRONGTYPE for the script's GET
    for (const node of masters(redis)) await node.script('FLUSH');
    const keys = Array.from({ length: 200 }, (_, i) => (i === 50 ? 'broken' : `198.51.100.${i % 20}`));
    const decisions = await Promise.all(
      keys.map((key) =>
        Promise.resolve(limiter.take(key)).then(
          (t) => t.ok,
          (e: { code?: string }) => e.code,
        ),
      ),
    );
    // The same decisions as one process taking them in call order (3 of each address's 10), except the broken key.
    expect(decisions).toEqual(keys.map((key, i) => (i === 50 ? 'STATE_UNAVAILABLE' : memory.take(key).ok)));
    // All 200 in one batch: one EVALSHA (refused: the script cache was flushed), then its EVAL. On a Cluster, one
    // EVALSHA each (every node reloads the script).
    expect(redisCalls).toBe(redisKind === 'single' ? 1 : 200);
    // A batch holds at most 256 calls: 600 at once go in three, still in call order.
    clock.advance(MINUTE);
    const more = Array.from({ length: 600 }, (_, i) => `192.0.2.${i % 50}`);
    const later = await Promise.all(more.map((key) => limiter.take(key)));
    expect(later).toEqual(more.map((key) => memory.take(key)));
    expect(redisCalls).toBe(redisKind === 'single' ? 4 : 800);
  });

  it('instances racing on one account take exactly the limit between them', async () => {
    const states = await Promise.all(
      [0, 1, 2].map(async () => createRedisState({ redis: await connect(), prefix: 'race' })),
    );
    const options = {
      perAccount: { tokens: 10, intervalMs: MINUTE },
      perIpAndAccount: undefined,
      perIp: undefined,
      memoryMs: 15 * MINUTE,
      maxKeys: 10_000,
      now: Date.now,
    };
    const guards = states.map((s) => s.twoFactorLimiter('sign:relay', options));
    // 60 addresses at once, spread over the instances: the account cap (10) must hold exactly.
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) => verdict(() => guards[i % 3]!.begin(`192.0.2.${i}`, 'carol'))),
    );
    expect(results.filter((r) => r === 'ok')).toHaveLength(10);
    const buckets = states.map((s) =>
      s.rateLimiter('ip', { tokens: 20, intervalMs: MINUTE }, { now: Date.now, ...limits }),
    );
    const takes = await Promise.all(Array.from({ length: 90 }, (_, i) => buckets[i % 3]!.take('192.0.2.1')));
    expect(takes.filter((t) => t.ok)).toHaveLength(20);
  });

  it('gives every limit and session key a TTL; open rounds stay, finished ones expire', async () => {
    const redis = await connect();
    const state = createRedisState({ redis, prefix: 'ttl' });
    const clock = { now: Date.now, ...limits };
    await state.rateLimiter('ip', { tokens: 5, intervalMs: MINUTE }, clock).take('a');
    const guard = state.twoFactorLimiter('sign:relay', {
      perAccount: { tokens: 10, intervalMs: MINUTE },
      perIpAndAccount: { tokens: 4, intervalMs: MINUTE },
      perIp: { tokens: 30, intervalMs: 60 * MINUTE },
      memoryMs: 24 * 60 * MINUTE,
      maxKeys: 1,
      now: Date.now,
    });
    await guard.settle(await guard.begin('a', 'dave'), 'success');
    await guard.begin('b', 'dave');
    await state.sessions.put('s1', session(), 60_000);
    await state.journal.save(round('r-open', 'open'));
    await state.journal.save(round('r-done', 'settled'));
    const keys = (await Promise.all(masters(redis).map((node) => node.keys('ttl:*')))).flat();
    expect(keys.length).toBeGreaterThanOrEqual(7);
    const persistent: string[] = [];
    for (const key of keys) {
      const ttl = await redis.pttl(key);
      if (ttl === -1) persistent.push(key);
      else expect(ttl).toBeGreaterThan(0);
    }
    // Only what must not be forgotten: the open round and the set of open rounds.
    expect(persistent.sort()).toEqual(['ttl:{journal}:open', 'ttl:{journal}:round:r-open']);
  });

  it('journal and sessions round-trip; the journal lists only open rounds', async () => {
    const state = createRedisState({ redis: await connect(), prefix: 'store' });
    const other = createRedisState({ redis: await connect(), prefix: 'store' });
    const open = round('r1', 'open');
    await state.journal.save(open);
    await state.journal.save(round('r2', 'open'));
    expect(await other.journal.load('r1')).toEqual(open);
    await state.journal.save(round('r2', 'cancelled'));
    expect((await other.journal.unfinished()).map((r) => r.roundId)).toEqual(['r1']);
    expect((await other.journal.load('r2'))?.state).toBe('cancelled');
    expect(await other.journal.load('nope')).toBeUndefined();

    await state.sessions.put('sid', session(), 60_000);
    expect(await other.sessions.get('sid')).toEqual(session());
    await other.sessions.delete('sid');
    expect(await state.sessions.get('sid')).toBeUndefined();
    await state.sessions.put('short', session(), 30);
    await new Promise((r) => setTimeout(r, 80));
    expect(await other.sessions.get('short')).toBeUndefined();
    // Namespaces do not mix.
    expect(
      await createRedisState({ redis: await connect(), prefix: 'other' }).journal.load('r1'),
    ).toBeUndefined();
  });

  it('Redis stopped: 2FA refuses with 503, other limits refuse or allow as configured, all at once; then resumes', async () => {
    const redis = await connect();
    const closed = createRedisState({ redis, prefix: 'down' });
    const open = createRedisState({ redis, prefix: 'down', whenUnavailable: 'allow' });
    const ctx = { now: Date.now, ...limits };
    const guard = closed.twoFactorLimiter('sign:relay', {
      perAccount: undefined,
      perIpAndAccount: { tokens: 4, intervalMs: MINUTE },
      perIp: undefined,
      memoryMs: MINUTE,
      maxKeys: 10,
      now: Date.now,
    });
    expect(await verdict(() => guard.begin('a', 'erin'))).toBe('ok');
    await server.stop();
    try {
      const started = Date.now();
      expect(await verdict(() => guard.begin('a', 'erin'))).toMatch(/^503 STATE_UNAVAILABLE 5000 /);
      expect(
        await verdict(() => closed.rateLimiter('ip', { tokens: 1, intervalMs: 1 }, ctx).take('a')),
      ).toMatch(/^503 STATE_UNAVAILABLE 5000 /);
      expect(await open.rateLimiter('ip', { tokens: 1, intervalMs: MINUTE }, ctx).take('a')).toEqual({
        ok: true,
      });
      await expect(closed.journal.save(round('r', 'open'))).rejects.toThrow(/Redis/);
      await expect(closed.sessions.get('x')).rejects.toThrow(/Redis/);
      expect(await closed.health()).toEqual({ ok: false, store: 'redis', error: expect.any(String) });
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      await server.start();
    }
    await waitFor(async () => (await closed.health()).ok);
    expect(await verdict(() => guard.begin('a', 'erin'))).toBe('ok');
  });

  itOn(
    'cluster',
    'refuses what a Cluster cannot do: journalReplicas (WAIT), and a Cluster client not flagged isCluster',
    async () => {
      const cluster = await connect();
      expect(cluster.isCluster).toBe(true);
      expect(() => createRedisState({ redis: cluster, journalReplicas: 1 })).toThrow(/not a Cluster/);
      // A wrapper that hides isCluster: calls would span slots. Health says why, and so does each refused call.
      const hidden = createRedisState({
        redis: {
          evalsha: (...args: Parameters<Redis['evalsha']>) => cluster.evalsha(...args),
          eval: (...args: Parameters<Redis['eval']>) => cluster.eval(...args),
        },
        prefix: 'hidden',
      });
      const why = /span Redis Cluster slots.*isCluster: true/;
      expect(await hidden.health()).toEqual({ ok: false, store: 'redis', error: expect.stringMatching(why) });
      const sessions = await Promise.allSettled(
        ['s1', 's2', 's3', 's4'].map((id) => hidden.sessions.get(id)),
      );
      expect(sessions.map((s) => (s.status === 'rejected' ? String(s.reason.message) : 'answered'))).toEqual(
        Array(4).fill(expect.stringMatching(why)),
      );
      // Flagged, the same client works.
      const flagged = createRedisState({ redis: cluster, prefix: 'hidden' });
      expect(await flagged.health()).toMatchObject({ ok: true });
      expect(await Promise.all(['s1', 's2', 's3', 's4'].map((id) => flagged.sessions.get(id)))).toEqual(
        Array(4).fill(undefined),
      );
    },
  );

  itOn(
    'single',
    'a Redis that never answers: each call gives up after timeoutMs (nothing hangs)',
    async () => {
      const sockets: Socket[] = [];
      const silent: Server = createServer((s) => sockets.push(s));
      await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
      const { port } = silent.address() as { port: number };
      // The default ioredis client: it queues commands while it waits for a ready connection.
      const redis = new Redis({ port, host: '127.0.0.1', lazyConnect: true, enableReadyCheck: false });
      redis.on('error', () => {});
      redis.connect().catch(() => {});
      try {
        const state = createRedisState({ redis, timeoutMs: 150 });
        const started = Date.now();
        const guard = state.twoFactorLimiter('sign:relay', {
          perAccount: undefined,
          perIpAndAccount: undefined,
          perIp: undefined,
          memoryMs: MINUTE,
          maxKeys: 10,
          now: Date.now,
        });
        expect(await verdict(() => guard.begin('a', 'frank'))).toMatch(/^503 STATE_UNAVAILABLE 5000 /);
        expect((await state.health()).ok).toBe(false);
        expect(Date.now() - started).toBeLessThan(1000);
      } finally {
        redis.disconnect();
        for (const s of sockets) s.destroy();
        silent.close();
      }
    },
  );

  itOn('single', 'the memory state is the same interface, for one process', async () => {
    const state: ServerState = createMemoryState();
    expect(await state.health()).toEqual({ ok: true, store: 'memory' });
    await state.journal.save(round('m1', 'open'));
    expect((await state.journal.unfinished()).map((r) => r.roundId)).toEqual(['m1']);
  });
});

/** The masters of a Cluster, or the one Redis: where a command about every key (KEYS, SCRIPT) must go. */
function masters(redis: Redis | Cluster): Redis[] {
  return redis instanceof Cluster ? redis.nodes('master') : [redis];
}

/**
 * `redis` as a Cluster client would be used: flagged `isCluster`, and refusing (as a Cluster does) a script whose
 * keys do not all share one hash slot (here: one hash tag, or one key without a tag).
 */
function asCluster(redis: Redis | Cluster) {
  const slotOf = (key: string) => /\{([^}]+)\}/.exec(key)?.[1] ?? key;
  const check = (numKeys: number, args: (string | number)[]) => {
    const slots = new Set(args.slice(0, numKeys).map((k) => slotOf(String(k))));
    if (slots.size > 1) throw new Error("CROSSSLOT Keys in request don't hash to the same slot");
  };
  return {
    isCluster: true,
    evalsha: async (sha: string, numKeys: number, ...args: (string | number)[]) => {
      check(numKeys, args);
      return redis.evalsha(sha, numKeys, ...args);
    },
    eval: async (script: string, numKeys: number, ...args: (string | number)[]) => {
      check(numKeys, args);
      return redis.eval(script, numKeys, ...args);
    },
  };
}

async function waitFor(check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

function session(): RealPlaySession {
  return {
    playerId: 'p1',
    playerToken: 'tok',
    game: 'g',
    provider: 'plyrkit',
    brand: 'b',
    currency: 'eur',
    currencyTruncation: 2,
    createdAt: 1,
  } as RealPlaySession;
}

function round(roundId: string, state: MgPlusRoundRecord['state']): MgPlusRoundRecord {
  return {
    roundId,
    session: { playerId: 'p1', playerToken: 'tok', game: 'g' } as MgPlusRoundRecord['session'],
    state,
    bet: 1,
    steps: [{ kind: 'debit', transactionId: `${roundId}-d`, amount: 1, roundFinished: false, state: 'done' }],
    startedAt: 1,
    updatedAt: 2,
  };
}

it('createRedisState refuses bad options at creation', () => {
  const redis = { evalsha: async () => [1, 0], eval: async () => [1, 0] };
  expect(() => createRedisState({ redis: {} as never })).toThrow(TypeError);
  expect(() => createRedisState({ redis, prefix: 'a{b}' })).toThrow(/prefix/);
  expect(() => createRedisState({ redis, timeoutMs: 0 })).toThrow(/timeoutMs/);
  expect(() => createRedisState({ redis, whenUnavailable: 'maybe' as never })).toThrow(/whenUnavailable/);
  expect(createRedisState({ redis, prefix: 'mygame' }).store).toBe('redis');
  expect(() => testHandler({ state: {} as never })).toThrow(/state/);
  expect(() => testHandler({ state: createRedisState({ redis }) })).not.toThrow();
});

describeWithRedis('the signing endpoint on a Redis that is down (refuse, the default)', () => {
  it('answers 503 STATE_UNAVAILABLE as JSON with Retry-After, on every route, at once', async () => {
    const server = await startRedisServer();
    const redis = await connectRedis(server.url);
    await server.close();
    try {
      const handler = testHandler({
        state: createRedisState({ redis, prefix: 'down' }),
        rateLimit: {},
      });
      const started = Date.now();
      for (const envelope of [
        { method: 'POST', path: '/api/user/login', body: { plyrId: 'demo-player', otp: '123456' } },
        { method: 'GET', path: '/api/jwt/publicKey' },
      ]) {
        const answer = await readAnswer(await handler(signRequest(envelope), { clientIp: '192.0.2.1' }));
        expect(answer.status).toBe(503);
        expect(answer.headers.get('retry-after')).toBe('5');
        expect(answer.json).toEqual({
          error: expect.any(String),
          code: 'STATE_UNAVAILABLE',
          retryAfterMs: 5000,
        });
      }
      expect(Date.now() - started).toBeLessThan(1000);
    } finally {
      redis.disconnect();
    }
  });
});
