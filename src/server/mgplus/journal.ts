/**
 * The journal of rounds: the studio's own record of every money call, written BEFORE the call is made, so that a
 * process that dies mid-round leaves enough behind for `recover()` to finish the round with the same
 * `transactionId`s (MG+ answers a repeated id without moving money twice).
 *
 * `createRedisState(...).journal` is such a journal in Redis. Implementing another persistent one (e.g. SQL): `save`
 * must be durable when its promise resolves (a round's first `save` happens before its debit is sent; a lost write
 * can lose track of a debit). Records are small JSON values: store each under its `roundId` and keep the ids of
 * rounds whose `state` is `open` apart (a set, an index) for `unfinished()`. One process writes a given round at a
 * time (the one playing it, or the one recovering it), so whole-record overwrites are enough; when several
 * processes share the journal, implement `lease` and `release` (e.g. `SET … NX PX`, and a compare-and-delete):
 * the client takes a round's lease before it plays or settles the round and re-reads the record once it holds it,
 * so two processes never settle the same round. A journal without them is for one process (or one recovering
 * process with `recover({ minAgeMs })`). Records hold the player token (recovery must call MG+ as the player):
 * protect the store like a session store.
 */
import type { MgPlusFreeGameRef, MgPlusSession } from './types.js';

/** One money call of a round. */
export interface MgPlusJournalStep {
  kind: 'debit' | 'credit' | 'rollback';
  /** The idempotency key sent (for a rollback: the debit's id, which the rollback names). */
  transactionId: string;
  amount: number;
  roundFinished: boolean;
  /**
   * `pending`: written before the call, outcome not known (yet): the money may or may not have moved.
   * `done`: MG+ accepted it. `refused`: MG+ refused it for good (see `code`); no money moved by it.
   */
  state: 'pending' | 'done' | 'refused';
  /** The MG+ code of the refusal, or of the last failed attempt while `pending`. */
  code?: string;
  /** The balance MG+ reported after it. */
  balance?: number;
  /** The `gameInfo` sent with it (a retried credit sends it again). */
  gameInfo?: unknown;
}

/**
 * Where a round stands.
 * - `open`: a call is in flight or its outcome is unknown: `recover()` settles it.
 * - `settled`: debit and closing credit done (`roundFinished: true` sent).
 * - `cancelled`: no money moved in the end: rolled back by us, or by MG+ (`INSUFFICIENT_FUNDS`,
 *   `DEBIT_ROLLED_BACK`).
 * - `refused`: the debit was refused (e.g. `PLAYER_UNAUTHORIZED`); nothing moved.
 * - `failed`: MG+ refused a credit or rollback for good: money may be owed and a person must look (never retried).
 */
export type MgPlusRoundState = 'open' | 'settled' | 'cancelled' | 'refused' | 'failed';

/** The journal record of one round. */
export interface MgPlusRoundRecord {
  roundId: string;
  /** Who plays it (includes the player token, which `recover()` needs). */
  session: MgPlusSession;
  state: MgPlusRoundState;
  /** The debit amount. */
  bet: number;
  /** The free-game instance this round plays, if any (its debit moves no cash). */
  freeGame?: MgPlusFreeGameRef;
  /** The calls in the order they were decided. */
  steps: MgPlusJournalStep[];
  /** ms since the epoch. */
  startedAt: number;
  updatedAt: number;
}

/** Storage of round records (see the module comment for what an implementation must guarantee). */
export interface MgPlusJournal {
  /** Create or replace the record of `round.roundId`; durable when the promise resolves. */
  save(round: MgPlusRoundRecord): Promise<void>;
  /** The record of a round, if known. */
  load(roundId: string): Promise<MgPlusRoundRecord | undefined>;
  /** Every round whose `state` is `open`. */
  unfinished(): Promise<MgPlusRoundRecord[]>;
  /**
   * Takes the lease on a round for `owner`, or renews it when `owner` holds it, for `ttlMs`. Resolves `false` when
   * another owner holds it. Optional: see the module comment.
   */
  lease?(roundId: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up if `owner` holds it. */
  release?(roundId: string, owner: string): Promise<void>;
}

/** The in-memory journal: also lists the rounds it holds (tests, dashboards). */
export interface MemoryMgPlusJournal extends MgPlusJournal {
  /** Every record held: all open rounds and the most recent finished ones. */
  rounds(): MgPlusRoundRecord[];
}

/** Options of {@link createMemoryJournal}. */
export interface MemoryJournalOptions {
  /** Finished rounds kept for inspection (oldest dropped first); open rounds are always kept. Default 10 000. */
  keepFinished?: number;
  /** Clock of the leases in ms. Default `Date.now`. */
  now?: () => number;
}

const copy = (round: MgPlusRoundRecord): MgPlusRoundRecord => structuredClone(round);

/**
 * A journal in this process's memory: it survives a failed call, not a crash. Fine for development and for a
 * single process that can afford to lose track of in-flight rounds on a crash; use a persistent one in production.
 */
export function createMemoryJournal(options: MemoryJournalOptions = {}): MemoryMgPlusJournal {
  const keepFinished = options.keepFinished ?? 10_000;
  const now = options.now ?? Date.now;
  const open = new Map<string, MgPlusRoundRecord>();
  const finished = new Map<string, MgPlusRoundRecord>();
  const leases = new Map<string, { owner: string; until: number }>();
  return {
    async save(round) {
      const record = copy(round);
      if (record.state === 'open') {
        finished.delete(record.roundId);
        open.set(record.roundId, record);
        return;
      }
      open.delete(record.roundId);
      finished.delete(record.roundId);
      finished.set(record.roundId, record);
      while (finished.size > keepFinished) finished.delete(finished.keys().next().value as string);
    },
    async load(roundId) {
      const record = open.get(roundId) ?? finished.get(roundId);
      return record === undefined ? undefined : copy(record);
    },
    async unfinished() {
      return [...open.values()].map(copy);
    },
    rounds() {
      return [...finished.values(), ...open.values()].map(copy);
    },
    async lease(roundId, owner, ttlMs) {
      const held = leases.get(roundId);
      const t = now();
      if (held !== undefined && held.owner !== owner && held.until > t) return false;
      leases.set(roundId, { owner, until: t + ttlMs });
      // Leases of finished rounds are dropped with the round; expired ones on the next lease of a round.
      if (leases.size > open.size + 1024)
        for (const [id, l] of leases) if (l.until <= t && !open.has(id)) leases.delete(id);
      return true;
    },
    async release(roundId, owner) {
      if (leases.get(roundId)?.owner === owner) leases.delete(roundId);
    },
  };
}
