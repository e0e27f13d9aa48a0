/**
 * The sandbox MG+ wallet's books: balances, free-game instances, rounds and every transaction by id. Amounts are
 * kept as integers of 1e-8 units so that ten thousand rounds add up exactly. Rules (guide pages "Transaction",
 * "Rollback"):
 * - `transactionId` is the idempotency key: the same id with the same content gets the first answer again and
 *   moves nothing; the same id with other content is `VALIDATION_FAILED`;
 * - a round is one debit and zero or more credits; `roundFinished: true` closes it; later transactions are refused;
 * - a credit before the round's debit is `VALIDATION_FAILED`; after a rollback, `DEBIT_ROLLED_BACK`;
 * - `INSUFFICIENT_FUNDS` on a debit rolls the round back;
 * - a rollback names the round's debit; rolling back a debit never seen leaves a tombstone, so that debit is
 *   refused (`DEBIT_ROLLED_BACK`) if it arrives late: a rollback can never be overtaken into a double move;
 * - a free-game debit moves no cash and counts the instance's `numberOfRoundsRemaining` down (a rollback gives the
 *   round back).
 */
import { fail, type MgPlusAnswer, offerJson } from './mgplus-authenticate.js';
import type { MgPlusSandboxPlayer, MgPlusSeedOffer } from './mgplus-players.js';

const UNIT = 1e8;
const toUnits = (amount: number) => Math.round(amount * UNIT);
const fromUnits = (units: number) => units / UNIT;

/** One move of the books. */
export interface MgPlusLedgerEntry {
  /** 1, 2, 3, … in the order moves were made. */
  seq: number;
  playerId: string;
  /** The transaction's id (for a rollback: the debit's id). */
  transactionId: string;
  roundId: string;
  kind: 'debit' | 'credit' | 'rollback';
  /** The amount named by the transaction. */
  amount: number;
  /** The signed change of the cash balance (0 for free-game debits and their rollbacks). */
  change: number;
  /** The free-game instance played, if any. */
  freeGame?: { offerId: number; instanceId: number };
  /** Cash balance after the move. */
  balance: number;
}

/** What a test reads from the wallet (`sandbox.mgplus.ledger()`, `GET /sandbox/mgplus/ledger`). */
export interface MgPlusLedgerSnapshot {
  /** Every move, in order. */
  entries: MgPlusLedgerEntry[];
  /** Cash balance per player id. */
  balances: Record<string, number>;
  /** Balance per player id when the sandbox started. */
  initialBalances: Record<string, number>;
  /** Ids of rounds with a debit and no closing transaction yet. */
  openRounds: string[];
  /** Number of distinct transaction ids answered (accepted or refused for good). */
  transactions: number;
}

/** A well-formed transaction, as the wallet route parsed it. */
export interface LedgerTransaction {
  playerId: string;
  game: string;
  transactionId: string;
  roundId: string;
  amount: number;
  transactionType: 'debit' | 'credit';
  roundFinished: boolean;
  freeGame?: { offerId: number; instanceId: number };
}

interface Round {
  playerId: string;
  debitId: string;
  debitUnits: number;
  freeGame?: { offerId: number; instanceId: number };
  state: 'open' | 'closed' | 'rolled-back';
  credits: number;
}

/** The books of one sandbox. */
export class MgPlusLedger {
  readonly #units = new Map<string, number>();
  readonly #initial: Record<string, number> = {};
  readonly #offers = new Map<string, MgPlusSeedOffer[]>();
  readonly #rounds = new Map<string, Round>();
  /** Answers by `kind:transactionId`, with the content they answered. */
  readonly #answers = new Map<string, { fingerprint: string; answer: MgPlusAnswer }>();
  readonly #entries: MgPlusLedgerEntry[] = [];

  constructor(
    players: readonly MgPlusSandboxPlayer[],
    private readonly now: () => number,
  ) {
    for (const p of players) {
      this.#units.set(p.playerId, toUnits(p.balance));
      this.#initial[p.playerId] = p.balance;
      this.#offers.set(
        p.playerId,
        p.freeGames.map((o) => ({ ...o })),
      );
    }
  }

  /** A player's cash balance (what authenticate and balance report). */
  balanceOf(playerId: string): number {
    return fromUnits(this.#units.get(playerId) ?? 0);
  }

  /** A player's free-game instances, live (remaining rounds count down). */
  offersOf(playerId: string): MgPlusSeedOffer[] {
    return this.#offers.get(playerId) ?? [];
  }

  /** The `{ balance, freeGameInfo }` answer for a player. */
  balanceAnswer(playerId: string): MgPlusAnswer {
    const body: Record<string, unknown> = { balance: this.balanceOf(playerId) };
    const offers = this.offersOf(playerId);
    if (offers.length > 0) body.freeGameInfo = offers.map((o) => offerJson(o, this.now()));
    return { status: 200, body };
  }

  /** Applies a debit or credit once (see the module comment). */
  transaction(t: LedgerTransaction): MgPlusAnswer {
    const fingerprint = JSON.stringify([
      t.playerId,
      t.game,
      t.roundId,
      toUnits(t.amount),
      t.transactionType,
      t.roundFinished,
      t.freeGame?.offerId,
      t.freeGame?.instanceId,
    ]);
    return this.#once(`tx:${t.transactionId}`, fingerprint, () =>
      t.transactionType === 'debit' ? this.#debit(t) : this.#credit(t),
    );
  }

  /** Rolls a round's debit back once. */
  rollback(r: { playerId: string; transactionId: string; roundId: string }): MgPlusAnswer {
    const fingerprint = JSON.stringify([r.playerId, r.roundId]);
    return this.#once(`rollback:${r.transactionId}`, fingerprint, () => this.#rollback(r));
  }

  /** A copy of the books. */
  snapshot(): MgPlusLedgerSnapshot {
    const balances: Record<string, number> = {};
    for (const [id, units] of this.#units) balances[id] = fromUnits(units);
    const openRounds = [...this.#rounds].filter(([, r]) => r.state === 'open').map(([id]) => id);
    return {
      entries: this.#entries.map((e) => ({ ...e })),
      balances,
      initialBalances: { ...this.#initial },
      openRounds,
      transactions: this.#answers.size,
    };
  }

  #once(key: string, fingerprint: string, apply: () => MgPlusAnswer): MgPlusAnswer {
    const known = this.#answers.get(key);
    if (known !== undefined)
      return known.fingerprint === fingerprint
        ? known.answer
        : fail(400, 'VALIDATION_FAILED', 'This transactionId was already used with other content.');
    const answer = apply();
    this.#answers.set(key, { fingerprint, answer });
    return answer;
  }

  #move(t: Omit<MgPlusLedgerEntry, 'seq' | 'balance'>): void {
    const units = (this.#units.get(t.playerId) ?? 0) + toUnits(t.change);
    this.#units.set(t.playerId, units);
    this.#entries.push({ ...t, seq: this.#entries.length + 1, balance: fromUnits(units) });
  }

  #debit(t: LedgerTransaction): MgPlusAnswer {
    const known = this.#rounds.get(t.roundId);
    if (known?.state === 'rolled-back')
      return fail(400, 'DEBIT_ROLLED_BACK', 'This round was rolled back; it is cancelled.');
    if (known !== undefined) return fail(400, 'VALIDATION_FAILED', 'This round already has its debit.');
    const units = toUnits(t.amount);
    const round: Round = {
      playerId: t.playerId,
      debitId: t.transactionId,
      debitUnits: units,
      state: t.roundFinished ? 'closed' : 'open',
      credits: 0,
    };
    let change = -t.amount;
    if (t.freeGame !== undefined) {
      const offer = this.offersOf(t.playerId).find(
        (o) => o.offerId === t.freeGame!.offerId && o.instanceId === t.freeGame!.instanceId,
      );
      if (offer === undefined || offer.numberOfRoundsRemaining <= 0)
        return fail(400, 'VALIDATION_FAILED', 'No free-game rounds left on this instance.');
      offer.numberOfRoundsRemaining -= 1;
      round.freeGame = { ...t.freeGame };
      change = 0;
    } else if (units > (this.#units.get(t.playerId) ?? 0)) {
      this.#rounds.set(t.roundId, { ...round, state: 'rolled-back' });
      return fail(400, 'INSUFFICIENT_FUNDS', 'Not enough funds for this debit; the round is rolled back.');
    }
    this.#rounds.set(t.roundId, round);
    const entry: Omit<MgPlusLedgerEntry, 'seq' | 'balance'> = {
      playerId: t.playerId,
      transactionId: t.transactionId,
      roundId: t.roundId,
      kind: 'debit',
      amount: t.amount,
      change,
    };
    if (round.freeGame !== undefined) entry.freeGame = { ...round.freeGame };
    this.#move(entry);
    return this.balanceAnswer(t.playerId);
  }

  #credit(t: LedgerTransaction): MgPlusAnswer {
    const round = this.#rounds.get(t.roundId);
    if (round === undefined || round.playerId !== t.playerId)
      return fail(400, 'VALIDATION_FAILED', "A credit needs the round's debit first.");
    if (round.state === 'rolled-back')
      return fail(400, 'DEBIT_ROLLED_BACK', "The round's debit was rolled back; the round is cancelled.");
    if (round.state === 'closed') return fail(400, 'VALIDATION_FAILED', 'The round is closed.');
    round.credits += 1;
    if (t.roundFinished) round.state = 'closed';
    this.#move({
      playerId: t.playerId,
      transactionId: t.transactionId,
      roundId: t.roundId,
      kind: 'credit',
      amount: t.amount,
      change: t.amount,
    });
    return this.balanceAnswer(t.playerId);
  }

  #rollback(r: { playerId: string; transactionId: string; roundId: string }): MgPlusAnswer {
    const round = this.#rounds.get(r.roundId);
    if (round === undefined) {
      // The debit never arrived (or not yet): remember the round as rolled back so a late debit is refused.
      this.#rounds.set(r.roundId, {
        playerId: r.playerId,
        debitId: r.transactionId,
        debitUnits: 0,
        state: 'rolled-back',
        credits: 0,
      });
      return this.balanceAnswer(r.playerId);
    }
    if (round.playerId !== r.playerId || round.debitId !== r.transactionId)
      return fail(400, 'VALIDATION_FAILED', "transactionId is not this round's debit.");
    if (round.state === 'rolled-back') return this.balanceAnswer(r.playerId);
    if (round.state === 'closed' || round.credits > 0)
      return fail(400, 'VALIDATION_FAILED', 'The round is settled; its debit cannot be rolled back.');
    round.state = 'rolled-back';
    let change = fromUnits(round.debitUnits);
    if (round.freeGame !== undefined) {
      const offer = this.offersOf(r.playerId).find((o) => o.instanceId === round.freeGame!.instanceId);
      if (offer !== undefined) offer.numberOfRoundsRemaining += 1;
      change = 0;
    }
    const entry: Omit<MgPlusLedgerEntry, 'seq' | 'balance'> = {
      playerId: r.playerId,
      transactionId: r.transactionId,
      roundId: r.roundId,
      kind: 'rollback',
      amount: fromUnits(round.debitUnits),
      change,
    };
    if (round.freeGame !== undefined) entry.freeGame = { ...round.freeGame };
    this.#move(entry);
    return this.balanceAnswer(r.playerId);
  }
}
