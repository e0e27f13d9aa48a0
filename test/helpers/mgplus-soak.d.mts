// Types of test/helpers/mgplus-soak.mjs (plain JavaScript, so that bench/mgplus-rounds.mjs can run it unbuilt).
import type { Sandbox, SandboxOptions } from '../../src/sandbox/index.js';
import type { createMemoryJournal, createMgPlusClient, MgPlusRecoverReport } from '../../src/server/index.js';

/** The modules under test (src/ in jest, dist/ in the bench). */
export interface SoakLib {
  createMgPlusClient: typeof createMgPlusClient;
  createMemoryJournal: typeof createMemoryJournal;
  startSandbox: (options?: SandboxOptions) => Promise<Sandbox>;
}

/** Options of {@link runSoak}. */
export interface SoakOptions {
  /** Rounds to play. Default 10 000. */
  rounds?: number;
  /** Rounds in flight at once. Default 16. */
  concurrency?: number;
  /** Seed of the wallet's faults and of the payouts. Default 13. */
  seed?: number;
  /**
   * Attempts per call. Default 3: few enough that, at these fault rates, some debits stay unknown (and are rolled
   * back) and some credits stay unknown (and are left to recover()).
   */
  attempts?: number;
  /** The client's timeout per attempt. Default 150 ms. */
  timeoutMs?: number;
  /** The client's `rounds.settleWithinMs`: how long playRound settles before it answers pending. Default 2 000. */
  settleWithinMs?: number;
}

/** What the soak found. */
export interface SoakReport {
  rounds: number;
  /** Wallet calls the sandbox saw. */
  calls: number;
  faults: { calls: number; injected: Record<string, number> };
  /** Share of wallet calls with an injected fault. */
  faultShare: number;
  /** Rounds (and players) where the ledger and the journal disagree. */
  mismatches: number;
  roundMismatches: number;
  playerMismatches: number;
  /** Transaction ids that moved money more than once. */
  doubles: number;
  /** Rounds open in the ledger plus rounds open or failed in the journal. */
  openRounds: number;
  journalStates: Record<string, number>;
  ledgerEntries: number;
  players: Record<string, { journalNet: number; walletNet: number }>;
  restarts: number;
  /** Rounds the crashed clients left open. */
  openAfterCrashes: number;
  recovered: MgPlusRecoverReport;
  finalRecovery: MgPlusRecoverReport;
  /** How rounds ended: `settled`, `pending:<code>`, `failed:<code>` or `rejected:<code>` (the error playRound threw). */
  outcomes: Record<string, number>;
  /** Rounds playRound rejected (told: no money moved) for which the ledger shows money moved. Must be 0. */
  reportedFailedButMoved: number;
  /** Rounds playRound answered `pending`. */
  answeredPending: number;
  /** Rounds answered `pending` whose end no `recovered` event told once the loop had run. */
  pendingAtEnd: number;
  /** Rounds whose final belief (answer, then `recovered`) differs from the ledger, and by how much in all. */
  believedVsLedger: number;
  believedVsLedgerAmount: number;
  ms: number;
}

export declare const SOAK_FAULT_RATES: Record<string, number>;
export declare function runSoak(lib: SoakLib, options?: SoakOptions): Promise<SoakReport>;
