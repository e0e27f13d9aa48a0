/**
 * Redis killed mid-round: MG+ rounds with their journal in a real redis-server that is SIGKILLed while rounds are in
 * flight and restarted from its append-only file after longer than a round's deadline. Once the client's recovery
 * loop has run, no round is open at the wallet, none whose money moved was told as failed, and what the game was
 * told (the answer, then the `recovered` event) equals the ledger, round by round.
 */
import { expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { startSandbox } from '../../src/sandbox/index.js';
import { createMgPlusClient, createRedisState } from '../../src/server/index.js';
import { runRedisOutage } from '../helpers/mgplus-redis-outage.mjs';
import { describeWithRedis } from '../helpers/redis-server.js';

describeWithRedis('MG+ rounds across a Redis outage', () => {
  it('leaves nothing open at the wallet and tells the game what the ledger says', async () => {
    const report = await runRedisOutage(
      { createMgPlusClient, createRedisState, startSandbox, Redis },
      { runs: 2, rounds: 600 },
    );
    if ('skipped' in report) throw new Error(report.skipped);
    const { openAtWalletAfterLoop, openInJournalAfterLoop, reportedFailedButMoved, pendingAtEnd } = report;
    const { believedVsLedger, doubles, outcomes } = report;
    expect({
      openAtWalletAfterLoop,
      openInJournalAfterLoop,
      reportedFailedButMoved,
      pendingAtEnd,
      believedVsLedger,
      doubles,
      outcomes,
    }).toEqual({
      openAtWalletAfterLoop: 0,
      openInJournalAfterLoop: 0,
      reportedFailedButMoved: 0,
      pendingAtEnd: 0,
      believedVsLedger: 0,
      doubles: 0,
      outcomes, // shown when the others fail
    });
    // The outage really hit play: rounds were refused while Redis was down, and rounds settled after it.
    for (const run of outcomes) {
      expect(run['rejected:StateUnavailableError']).toBeGreaterThan(50);
      expect(run.settled).toBeGreaterThan(300);
    }
  }, 120_000);
});
