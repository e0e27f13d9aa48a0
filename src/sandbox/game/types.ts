/** Public types of the sandbox's game economy (`startSandbox({ game })`, `sandbox.game`). */
import type { ChainMove } from './chain.js';
import type { GameFaultOnce, GameFaultPlan, GameFaultStats } from './faults.js';
import type { GameTaskName } from './task-names.js';

/** An amount in human units: a decimal string (`"12.5"`) or a number, read as `parseUnits(String(a), 18)`. */
export type GameAmount = string | number;

/** Options of the game economy (`startSandbox({ game: { … } })`). Defaults follow the platform where it has one. */
export interface SandboxGameOptions {
  /** How long one transaction takes to be mined, in ms. Default 25 (the platform: about 4 s). */
  chainDelayMs?: number;
  /**
   * Backoff unit between the agent's attempts (it waits 1, 2, then 3 units), in ms. Default: `chainDelayMs` (the
   * platform: 1 s).
   */
  retryBackoffMs?: number;
  /** How many times a sync call looks at its task before answering 504. Default 50, as the platform. */
  syncPolls?: number;
  /** Pause after each of those looks, in ms. Default 500, as the platform. */
  syncIntervalMs?: number;
  /** How many times a sync `join` then checks that every player is joined. Default 50, as the platform. */
  joinPolls?: number;
  /** Pause between those checks, in ms. Default 1000, as the platform. */
  joinIntervalMs?: number;
  /** What each seeded player (`demo-player`, `second-player`) holds at start, per token. Default 1000 plyr, 1000 gamr. */
  seedBalances?: Partial<Record<string, GameAmount>>;
  /** What a guest registered during the run holds when first seen, per token. Default nothing (an empty wallet). */
  guestBalances?: Partial<Record<string, GameAmount>>;
  /** The earn fee in percent (GameRuleV1 `platformFee`), an integer from 0 to 100. Default 2. */
  feePercent?: number;
}

/** A room in {@link GameLedgerSnapshot}. */
export interface GameRoomSnapshot {
  gameId: string;
  /** Decimal string, as the platform answers it. */
  roomId: string;
  roomAddress: string;
  /** Per token, human units. */
  balances: Record<string, string>;
  /** Joined players (the game's own id always counts as joined without being listed). */
  joined: string[];
  ended: boolean;
  /** The room's deadline (only `close` would read it), ISO 8601. */
  deadline: string;
}

/** A mined transaction in {@link GameLedgerSnapshot}. */
export interface GameTransactionSnapshot {
  hash: string;
  /** The task that sent it. */
  taskId: string;
  /** The contract function (`create`, `batchPay`, `earnLeaveEnd`, `mintGameChips`, …). */
  method: string;
  gameId: string;
  roomId: string | null;
  status: 'success' | 'reverted';
  /** Token moves; none when reverted. Accounts are named by PLYR[ID] (or game id), rooms `room:<gameId>/<roomId>`, the fee account `fees`. */
  moves: ChainMove[];
  /** Why it reverted (sandbox detail). */
  revertReason?: string;
  minedAt: string;
}

/** An allowance row in {@link GameLedgerSnapshot}. */
export interface GameAllowanceSnapshot {
  plyrId: string;
  gameId: string;
  token: string;
  /** The stored Number, as text (`String(n)`). */
  amount: string;
  /** Seconds (`null` if stored as null). */
  expiresIn: number | null;
  /** ISO 8601. */
  createdAt: string;
}

/** A chip in {@link GameLedgerSnapshot}. */
export interface GameChipSnapshot {
  gameId: string;
  chip: string;
  name: string;
  symbol: string;
  image: string;
  totalSupply: string;
  /** Per holder (PLYR[ID]), human units. */
  balances: Record<string, string>;
}

/** The books of the game economy (`sandbox.game.ledger()`, `GET /sandbox/game/ledger`). Amounts are exact decimal text. */
export interface GameLedgerSnapshot {
  /** Per account (PLYR[ID], or a game id for a game's own account), per token. */
  balances: Record<string, Record<string, string>>;
  /** What each account held when the sandbox first opened it. */
  initialBalances: Record<string, Record<string, string>>;
  rooms: GameRoomSnapshot[];
  /** The platform's fee account, per token. */
  fees: Record<string, string>;
  transactions: GameTransactionSnapshot[];
  allowances: GameAllowanceSnapshot[];
  chips: GameChipSnapshot[];
}

/** A task in `sandbox.game.tasks()`. */
export interface GameTaskSnapshot {
  id: string;
  name: GameTaskName;
  /** The params as queued. */
  params: unknown;
  /** `PENDING` until an outcome is stored (forever for a lost task). */
  status: 'PENDING' | 'SUCCESS' | 'FAILED';
  hash: string | null;
  errorMessage: string | null;
  /** The fault drawn for it, if any. */
  fault: GameFaultOnce['kind'] | null;
  /** Lost before the worker (a `stuck` fault). */
  lost: boolean;
  queuedAt: string;
  completedAt: string | null;
}

/** Fault injection of the game economy (see `faults.ts`). */
export interface SandboxGameFaults {
  /** A fault for the next matching task(s). Throws a RangeError for a bad one. */
  once(fault: GameFaultOnce): void;
  /** Random faults per task, seeded (replaces the previous plan). Throws a RangeError for a bad plan. */
  configure(plan: GameFaultPlan): void;
  /** Removes the plan and the queued faults (the counts stay). */
  clear(): void;
  /** Tasks seen, faults that took effect per kind, and the platform's own doubles. */
  stats(): GameFaultStats;
}

/** The game economy of a running sandbox (`sandbox.game`). */
export interface SandboxGameEconomy {
  /** The books: balances, rooms, fees, every transaction, allowance rows, chips. */
  ledger(): GameLedgerSnapshot;
  /** Every task queued so far, in order. */
  tasks(): GameTaskSnapshot[];
  /** Fault injection. */
  readonly faults: SandboxGameFaults;
  /** Resolves once the agent has nothing left to do (lost tasks excepted). */
  idle(): Promise<void>;
}
