/**
 * Fault injection for the sandbox's game-economy tasks: the platform's own hazards (docs/platform/plyr-game.md#what-can-go-wrong),
 * drawn once per task when it is queued, as one-shot faults (first match wins) or at random with set rates from a
 * seeded generator, like the MG+ emulator's wallet faults.
 *
 * Kinds:
 * - `stuck`: the task is lost before the worker (the agent died): `PENDING` forever, nothing mined;
 * - `resend`: the transaction is mined, then the agent fails (a database write after the receipt) and re-sends a
 *   new transaction that executes again; the task ends with the second hash: the platform's own double;
 * - `failed-after-mined`: the same failure, but the re-sends are refused as already known: mined once, the task
 *   ends `FAILED` with `hash: null`;
 * - `slow`: every transaction of the task takes `factor` × the chain delay (a sync call can time out with 504 while
 *   the task completes later);
 * - `504`: a sync call answers the 504 TIMEOUT body at once while the task runs normally.
 *
 * `stats().injected` counts a fault only when it took effect: a `resend` or `failed-after-mined` whose first
 * transaction reverted or was never sent, or a `504` on an async call, changes nothing and is not counted.
 */
import { FaultDeck, isCount, planBaseError } from '../fault-deck.js';
import { GAME_TASK_NAMES, type GameTaskName } from './task-names.js';

/** What goes wrong with a task. */
export type GameFaultKind = 'stuck' | 'resend' | 'failed-after-mined' | 'slow' | '504';

/** The kinds, in the order random draws test them. */
export const GAME_FAULT_KINDS: readonly GameFaultKind[] = [
  'stuck',
  'resend',
  'failed-after-mined',
  'slow',
  '504',
];

/** A one-shot fault for the next matching task(s). */
export interface GameFaultOnce {
  kind: GameFaultKind;
  /** Only tasks of this name (e.g. `batchPayGameRoom`, `mintGameChip`). Default: any. */
  task?: GameTaskName;
  /** This many matching tasks. Default 1. */
  times?: number;
  /** For `slow`: the factor on the chain delay. Default: the plan's `slowFactor`. */
  factor?: number;
}

/** Random faults per task (replaces the previous plan). */
export interface GameFaultPlan {
  /** Probability per task of each kind; together at most 1. */
  rates: Partial<Record<GameFaultKind, number>>;
  /** Seed of the generator. Default 1. */
  seed?: number;
  /** Factor of `slow` on the chain delay. Default 10. */
  slowFactor?: number;
  /** Only these task names. Default: all. */
  tasks?: GameTaskName[];
}

/** What was injected. */
export interface GameFaultStats {
  /** Tasks queued (each is one draw). */
  tasks: number;
  /** Faults that took effect, per kind. */
  injected: Record<GameFaultKind, number>;
  /** Extra executions caused by `resend`: re-sent transactions that were mined and succeeded. */
  platformDoubles: number;
}

/** The fault drawn for one task. */
export interface GameFaultDraw {
  kind: GameFaultKind;
  /** For `slow`. */
  factor: number;
}

const DEFAULT_SLOW_FACTOR = 10;

const emptyCounts = (): Record<GameFaultKind, number> =>
  Object.fromEntries(GAME_FAULT_KINDS.map((k) => [k, 0])) as Record<GameFaultKind, number>;

/** The faults of one sandbox's game economy. */
export class GameFaults extends FaultDeck<GameFaultKind, GameFaultPlan, GameFaultOnce> {
  #tasks = 0;
  #injected = emptyCounts();
  #doubles = 0;

  constructor() {
    super(GAME_FAULT_KINDS, { plan: planError, once: onceError });
  }

  stats(): GameFaultStats {
    return { tasks: this.#tasks, injected: { ...this.#injected }, platformDoubles: this.#doubles };
  }

  /** The fault for a task being queued, if any (one-shot faults first). */
  draw(task: GameTaskName): GameFaultDraw | undefined {
    this.#tasks++;
    const slowFactor = this.plan?.slowFactor ?? DEFAULT_SLOW_FACTOR;
    const once = this.takeOnce((f) => f.task === undefined || f.task === task);
    if (once !== undefined) return { kind: once.kind, factor: once.factor ?? slowFactor };
    if (!(this.plan?.tasks?.includes(task) ?? true)) return undefined;
    const kind = this.drawKind();
    return kind === undefined ? undefined : { kind, factor: slowFactor };
  }

  /** Counts a fault that took effect. */
  took(kind: GameFaultKind): void {
    this.#injected[kind]++;
  }

  /** Counts a re-sent transaction that executed again. */
  doubled(): void {
    this.#doubles++;
  }
}

const isKind = (v: unknown): v is GameFaultKind => GAME_FAULT_KINDS.includes(v as GameFaultKind);
const isTask = (v: unknown): v is GameTaskName => GAME_TASK_NAMES.includes(v as GameTaskName);

/** Why a plan is not valid, or undefined. */
export function planError(plan: GameFaultPlan): string | undefined {
  const base = planBaseError(plan, GAME_FAULT_KINDS);
  if (base !== undefined) return base;
  if (!isCount(plan.slowFactor, 1)) return '`slowFactor` must be a positive integer';
  if (plan.tasks !== undefined && !(Array.isArray(plan.tasks) && plan.tasks.every(isTask)))
    return `\`tasks\` must list task names (${GAME_TASK_NAMES.join(', ')})`;
  return undefined;
}

/** Why a one-shot fault is not valid, or undefined. */
export function onceError(fault: GameFaultOnce): string | undefined {
  if (fault === null || typeof fault !== 'object') return 'A fault must be an object';
  if (!isKind(fault.kind)) return `\`kind\` must be one of ${GAME_FAULT_KINDS.join(', ')}`;
  if (fault.task !== undefined && !isTask(fault.task))
    return `\`task\` must be a task name (${GAME_TASK_NAMES.join(', ')})`;
  if (!isCount(fault.times, 1)) return '`times` must be a positive integer';
  if (!isCount(fault.factor, 1)) return '`factor` must be a positive integer';
  return undefined;
}
