/**
 * The sandbox's game economy, put together: the chain and its books, the task queue, the agent, fault injection, and
 * what the routes and tests read (docs/platform/plyr-game.md). Accounts are mirror wallets: a player's is found by
 * PLYR[ID] and opened on first use (seeded players at start with `seedBalances`, anyone else the first time they
 * are touched, guests with `guestBalances`); a name without a wallet (a game's own id, an unknown PLYR[ID]) gets a
 * stable stand-in address. A claimed guest keeps its mirror, so its books follow it to the new PLYR[ID].
 */
import type { SandboxState, UserRecord } from '../plyr/state.js';
import { Agent } from './agent.js';
import { type Account, Chain, nameAddress } from './chain.js';
import type { ChipState, ChipWorld } from './chips.js';
import { type ContractWorld, isJoined } from './contract.js';
import { GameFaults } from './faults.js';
import { sleep } from './sleep.js';
import { snapshotLedger, snapshotTasks } from './snapshot.js';
import type { GameTaskName } from './task-names.js';
import {
  type QueuedTask,
  type TaskStatusAnswer,
  TaskStore,
  TIMEOUT_MESSAGE,
  type TimeoutAnswer,
} from './tasks.js';
import { BOOK_TOKENS, decimalsOf } from './tokens.js';
import type { GameAmount, SandboxGameEconomy, SandboxGameOptions } from './types.js';
import { parseUnits, uint256 } from './units.js';

/** Resolved options. */
export type GameSettings = Required<Omit<SandboxGameOptions, 'seedBalances' | 'guestBalances'>> & {
  seedBalances: Map<string, bigint>;
  guestBalances: Map<string, bigint>;
};

const DEFAULT_SEED: Record<string, GameAmount> = { plyr: '1000', gamr: '1000' };

function balancesOption(value: SandboxGameOptions['seedBalances'], what: string): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const [token, amount] of Object.entries(value ?? {})) {
    if (amount === undefined) continue;
    if (!BOOK_TOKENS.includes(token)) throw new RangeError(`${what}: unknown token "${token}"`);
    const units = parseUnits(String(amount), decimalsOf(token));
    if (units < 0n) throw new RangeError(`${what}: ${token} must not be negative`);
    out.set(token, units);
  }
  return out;
}

function count(value: number | undefined, fallback: number, what: string, min = 0): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < min) throw new RangeError(`${what} must be an integer of at least ${min}`);
  return n;
}

/** Checks and completes the options. */
export function gameSettings(options: SandboxGameOptions = {}): GameSettings {
  const chainDelayMs = count(options.chainDelayMs, 25, 'game.chainDelayMs');
  const feePercent = count(options.feePercent, 2, 'game.feePercent');
  if (feePercent > 100) throw new RangeError('game.feePercent must be at most 100');
  return {
    chainDelayMs,
    retryBackoffMs: count(options.retryBackoffMs, chainDelayMs, 'game.retryBackoffMs'),
    syncPolls: count(options.syncPolls, 50, 'game.syncPolls', 1),
    syncIntervalMs: count(options.syncIntervalMs, 500, 'game.syncIntervalMs'),
    joinPolls: count(options.joinPolls, 50, 'game.joinPolls'),
    joinIntervalMs: count(options.joinIntervalMs, 1000, 'game.joinIntervalMs'),
    feePercent,
    seedBalances: balancesOption(options.seedBalances ?? DEFAULT_SEED, 'game.seedBalances'),
    guestBalances: balancesOption(options.guestBalances, 'game.guestBalances'),
  };
}

/** The game economy of one sandbox. */
export class GameEconomy {
  readonly settings: GameSettings;
  readonly chain: Chain;
  readonly chips = new Map<string, ChipState>();
  readonly tasks: TaskStore;
  readonly faults = new GameFaults();
  readonly world: ContractWorld & ChipWorld;
  readonly #agent: Agent;
  readonly #seeded: Set<string>;

  constructor(
    readonly state: SandboxState,
    readonly now: () => number,
    options: SandboxGameOptions | undefined,
    seededPlayers: string[],
    private readonly signal: AbortSignal,
  ) {
    this.settings = gameSettings(options);
    this.chain = new Chain(now, decimalsOf);
    this.tasks = new TaskStore(now);
    this.world = {
      chain: this.chain,
      chips: this.chips,
      feePercent: BigInt(this.settings.feePercent),
      account: (name) => this.account(name),
      holder: (name) => (state.users.has(name) || state.isGame(name) ? this.account(name) : undefined),
    };
    this.#seeded = new Set(seededPlayers);
    for (const plyrId of seededPlayers) this.account(plyrId);
    this.#agent = new Agent({
      state,
      chain: this.chain,
      world: this.world,
      faults: this.faults,
      now,
      chainDelayMs: this.settings.chainDelayMs,
      retryBackoffMs: this.settings.retryBackoffMs,
      signal,
    });
  }

  /** The mirror wallet of a user. */
  accountOfUser(user: UserRecord): Account {
    const seed = this.#seeded.has(user.plyrId) ? this.settings.seedBalances : this.settings.guestBalances;
    return this.chain.open(user.mirror, user.plyrId, seed);
  }

  /** The mirror wallet of a name (`getENSAddress(<name>.plyr)`). */
  account(name: string): Account {
    const user = this.state.users.get(name);
    return user ? this.accountOfUser(user) : this.chain.open(nameAddress(`${name}.plyr`), name);
  }

  /** `isJoined(gameId, roomId, plyrId)` on chain; the room id is encoded as a uint256 (which may throw). */
  isJoined(gameId: string, roomId: unknown, plyrId: string): boolean {
    return isJoined(this.chain, gameId, uint256(roomId), plyrId);
  }

  /** `XADD`: queues a task (its fault drawn now) and hands it to the agent. */
  enqueue(name: GameTaskName, params: unknown): QueuedTask {
    const task = this.tasks.add(name, params, this.faults.draw(name));
    this.#agent.push(task);
    return task;
  }

  /** A sync call's wait: `syncPolls` looks at the task, `syncIntervalMs` apart, then TIMEOUT. */
  async waitSync(task: QueuedTask): Promise<TaskStatusAnswer | TimeoutAnswer> {
    const timeout: TimeoutAnswer = { taskId: task.id, status: 'TIMEOUT', errorMessage: TIMEOUT_MESSAGE };
    if (task.fault?.kind === '504') {
      this.faults.took('504');
      return timeout;
    }
    for (let i = 0; i < this.settings.syncPolls; i++) {
      const answer = this.tasks.status(task.id);
      if (answer.status !== 'PENDING' && answer.status !== 'NOT_FOUND') return answer;
      await sleep(this.settings.syncIntervalMs, this.signal);
    }
    return timeout;
  }

  /** A sync join's second wait: until every player is joined, at most `joinPolls` checks. */
  async waitJoined(gameId: string, roomId: unknown, plyrIds: string[]): Promise<void> {
    for (let times = this.settings.joinPolls; times > 0; times--) {
      if (plyrIds.every((plyrId) => this.isJoined(gameId, roomId, plyrId.toLowerCase()))) return;
      await sleep(this.settings.joinIntervalMs, this.signal);
    }
  }

  /** What `sandbox.game` offers. */
  control(): SandboxGameEconomy {
    return {
      ledger: () => {
        for (const user of this.state.users.values()) this.accountOfUser(user);
        return snapshotLedger(this);
      },
      tasks: () => snapshotTasks(this.tasks.all()),
      idle: () => this.#agent.idle(),
      faults: {
        once: (fault) => this.faults.once(fault),
        configure: (plan) => this.faults.configure(plan),
        clear: () => this.faults.clear(),
        stats: () => this.faults.stats(),
      },
    };
  }
}
