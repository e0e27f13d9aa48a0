/**
 * The MG+ journal in Redis across a real crash: a child process plays a round with its journal in a real
 * redis-server and is killed with SIGKILL between debit and credit (three places); once its round lease has run
 * out, a new client (this process, a fresh Redis connection) runs `recover()` and the sandbox wallet's ledger agrees
 * with what the journal says. Two processes recovering at once settle a round once, under its lease in Redis. On one
 * redis-server and on a three-master Redis Cluster.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Cluster, Redis } from 'ioredis';
import type { Sandbox } from '../../src/sandbox/index.js';
import { createRedisState, type ServerState } from '../../src/server/index.js';
import { clientFor, MG_GAME, MG_PROVIDER, MG_SECRET, startMgSandbox } from '../helpers/mgplus-wallet.js';
import { startChild } from '../helpers/redis-children.js';
import { describeEachRedis, startRedis } from '../helpers/redis-cluster.js';
import { connectAnyRedis } from '../helpers/redis-connect.js';
import type { RedisServer } from '../helpers/redis-server.js';

describeEachRedis('MG+ journal in Redis: a process killed mid-round', (kind) => {
  let server: RedisServer;
  let sandbox: Sandbox;
  let redis: Redis | Cluster;
  let state: ServerState;
  const PREFIX = 'crashgame';

  beforeAll(async () => {
    [server, sandbox] = await Promise.all([startRedis(kind), startMgSandbox()]);
    redis = await connectAnyRedis(server.url);
    state = createRedisState({ redis, prefix: PREFIX });
  });
  afterAll(async () => {
    redis?.disconnect();
    await Promise.all([server?.close(), sandbox?.close()]);
  });

  const movesOf = (roundId: string) =>
    sandbox.mgplus
      .ledger()
      .entries.filter((e) => e.roundId === roundId)
      .map((e) => `${e.kind} ${e.amount}`);

  /** Runs the child until it prints `marker`, then SIGKILLs it; returns the round id and the player's id. */
  async function crashAt(crash: string, marker: string, player: string) {
    const launchToken = await sandbox.mgplus.mintLaunchToken({ player });
    const child = startChild('rounds', {
      REDIS_URL: server.url,
      PREFIX,
      MG_URL: sandbox.url,
      MG_SECRET,
      MG_PROVIDER,
      MG_GAME,
      LAUNCH_TOKEN: launchToken,
      BET: '2',
      CRASH: crash,
    });
    const roundId = (await child.line(marker)).split(' ')[1]!;
    await child.kill('SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 300)); // the dead process's round lease runs out
    const record = await state.journal.load(roundId);
    return { roundId, playerId: record!.session.playerId };
  }

  it('debit done, payout never decided: recover() rolls the bet back', async () => {
    const { roundId, playerId } = await crashAt('payout', 'debited', 'test');
    const before = sandbox.mgplus.ledger().balances[playerId]!;
    expect(movesOf(roundId)).toEqual(['debit 2']);
    expect(sandbox.mgplus.ledger().openRounds).toContain(roundId);

    const report = await clientFor(sandbox, { journal: state.journal }).recover();
    expect(report).toMatchObject({ examined: 1, cancelled: 1, failed: 0, stillOpen: [] });
    expect(movesOf(roundId)).toEqual(['debit 2', 'rollback 2']);
    expect(sandbox.mgplus.ledger().balances[playerId]).toBe(before + 2);
    expect(sandbox.mgplus.ledger().openRounds).not.toContain(roundId);
    expect((await state.journal.load(roundId))?.state).toBe('cancelled');
  }, 30_000);

  it('credit journaled, never sent: recover() sends it with the journaled id', async () => {
    const { roundId } = await crashAt('credit-unsent', 'credit-journaled', 'eur');
    expect(movesOf(roundId)).toEqual(['debit 2']);
    const pending = (await state.journal.load(roundId))!.steps.find((s) => s.kind === 'credit')!;
    expect(pending).toMatchObject({ state: 'pending', amount: 6 });

    const report = await clientFor(sandbox, { journal: state.journal }).recover();
    expect(report).toMatchObject({ examined: 1, settled: 1, stillOpen: [] });
    expect(movesOf(roundId)).toEqual(['debit 2', 'credit 6']);
    const credit = sandbox.mgplus.ledger().entries.find((e) => e.roundId === roundId && e.kind === 'credit');
    expect(credit?.transactionId).toBe(pending.transactionId);
  }, 30_000);

  it('two clients recovering at once settle a round once and never mark it failed (lease in Redis)', async () => {
    const { roundId } = await crashAt('payout', 'debited', 'test');
    const [a, b] = [
      clientFor(sandbox, { journal: state.journal }),
      clientFor(sandbox, { journal: state.journal }),
    ];
    const reports = await Promise.all([a.recover({ undecided: 'close' }), b.recover({ undecided: 'close' })]);
    expect(reports.map((r) => r.failed)).toEqual([0, 0]);
    expect(reports[0]!.settled + reports[1]!.settled).toBe(1);
    expect(movesOf(roundId)).toEqual(['debit 2', 'credit 0']);
    expect(await a.round(roundId)).toMatchObject({ status: 'settled', win: 0 });
  }, 30_000);

  it('credit applied, answer lost: recover() repeats it and the money moves once', async () => {
    const { roundId } = await crashAt('credit-lost', 'credit-sent', 'coins');
    expect(movesOf(roundId)).toEqual(['debit 2', 'credit 6']);
    const report = await clientFor(sandbox, { journal: state.journal }).recover();
    expect(report).toMatchObject({ examined: 1, settled: 1, stillOpen: [] });
    expect(movesOf(roundId)).toEqual(['debit 2', 'credit 6']);
    expect(await state.journal.unfinished()).toEqual([]);
  }, 30_000);
});
