/**
 * The game-economy journal in a real redis-server, shared by two clients as two instances of a studio's server would
 * share it: an intent journaled by one is recovered by the other; a player busy with one instance's unsettled pay is
 * refused by the other (`PLAYER_BUSY`, nothing sent) until that pay settles; leases keep two recoveries off one
 * intent; settled intents leave the set of unfinished ones, attention ones stay for a person. On one redis-server and
 * on a three-master Redis Cluster.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Cluster, Redis } from 'ioredis';
import {
  createPlyrGameClient,
  createRedisState,
  type GameIntentRecord,
  type PlyrGameClient,
  type ServerState,
} from '../../src/server/index.js';
import { type GameSandbox, startGameSandbox } from '../helpers/game-sandbox.js';
import { describeEachRedis, startRedis } from '../helpers/redis-cluster.js';
import { connectAnyRedis } from '../helpers/redis-connect.js';
import type { RedisServer } from '../helpers/redis-server.js';

describeEachRedis('game-economy journal in Redis', (kind) => {
  let server: RedisServer;
  let redis: Redis | Cluster;
  let state: ServerState;
  let g: GameSandbox;

  beforeAll(async () => {
    [server, g] = await Promise.all([startRedis(kind), startGameSandbox()]);
    redis = await connectAnyRedis(server.url);
    state = createRedisState({ redis, prefix: 'gamejournal' });
  });
  afterAll(async () => {
    redis?.disconnect();
    await Promise.all([server?.close(), g?.sb.close()]);
  });

  const instance = (settleWithinMs = 2_000): PlyrGameClient =>
    createPlyrGameClient({
      apiKey: g.sb.apiKey,
      secretKey: g.sb.secretKey,
      gameId: g.sb.gameId,
      apiBase: g.sb.url,
      state,
      now: g.clock.now,
      intents: { settleWithinMs, pollMs: 5, stuckAfterMs: 1_000, unseenAfterMs: 1_000, clockSkewMs: 0 },
      recovery: false,
    });

  it('keeps records, the unfinished set and leases in Redis', async () => {
    const journal = state.gameJournal;
    const record: GameIntentRecord = {
      intentId: 'redis-intent-1',
      kind: 'pay',
      path: '/api/game/pay',
      body: { roomId: '1' },
      lines: [{ plyrId: 'demo-player', token: 'plyr', amount: '1' }],
      state: 'queued',
      attempts: [],
      notes: [],
      createdAt: 1,
      updatedAt: 1,
    };
    await journal.save(record);
    expect(await journal.load('redis-intent-1')).toEqual(record);
    expect((await journal.unfinished()).map((r) => r.intentId)).toContain('redis-intent-1');
    await journal.save({ ...record, state: 'done', audited: true });
    expect((await journal.unfinished()).map((r) => r.intentId)).not.toContain('redis-intent-1');
    await journal.save({ ...record, state: 'attention' });
    expect((await journal.unfinished()).map((r) => r.intentId)).toContain('redis-intent-1');
    expect(await journal.lease?.('busy:demo-player', 'intent-a', 60_000)).toBe(true);
    expect(await journal.lease?.('busy:demo-player', 'intent-b', 60_000)).toBe(false);
    await journal.release?.('busy:demo-player', 'intent-b'); // not the owner: stays
    expect(await journal.lease?.('busy:demo-player', 'intent-b', 60_000)).toBe(false);
    await journal.release?.('busy:demo-player', 'intent-a');
    expect(await journal.lease?.('busy:demo-player', 'intent-b', 60_000)).toBe(true);
    await journal.release?.('busy:demo-player', 'intent-b');
  });

  it('refuses a player busy with another instance’s unsettled pay, and lets that instance’s recovery free them', async () => {
    const [a, b] = [instance(150), instance()];
    const jwt = await g.login('second-player');
    await g.approve('second-player', { gameId: g.sb.gameId, token: 'plyr', amount: 1000 });
    const { roomId } = await b.createRoom();
    await b.join({ roomId, sessionJwts: [jwt] });
    g.sb.game.faults.once({ kind: 'stuck', task: 'batchPayGameRoom' });
    const stuck = await a.pay({ roomId, payments: [{ sessionJwt: jwt, token: 'plyr', amount: '1' }] });
    expect(stuck.status).toBe('pending');
    const tasks = g.sb.game.tasks().length;
    await expect(
      b.pay({ roomId, payments: [{ sessionJwt: jwt, token: 'plyr', amount: '2' }] }),
    ).rejects.toMatchObject({
      code: 'PLAYER_BUSY',
      outcome: 'refused',
    });
    expect(g.sb.game.tasks()).toHaveLength(tasks);
    g.clock.advance(2_000); // past stuckAfterMs: the instance that did not send it settles it (a person decides)
    expect(await b.recover()).toMatchObject({ attention: 1 });
    expect((await b.intent(stuck.intentId))?.status).toBe('attention');
    expect(
      await b.pay({ roomId, payments: [{ sessionJwt: jwt, token: 'plyr', amount: '2' }] }),
    ).toMatchObject({
      status: 'done',
    });
  });
});
