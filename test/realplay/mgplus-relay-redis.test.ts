/**
 * Two MG+ relay instances on one Redis share their launch limit and their real-play sessions: a launch counted by
 * one instance is counted by the other, and a session opened through one is found by a round handler on the other.
 * On one redis-server and on a three-master Redis Cluster.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Cluster, Redis } from 'ioredis';
import type { MgPlusEmulator } from '../../src/sandbox/mgplus/emulator.js';
import { createMgPlusClient, createRedisState, createRelayHandler } from '../../src/server/index.js';
import { settled } from '../helpers/mgplus-wallet.js';
import { type Started, startFetchHandler, startMgPlus } from '../helpers/realplay-servers.js';
import { describeEachRedis, startRedis } from '../helpers/redis-cluster.js';
import { connectAnyRedis } from '../helpers/redis-connect.js';
import type { RedisServer } from '../helpers/redis-server.js';

const SECRET = 'relay-redis-secret';
const PROVIDER = 'plyr-studio';
const GAME = 'plyr-kit-demo';

describeEachRedis('MG+ relays sharing one Redis', (kind) => {
  let redisServer: RedisServer;
  let mg: Started & { emulator: MgPlusEmulator };
  const clients: (Redis | Cluster)[] = [];
  const servers: Started[] = [];

  /** One instance of the studio's server: its own Redis connection, MG+ client and relay. */
  async function instance() {
    const redis = await connectAnyRedis(redisServer.url);
    clients.push(redis);
    const state = createRedisState({ redis, prefix: 'relay-test' });
    const client = createMgPlusClient({ baseUrl: mg.url, sharedSecret: SECRET, provider: PROVIDER, state });
    const relay = await startFetchHandler(
      createRelayHandler({
        client,
        state,
        rateLimit: { perIp: false, authenticatePerIp: { tokens: 2, intervalMs: 60_000 } },
      }),
    );
    servers.push(relay);
    return { client, relay };
  }

  async function launch(relay: Started) {
    const launchToken = await mg.emulator.mintLaunchToken({ player: 'eur' });
    const res = await fetch(`${relay.url}/v1/authenticate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ launchToken, game: GAME, platform: 'desktop' }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  beforeAll(async () => {
    redisServer = await startRedis(kind);
    mg = await startMgPlus({ sharedSecret: SECRET });
    servers.push(mg);
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    for (const c of clients) c.disconnect();
    await redisServer?.close();
  });

  it('counts launches from one address across instances and finds sessions opened by another', async () => {
    const a = await instance();
    const b = await instance();
    const first = await launch(a.relay);
    const second = await launch(b.relay);
    expect([first.status, second.status]).toEqual([200, 200]);
    // The limit is 2 launches a minute per address, whichever instance answers: the third is refused.
    const third = await launch(a.relay);
    expect(third).toMatchObject({ status: 429, body: { code: 'RATE_LIMITED', scope: 'authenticate' } });

    // The round handler on instance B plays a round in the session instance A opened.
    const session = await b.client.session(first.body.sessionId as string);
    expect(session?.playerId).toBe(first.body.playerId);
    const round = settled(await b.client.playRound(session!, { bet: 1, payout: () => 2 }));
    expect(round.balance).toBe((first.body.balance as number) + 1);
  });
});
