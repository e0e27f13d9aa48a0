/**
 * The platform's agent (`agents/index.js`, docs/platform/plyr-game.md#tasks) in-process: one consumer that takes the
 * queued tasks in order, one at a time. Each task gets up to 3 attempts: a mined revert (`Transaction Receipt
 * Failed`) ends it at once; any other error is retried after 1, then 2 backoff units **by sending a new
 * transaction** (so an error after a transaction was mined makes it execute again). A success stores
 * `{method, body, result?}` and the hash; a failure stores the raw stream entry, `hash: null` and the error's
 * `shortMessage` (or null).
 *
 * Faults (`faults.ts`) act here: `stuck` tasks are never taken, `slow` ones wait longer for the chain, and
 * `resend` / `failed-after-mined` fail the first attempt after its transaction was mined.
 */
import type { SandboxState } from '../plyr/state.js';
import { type AgentContext, RECEIPT_FAILED, type Service } from './agent-context.js';
import type { Chain } from './chain.js';
import { CHIP_SERVICES } from './chip-services.js';
import type { ChipWorld } from './chips.js';
import type { ContractWorld } from './contract.js';
import type { GameFaults } from './faults.js';
import { ROOM_SERVICES } from './room-services.js';
import { sleep } from './sleep.js';
import type { QueuedTask } from './tasks.js';
import { shortMessageOf } from './units.js';

const SERVICES: Record<string, Service> = { ...ROOM_SERVICES, ...CHIP_SERVICES };
const MAX_ATTEMPTS = 3;

/** What the agent works with. */
export interface AgentDeps {
  state: SandboxState;
  chain: Chain;
  world: ContractWorld & ChipWorld;
  faults: GameFaults;
  now: () => number;
  /** How long a transaction takes to be mined, in ms. */
  chainDelayMs: number;
  /** The backoff unit between attempts, in ms. */
  retryBackoffMs: number;
  /** Aborted when the sandbox closes: the agent stops. */
  signal: AbortSignal;
}

/** A database failure after the receipt (what `resend` and `failed-after-mined` simulate). */
function databaseFailure(): Error {
  const error = new Error('connection 4 to 127.0.0.1:27017 closed');
  error.name = 'MongoNetworkError';
  return error;
}

/** The in-process agent. */
export class Agent {
  readonly #queue: QueuedTask[] = [];
  #running = false;
  #waiters: (() => void)[] = [];

  constructor(private readonly deps: AgentDeps) {}

  /** Queues a task for processing. */
  push(task: QueuedTask): void {
    this.#queue.push(task);
    if (!this.#running) void this.#drain();
  }

  /** Resolves once every queued task has been taken and finished (or the sandbox closed). */
  idle(): Promise<void> {
    if (!this.#running && this.#queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  async #drain(): Promise<void> {
    this.#running = true;
    try {
      for (let task = this.#queue.shift(); task; task = this.#queue.shift()) {
        if (this.deps.signal.aborted) break;
        await this.#process(task);
      }
    } catch {
      // Only a pause cut short by close() ends up here: the sandbox is going away.
    } finally {
      this.#running = false;
      const waiters = this.#waiters;
      this.#waiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  async #process(task: QueuedTask): Promise<void> {
    const { faults, signal } = this.deps;
    const fault = task.fault;
    if (fault?.kind === 'stuck') {
      task.lost = true;
      faults.took('stuck');
      return;
    }
    const service = SERVICES[task.name];
    const params = JSON.parse(task.params) as Record<string, unknown>;
    let retries = 0;
    let errorMessage: string | null = null;
    let minedOnce = false;
    while (retries < MAX_ATTEMPTS) {
      const attempt = retries + 1;
      const ctx: AgentContext = {
        state: this.deps.state,
        world: this.deps.world,
        send: async (info, body) => {
          if (fault?.kind === 'failed-after-mined' && minedOnce)
            throw new Error('Failed to send transaction through both methods');
          const slow = fault?.kind === 'slow';
          if (slow && attempt === 1) faults.took('slow');
          await sleep(this.deps.chainDelayMs * (slow ? fault.factor : 1), signal);
          const receipt = this.deps.chain.execute({ ...info, taskId: task.id }, body);
          if (fault?.kind === 'resend' && minedOnce && receipt.status === 'success') faults.doubled();
          if (receipt.status === 'success') minedOnce = true;
          return receipt;
        },
        afterReceipt: () => {
          if (attempt !== 1 || (fault?.kind !== 'resend' && fault?.kind !== 'failed-after-mined')) return;
          faults.took(fault.kind);
          throw databaseFailure();
        },
      };
      try {
        if (!service) throw new TypeError(`gameRoom[func] is not a function`);
        const { hash, result } = await service(params, ctx);
        const taskData = {
          method: task.name,
          body: params,
          ...(Object.keys(result).length ? { result } : {}),
        };
        task.stored = { status: 'SUCCESS', taskData, hash, errorMessage: null, completedAt: this.deps.now() };
        return;
      } catch (error) {
        if (signal.aborted) throw error;
        if ((error as Error).message?.includes(RECEIPT_FAILED)) {
          errorMessage = RECEIPT_FAILED;
          break;
        }
        retries++;
        errorMessage = shortMessageOf(error) ?? null;
        await sleep(this.deps.retryBackoffMs * retries, signal);
      }
    }
    task.stored = {
      status: 'FAILED',
      taskData: [task.name, task.params],
      hash: null,
      errorMessage,
      completedAt: this.deps.now(),
    };
  }
}
