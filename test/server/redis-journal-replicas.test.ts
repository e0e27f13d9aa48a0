/**
 * The MG+ journal on a Redis with a replica (`journalReplicas`): a journal write resolves only once the replica has
 * it, so a failover cannot lose the record of a debit that was sent; with the replica gone a write fails within
 * `journalWaitMs` and a round whose first write fails sends no debit. Real redis-servers: a primary and its replica.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Redis } from 'ioredis';
import type { Sandbox } from '../../src/sandbox/index.js';
import { createRedisState, StateUnavailableError } from '../../src/server/index.js';
import { clientFor, sessionFor, startMgSandbox } from '../helpers/mgplus-wallet.js';
import { connectRedis } from '../helpers/redis-connect.js';
import { describeWithRedis, type RedisServer, startRedisServer } from '../helpers/redis-server.js';

describeWithRedis('MG+ journal with journalReplicas (a primary and a replica)', () => {
  let primary: RedisServer;
  let replica: RedisServer;
  let sandbox: Sandbox;
  const clients: Redis[] = [];
  const connect = async (url: string) => {
    const client = await connectRedis(url);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    [primary, sandbox] = await Promise.all([startRedisServer(), startMgSandbox()]);
    replica = await startRedisServer({ replicaOf: primary.port });
    // Until the replica has synced, WAIT would count none.
    const admin = await connect(primary.url);
    for (let i = 0; i < 200 && !/slave0:.*state=online/.test(await admin.info('replication')); i++)
      await new Promise((resolve) => setTimeout(resolve, 50));
  }, 30_000);
  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await replica?.close(); // before its primary, which would otherwise wait for it to catch up
    await Promise.all([primary?.close(), sandbox?.close()]);
  });

  it('with the replica up, rounds play and each journal write is on the replica when it resolves', async () => {
    const state = createRedisState({
      redis: await connect(primary.url),
      journalRedis: await connect(primary.url),
      prefix: 'replicated',
      journalReplicas: 1,
    });
    const mg = clientFor(sandbox, { state });
    const session = await sessionFor(sandbox, mg);
    const round = await mg.playRound(session, { bet: 1, payout: () => 0.5 });
    const onReplica = await connect(replica.url);
    const text = await onReplica.get(`replicated:{journal}:round:${round.roundId}`);
    expect(JSON.parse(text ?? 'null')).toMatchObject({ roundId: round.roundId, state: 'settled' });
  });

  it('with the replica gone, the first write fails in journalWaitMs and no money moves', async () => {
    const state = createRedisState({
      redis: await connect(primary.url),
      journalRedis: await connect(primary.url),
      prefix: 'replicated',
      journalReplicas: 1,
      journalWaitMs: 300,
    });
    const mg = clientFor(sandbox, { state });
    const session = await sessionFor(sandbox, mg);
    const before = sandbox.mgplus.ledger().entries.length;
    await replica.stop();
    try {
      const started = Date.now();
      const failure = await mg.playRound(session, { bet: 1, payout: () => 0.5 }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(StateUnavailableError);
      expect((failure as Error).message).toBe('The journal write reached 0 of 1 replicas within 300 ms.');
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(sandbox.mgplus.ledger().entries.length).toBe(before);
      // The limits share no connection with the journal's WAIT: they answer at once.
      const limiter = state.rateLimiter(
        'ip',
        { tokens: 5, intervalMs: 60_000 },
        { now: Date.now, maxKeys: 10 },
      );
      expect(await limiter.take('192.0.2.1')).toEqual({ ok: true });
    } finally {
      await replica.start();
    }
  });

  it('refuses journalReplicas without a client that can WAIT, and bad values', async () => {
    const redis = { evalsha: async () => [1, 0], eval: async () => [1, 0] };
    expect(() => createRedisState({ redis, journalReplicas: 1 })).toThrow(/journalReplicas.*wait/);
    expect(() => createRedisState({ redis, journalReplicas: -1 })).toThrow(/journalReplicas/);
    expect(() => createRedisState({ redis, journalReplicas: 1, journalWaitMs: 0 })).toThrow(/journalWaitMs/);
    expect(() =>
      createRedisState({ redis: { ...redis, wait: async () => 1, isCluster: true }, journalReplicas: 1 }),
    ).toThrow(/Cluster/);
    expect(() => createRedisState({ redis, journalRedis: {} as never })).toThrow(/journalRedis/);
  });
});
