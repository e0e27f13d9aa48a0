// Types of test/helpers/game-soak.mjs (plain JavaScript, so that bench/game-economy.mjs can run it unbuilt).
import type { Sandbox, SandboxOptions } from '../../src/sandbox/index.js';
import type { createMemoryGameJournal, createPlyrGameClient } from '../../src/server/index.js';

/** The modules under test (src/ in jest, dist/ in the bench). */
export interface GameSoakLib {
  createPlyrGameClient: typeof createPlyrGameClient;
  createMemoryGameJournal: typeof createMemoryGameJournal;
  startSandbox: (options?: SandboxOptions) => Promise<Sandbox>;
}

/** What the soak found. */
export interface GameSoakReport {
  matches: number;
  /** Rooms of the game on the sandbox's chain. */
  rooms: number;
  /** Intents of which more than one of the client's own sends moved tokens. Must be 0. */
  doubles: number;
  /** Rooms that still hold tokens: paid in ≠ earned + fees + remainder. Must be 0. */
  lost: number;
  /** Rooms not ended plus intents still unsettled, once recovery ran. Must be 0. */
  openAfterRecovery: number;
  /** Intents a person must decide (tasks stuck PENDING before anything was mined). */
  needsAttention: number;
  /** Extra transactions the sandbox's worker mined by re-sending (its own double). */
  platformDoublesInjected: number;
  /** Extra transactions the client found and recorded. Must equal the injected ones. */
  platformDoublesDetected: number;
  /** Task faults that took effect, per kind. */
  faultsByKind: Record<string, number>;
  faulted: number;
  tasks: number;
  taskFaultShare: number;
  /** Faulted token-moving calls (task faults, lost answers, process deaths) over all of them. */
  faultShare: number;
  intentStates: Record<string, number>;
  outcomes: Record<string, number>;
  counts: { calls: number; moneyCalls: number; lostAnswers: number; crashes: number };
  ms: number;
}

export declare const GAME_SOAK_TASK_FAULTS: Record<string, number>;
export declare function runGameSoak(
  lib: GameSoakLib,
  options?: { matches?: number; concurrency?: number; seed?: number },
): Promise<GameSoakReport>;
