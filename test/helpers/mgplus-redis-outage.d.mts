// Types of test/helpers/mgplus-redis-outage.mjs (plain JavaScript, so that bench/mgplus-rounds.mjs can run it unbuilt).
import type { Redis } from 'ioredis';
import type { Sandbox, SandboxOptions } from '../../src/sandbox/index.js';
import type { createMgPlusClient, createRedisState } from '../../src/server/index.js';

/** The modules under test (src/ in jest, dist/ in the bench) and ioredis. */
export interface OutageLib {
  createMgPlusClient: typeof createMgPlusClient;
  createRedisState: typeof createRedisState;
  startSandbox: (options?: SandboxOptions) => Promise<Sandbox>;
  Redis: typeof Redis;
}

/** What the runs found; every count but `answeredPending` must be 0. */
export interface OutageReport {
  runs: number;
  roundsPerRun: number;
  /** Rounds open at the wallet when play stopped, per run (the loop was already running). */
  openAtWalletWhenPlayStopped: number[];
  /** Rounds open at the wallet once the recovery loop has run. */
  openAtWalletAfterLoop: number;
  openInJournalAfterLoop: number;
  /** Rounds playRound rejected although the ledger shows money moved for them. */
  reportedFailedButMoved: number;
  /** Rounds answered `pending` (the outage outlasted their deadline). */
  answeredPending: number;
  /** Pending rounds whose end no `recovered` event told. */
  pendingAtEnd: number;
  believedVsLedger: number;
  believedVsLedgerAmount: number;
  doubles: number;
  outcomes: Record<string, number>[];
  loopMs: number[];
}

export declare const REDIS_SERVER: string;
export declare function runRedisOutage(
  lib: OutageLib,
  options?: { runs?: number; rounds?: number; downMs?: number },
): Promise<OutageReport | { skipped: string }>;
