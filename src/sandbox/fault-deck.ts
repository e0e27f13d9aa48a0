/**
 * What the MG+ wallet's and the game economy's fault injection share: a seeded random plan (a rate per kind) and
 * one-shot faults queued ahead of it. Each product adds what its faults match on and what a drawn fault carries.
 */
import { seededRandom } from './seeded-random.js';

/** The part of a random plan every product has. */
export interface FaultPlanBase<Kind extends string> {
  /** Probability per call of each kind; together at most 1. */
  rates: Partial<Record<Kind, number>>;
  /** Seed of the generator. Default 1. */
  seed?: number;
}

/** The part of a one-shot fault every product has. */
export interface FaultOnceBase<Kind extends string> {
  kind: Kind;
  /** This many matching calls. Default 1. */
  times?: number;
}

/** Checks of a product's plans and one-shot faults: an error text, or `undefined` when valid. */
export interface FaultChecks<Plan, Once> {
  plan(plan: Plan): string | undefined;
  once(fault: Once): string | undefined;
}

/** A plan and a queue of one-shot faults. */
export class FaultDeck<
  Kind extends string,
  Plan extends FaultPlanBase<Kind>,
  Once extends FaultOnceBase<Kind>,
> {
  #plan: Plan | undefined;
  #random: () => number = seededRandom(1);
  #once: (Once & { remaining: number })[] = [];

  constructor(
    private readonly kinds: readonly Kind[],
    private readonly checks: FaultChecks<Plan, Once>,
  ) {}

  /** Sets the random plan (replacing the previous one); throws a RangeError for a bad one. */
  configure(plan: Plan): void {
    const error = this.checks.plan(plan);
    if (error !== undefined) throw new RangeError(error);
    this.#plan = { ...plan, rates: { ...plan.rates } };
    this.#random = seededRandom(plan.seed ?? 1);
  }

  /** Queues a one-shot fault; throws a RangeError for a bad one. */
  once(fault: Once): void {
    const error = this.checks.once(fault);
    if (error !== undefined) throw new RangeError(error);
    this.#once.push({ ...fault, remaining: fault.times ?? 1 });
  }

  /** Removes the plan and every queued fault (the counts stay). */
  clear(): void {
    this.#plan = undefined;
    this.#once = [];
  }

  /** The plan in force, if any. */
  protected get plan(): Plan | undefined {
    return this.#plan;
  }

  /** The first queued one-shot fault that `matches`, one of its `times` used up. */
  protected takeOnce(matches: (fault: Once) => boolean): Once | undefined {
    const index = this.#once.findIndex(matches);
    if (index === -1) return undefined;
    const fault = this.#once[index]!;
    if (--fault.remaining <= 0) this.#once.splice(index, 1);
    return fault;
  }

  /** A kind drawn by the plan's rates (tested in the order of `kinds`), or none. */
  protected drawKind(): Kind | undefined {
    if (this.#plan === undefined) return undefined;
    let x = this.#random();
    for (const kind of this.kinds) {
      x -= this.#plan.rates[kind] ?? 0;
      if (x < 0) return kind;
    }
    return undefined;
  }
}

/** `undefined`, or an integer of at least `min`. */
export const isCount = (v: unknown, min: number): boolean =>
  v === undefined || (Number.isInteger(v) && Number(v) >= min);

/** Why the shared part of a plan is not valid, or undefined. */
export function planBaseError<Kind extends string>(
  plan: FaultPlanBase<Kind>,
  kinds: readonly Kind[],
): string | undefined {
  if (plan === null || typeof plan !== 'object') return 'The plan must be an object';
  const rates = plan.rates as unknown;
  if (rates === null || typeof rates !== 'object' || Array.isArray(rates)) return '`rates` must be an object';
  let sum = 0;
  for (const [kind, rate] of Object.entries(rates)) {
    if (!kinds.includes(kind as Kind)) return `Unknown fault kind "${kind}"`;
    if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) return `rates.${kind} must be from 0 to 1`;
    sum += rate;
  }
  if (sum > 1 + 1e-9) return 'The rates add up to more than 1';
  if (plan.seed !== undefined && !Number.isInteger(plan.seed)) return '`seed` must be an integer';
  return undefined;
}
