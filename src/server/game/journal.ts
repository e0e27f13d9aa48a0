/**
 * The journal of token moves: every call that moves tokens (pay, earn, the combined helpers, chip mint, burn and
 * transfer) is an intent, written here BEFORE it is sent, with its task id recorded when it comes back. The platform
 * has no idempotency key (docs/platform/plyr-game.md#no-idempotency), so this record is what lets the client
 * reconcile an unknown outcome instead of sending the intent again, and what a person reads when nothing can decide.
 * Intents whose `done` is not yet audited for the platform's own double stay among the unfinished ones until it is.
 *
 * `createRedisState(...).gameJournal` is such a journal in Redis. Implementing another: `save` must be durable when
 * its promise resolves; keep the ids of intents that `needsRecovery` apart for `unfinished()`;
 * implement `lease`/`release` when several processes share it. Records hold the players' session JWTs of a pay
 * (needed to send it again once reconciliation proved it never happened): protect the store like a session store.
 */
import type { TokenAmount } from './amounts.js';

/** What an intent does. */
export type GameIntentKind =
  | 'pay'
  | 'earn'
  | 'joinPay'
  | 'createJoinPay'
  | 'earnLeave'
  | 'earnLeaveEnd'
  | 'chipMint'
  | 'chipBurn'
  | 'chipTransfer';

/** One movement of an intent: who pays or receives (for chips: from `plyrId`, to `toPlyrId`), what, how much. */
export interface GameIntentLine {
  plyrId: string;
  token: string;
  amount: TokenAmount;
  /** Chip transfers: the receiver. */
  toPlyrId?: string;
}

/**
 * Where an intent stands.
 * - `pending`: journaled; sent or about to be; not known to be queued.
 * - `queued`: the platform queued it (task id known); its outcome is not known yet.
 * - `done`: it happened (task SUCCESS, or the activity log or balances show it).
 * - `refused`: the platform refused it before queueing: nothing moved.
 * - `reverted`: its transaction reverted and no attempt of it was mined: nothing moved.
 * - `attention`: reconciliation cannot decide; nothing sends it again; a person must look (see `notes`).
 */
export type GameIntentState = 'pending' | 'queued' | 'done' | 'refused' | 'reverted' | 'attention';

/** What one send came back with. */
export interface GameIntentAttempt {
  at: number;
  /** `SUCCESS`, `FAILED`, `TIMEOUT`, `PENDING`, or the error code (`NETWORK`, `UPSTREAM_5XX`, `TASK_TIMEOUT`, …). */
  outcome: string;
  status?: number;
  taskId?: string;
}

/** A balance seen before the intent was sent: the evidence of last resort. */
export interface GameBalanceBaseline {
  plyrId: string;
  token: string;
  /** Balance in the token's human units; for chips, the chip's address is the token. */
  balance: TokenAmount;
}

/** The journal record of one intent. */
export interface GameIntentRecord {
  intentId: string;
  kind: GameIntentKind;
  /** The platform path it is sent to (`/api/game/pay`). */
  path: string;
  /** The exact body sent (with the players' session JWTs, for a pay). */
  body: Record<string, unknown>;
  lines: GameIntentLine[];
  /** The room it moves tokens into or out of (createJoinPay: the room it made, once known). */
  roomId?: string;
  state: GameIntentState;
  /** The task of the last send (every send queues a new one). */
  taskId?: string;
  /** The transaction hash that did it. */
  hash?: string;
  /**
   * When its task's outcome was written (the platform's ISO time): every transaction of the task, re-sent ones
   * included, was mined and logged before it.
   */
  completedAt?: string;
  /**
   * When it was given to a person (`attention`): later looks read the log only up to then (its players may have
   * moved again since).
   */
  windowEndAt?: number;
  /** `taskData.result` of the task (createJoinPay: `{ gameId, roomId, roomAddress }`). */
  result?: unknown;
  attempts: GameIntentAttempt[];
  /** Balances before it was sent (pay-type intents and chips). */
  baseline?: GameBalanceBaseline[];
  /**
   * Sending it again cannot move tokens twice: it empties and ends a room (a match's settlement), so a second copy
   * reverts once the first was mined. Such an intent is sent again when its outcome stays unknown, not left to a
   * person.
   */
  resendable?: boolean;
  /**
   * More than one transaction of this intent was mined: the platform's worker re-sent it (its own double). The
   * hashes of every mined transaction; a person (or the match's settlement) must give the extra back.
   */
  platformDouble?: string[];
  /** Every room its mined transactions went to (a re-sent createJoinPay makes a second room). */
  rooms?: string[];
  /**
   * `done` intents are checked once against the activity log for the platform's own double (a re-sent transaction
   * hides behind a SUCCESS task); true once that check ran.
   */
  audited?: boolean;
  /** What reconciliation saw, in words, for a person. */
  notes: string[];
  /** ms since the epoch. */
  createdAt: number;
  sentAt?: number;
  updatedAt: number;
}

/** Kinds that take from players (pays, chip burns and transfers): one at a time per player. */
export const TAKES_FROM_PLAYERS: ReadonlySet<GameIntentKind> = new Set([
  'pay',
  'joinPay',
  'createJoinPay',
  'chipBurn',
  'chipTransfer',
]);

/** True while an intent's outcome is still to be found. */
export const isUnsettled = (record: Pick<GameIntentRecord, 'state'>): boolean =>
  record.state === 'pending' || record.state === 'queued';

/**
 * True while recovery has work on an intent: its outcome; the audit of a `done` one; an `attention` one, looked at
 * again now and then (a task taken as stuck may still complete) until a person resolves it.
 */
export const needsRecovery = (record: Pick<GameIntentRecord, 'state' | 'audited'>): boolean =>
  isUnsettled(record) || (record.state === 'done' && record.audited !== true) || record.state === 'attention';

/** Storage of intent records (see the module comment for what an implementation must guarantee). */
export interface PlyrGameJournal {
  /** Create or replace the record of `intent.intentId`; durable when the promise resolves. */
  save(intent: GameIntentRecord): Promise<void>;
  load(intentId: string): Promise<GameIntentRecord | undefined>;
  /** Every intent recovery has work on (`needsRecovery`: pending, queued, attention, or done and not audited). */
  unfinished(): Promise<GameIntentRecord[]>;
  /** Takes or renews the lease on `key` for `owner`; `false` when another owner holds it. Optional. */
  lease?(key: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease on `key` up if `owner` holds it. */
  release?(key: string, owner: string): Promise<void>;
}

/** The in-memory journal: also lists what it holds (tests, dashboards). */
export interface MemoryPlyrGameJournal extends PlyrGameJournal {
  /** Every record held: all unsettled intents and the most recent others. */
  intents(): GameIntentRecord[];
}

/** Options of {@link createMemoryGameJournal}. */
export interface MemoryGameJournalOptions {
  /** Settled intents kept for inspection (oldest dropped first); unsettled ones are always kept. Default 10 000. */
  keepSettled?: number;
  /** Clock of the leases in ms. Default `Date.now`. */
  now?: () => number;
}

/** A journal in this process's memory: it survives a failed call, not a crash (use Redis in production). */
export function createMemoryGameJournal(options: MemoryGameJournalOptions = {}): MemoryPlyrGameJournal {
  const keep = options.keepSettled ?? 10_000;
  const now = options.now ?? Date.now;
  const open = new Map<string, GameIntentRecord>();
  const settled = new Map<string, GameIntentRecord>();
  const leases = new Map<string, { owner: string; until: number }>();
  const copy = (r: GameIntentRecord) => structuredClone(r);
  return {
    async save(intent) {
      const record = copy(intent);
      open.delete(record.intentId);
      settled.delete(record.intentId);
      if (needsRecovery(record)) open.set(record.intentId, record);
      else {
        settled.set(record.intentId, record);
        while (settled.size > keep) settled.delete(settled.keys().next().value as string);
      }
    },
    async load(intentId) {
      const record = open.get(intentId) ?? settled.get(intentId);
      return record === undefined ? undefined : copy(record);
    },
    async unfinished() {
      return [...open.values()].map(copy);
    },
    intents() {
      return [...settled.values(), ...open.values()].map(copy);
    },
    async lease(key, owner, ttlMs) {
      const held = leases.get(key);
      const t = now();
      if (held !== undefined && held.owner !== owner && held.until > t) return false;
      leases.set(key, { owner, until: t + ttlMs });
      if (leases.size > 1024) for (const [k, l] of leases) if (l.until <= t) leases.delete(k);
      return true;
    },
    async release(key, owner) {
      if (leases.get(key)?.owner === owner) leases.delete(key);
    },
  };
}
