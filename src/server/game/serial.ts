/**
 * One at a time per player: pays against one player's allowance never overlap (the platform's allowance check reads
 * before either pay decrements it, so two at once can both pass; and the activity log can only tell which
 * transaction was which when one player has one pay in flight). In this process a queue per key; across processes
 * sharing a journal with leases (Redis), a lease per key as well.
 */
import type { PlyrGameJournal } from './journal.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs work one at a time per key (every key of a call held together, taken in sorted order: no deadlock). */
export class KeyedSerial {
  readonly #tails = new Map<string, Promise<unknown>>();

  constructor(
    private readonly journal: PlyrGameJournal,
    private readonly owner: string,
    private readonly leaseMs: number,
  ) {}

  async run<T>(keys: readonly string[], work: () => Promise<T>): Promise<T> {
    const sorted = [...new Set(keys)].sort();
    const previous = sorted.map((k) => this.#tails.get(k) ?? Promise.resolve());
    let release: () => void = () => {};
    const done = new Promise<void>((resolve) => {
      release = resolve;
    });
    for (const key of sorted) this.#tails.set(key, done);
    try {
      await Promise.all(previous.map((p) => p.catch(() => undefined)));
      await this.#lease(sorted);
      try {
        return await work();
      } finally {
        await Promise.all(
          sorted.map((k) => this.journal.release?.(`player:${k}`, this.owner).catch(() => {})),
        );
      }
    } finally {
      release();
      for (const key of sorted) if (this.#tails.get(key) === done) this.#tails.delete(key);
    }
  }

  /** Takes every key's lease in the journal (waits while another process holds one). */
  async #lease(keys: readonly string[]): Promise<void> {
    const lease = this.journal.lease;
    if (lease === undefined) return;
    for (const key of keys) {
      let wait = 5;
      while (!(await lease.call(this.journal, `player:${key}`, this.owner, this.leaseMs))) {
        await sleep(wait);
        wait = Math.min(wait * 2, 200);
      }
    }
  }
}
