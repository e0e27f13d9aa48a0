/**
 * The sandbox MG+ wallet's books: balances, free-game instances, rounds and every transaction by id. Amounts are
 * kept exactly, as BigInt units at each player's scale (`players.ts`: EUR 0.01, BTC 1e-8, IDR with
 * truncation 1000 1e-5), so no sum is ever rounded; a number is made from them only for MG+'s JSON answers. The
 * route (`wallet.ts`) refuses an amount the scale cannot hold before it reaches the books. No amount or
 * balance exceeds {@link MAX_UNITS}. Rules (guide pages "Transaction", "Rollback"):
 * - `transactionId` is the idempotency key: the same id with the same content gets the first answer again and
 *   moves nothing; the same id with other content is `VALIDATION_FAILED`;
 * - a round is one debit and zero or more credits; `roundFinished: true` closes it; later transactions are refused;
 * - a credit before the round's debit is `VALIDATION_FAILED`; after a rollback, `DEBIT_ROLLED_BACK`;
 * - `INSUFFICIENT_FUNDS` on a debit rolls the round back;
 * - a rollback names the round's debit; rolling back a debit never seen leaves a tombstone, so that debit is
 *   refused (`DEBIT_ROLLED_BACK`) if it arrives late: a rollback can never be overtaken into a double move;
 * - a free-game debit moves no cash and counts the instance's `numberOfRoundsRemaining` down (a rollback gives the
 *   round back);
 * - a credit that would take the balance over {@link MAX_UNITS} is `VALIDATION_FAILED` (the sandbox's own limit).
 */
import { amountDecimals, toUnits, unitsToText } from '../../realplay/currency-decimals.js';
import { fail, type MgPlusAnswer, offerJson } from './authenticate.js';
import {
  MGPLUS_SANDBOX_CURRENCY_DECIMALS,
  type MgPlusSandboxPlayer,
  type MgPlusSeedOffer,
} from './players.js';

/**
 * The most units (at the player's scale) one amount or one balance may hold: 10^15, e.g. 10 trillion EUR or
 * 10 million BTC. Every amount within it has at most 15 significant digits, so the JSON number of MG+'s answers
 * carries it exactly (a reader gets back the very same decimal).
 */
export const MAX_UNITS = 10n ** 15n;

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
  /** `amount` exactly, as decimal text ("0.1", "1500.00001"). */
  amountText: string;
  /** The signed change of the cash balance (0 for free-game debits and their rollbacks). */
  change: number;
  /** `change` exactly, as decimal text ("-2.5"). */
  changeText: string;
  /** The free-game instance played, if any. */
  freeGame?: { offerId: number; instanceId: number };
  /** Cash balance after the move. */
  balance: number;
  /** `balance` exactly, as decimal text. */
  balanceText: string;
}

/** What a test reads from the wallet (`sandbox.mgplus.ledger()`, `GET /sandbox/mgplus/ledger`). */
export interface MgPlusLedgerSnapshot {
  /** Every move, in order. */
  entries: MgPlusLedgerEntry[];
  /** Cash balance per player id. */
  balances: Record<string, number>;
  /** Balance per player id when the sandbox started. */
  initialBalances: Record<string, number>;
  /** `balances` exactly, as decimal text. */
  balanceTexts: Record<string, string>;
  /** `initialBalances` exactly, as decimal text. */
  initialBalanceTexts: Record<string, string>;
  /** Decimals per player id: the most an amount may carry, as reported (currency decimals plus truncation's). */
  decimals: Record<string, number>;
  /** Ids of rounds with a debit and no closing transaction yet. */
  openRounds: string[];
  /**
   * Number of distinct transaction ids answered by the books (accepted or refused for good). A request the wallet
   * route refuses first (a malformed field, an amount with too many decimals) is not recorded.
   */
  transactions: number;
}

/** A well-formed transaction, as the wallet route parsed it. */
export interface LedgerTransaction {
  playerId: string;
  game: string;
  transactionId: string;
  roundId: string;
  /** The amount in the player's units (see {@link MgPlusLedger.decimalsOf}), checked against {@link MAX_UNITS}. */
  units: bigint;
  transactionType: 'debit' | 'credit';
  roundFinished: boolean;
  freeGame?: { offerId: number; instanceId: number };
}

interface Round {
  playerId: string;
  debitId: string;
  debitUnits: bigint;
  freeGame?: { offerId: number; instanceId: number };
  state: 'open' | 'closed' | 'rolled-back';
  credits: number;
}

/** A player's cash: units of 10^-decimals. */
interface Account {
  decimals: number;
  units: bigint;
  initial: bigint;
}

/** What a move writes; the ledger adds the texts, numbers, sequence and balance. */
interface Move {
  playerId: string;
  transactionId: string;
  roundId: string;
  kind: MgPlusLedgerEntry['kind'];
  units: bigint;
  change: bigint;
  freeGame?: { offerId: number; instanceId: number };
}

/** The books of one sandbox. */
export class MgPlusLedger {
  readonly #accounts = new Map<string, Account>();
  readonly #offers = new Map<string, MgPlusSeedOffer[]>();
  readonly #rounds = new Map<string, Round>();
  /** Answers by `kind:transactionId`, with the content they answered. */
  readonly #answers = new Map<string, { fingerprint: string; answer: MgPlusAnswer }>();
  readonly #entries: MgPlusLedgerEntry[] = [];

  /** Throws when a player's scale is unknown or its seeded balance does not fit it. */
  constructor(
    players: readonly MgPlusSandboxPlayer[],
    private readonly now: () => number,
  ) {
    for (const p of players) {
      const decimals = amountDecimals(p.currency, p.currencyTruncation, MGPLUS_SANDBOX_CURRENCY_DECIMALS);
      if (decimals === undefined)
        throw new RangeError(`Sandbox MG+ player ${p.playerId}: no decimals known for ${p.currency}.`);
      const units = toUnits(p.balance, decimals);
      if (units === undefined || units < 0n || units > MAX_UNITS)
        throw new RangeError(
          `Sandbox MG+ player ${p.playerId}: balance ${p.balance} does not fit its scale.`,
        );
      this.#accounts.set(p.playerId, { decimals, units, initial: units });
      this.#offers.set(
        p.playerId,
        p.freeGames.map((o) => ({ ...o })),
      );
    }
  }

  /** The decimals a player's amounts may carry, as reported (undefined for an unknown player). */
  decimalsOf(playerId: string): number | undefined {
    return this.#accounts.get(playerId)?.decimals;
  }

  /** A player's cash balance (what authenticate and balance report). */
  balanceOf(playerId: string): number {
    const account = this.#accounts.get(playerId);
    return account === undefined ? 0 : Number(unitsToText(account.units, account.decimals));
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
      t.units.toString(),
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
    const books: Pick<
      MgPlusLedgerSnapshot,
      'balances' | 'initialBalances' | 'balanceTexts' | 'initialBalanceTexts' | 'decimals'
    > = { balances: {}, initialBalances: {}, balanceTexts: {}, initialBalanceTexts: {}, decimals: {} };
    for (const [id, account] of this.#accounts) {
      books.balanceTexts[id] = unitsToText(account.units, account.decimals);
      books.initialBalanceTexts[id] = unitsToText(account.initial, account.decimals);
      books.balances[id] = Number(books.balanceTexts[id]);
      books.initialBalances[id] = Number(books.initialBalanceTexts[id]);
      books.decimals[id] = account.decimals;
    }
    const openRounds = [...this.#rounds].filter(([, r]) => r.state === 'open').map(([id]) => id);
    return {
      entries: this.#entries.map((e) => ({ ...e })),
      ...books,
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

  /** Books a move; `change` was checked by the caller (funds for a debit, {@link MAX_UNITS} for a credit). */
  #move(m: Move): void {
    const account = this.#accounts.get(m.playerId)!;
    account.units += m.change;
    const text = (units: bigint) => unitsToText(units, account.decimals);
    const entry: MgPlusLedgerEntry = {
      seq: this.#entries.length + 1,
      playerId: m.playerId,
      transactionId: m.transactionId,
      roundId: m.roundId,
      kind: m.kind,
      amount: Number(text(m.units)),
      amountText: text(m.units),
      change: Number(text(m.change)),
      changeText: text(m.change),
      balance: Number(text(account.units)),
      balanceText: text(account.units),
    };
    if (m.freeGame !== undefined) entry.freeGame = { ...m.freeGame };
    this.#entries.push(entry);
  }

  #debit(t: LedgerTransaction): MgPlusAnswer {
    const known = this.#rounds.get(t.roundId);
    if (known?.state === 'rolled-back')
      return fail(400, 'DEBIT_ROLLED_BACK', 'This round was rolled back; it is cancelled.');
    if (known !== undefined) return fail(400, 'VALIDATION_FAILED', 'This round already has its debit.');
    const round: Round = {
      playerId: t.playerId,
      debitId: t.transactionId,
      debitUnits: t.units,
      state: t.roundFinished ? 'closed' : 'open',
      credits: 0,
    };
    let change = -t.units;
    if (t.freeGame !== undefined) {
      const offer = this.offersOf(t.playerId).find(
        (o) => o.offerId === t.freeGame!.offerId && o.instanceId === t.freeGame!.instanceId,
      );
      if (offer === undefined || offer.numberOfRoundsRemaining <= 0)
        return fail(400, 'VALIDATION_FAILED', 'No free-game rounds left on this instance.');
      offer.numberOfRoundsRemaining -= 1;
      round.freeGame = { ...t.freeGame };
      change = 0n;
    } else if (t.units > (this.#accounts.get(t.playerId)?.units ?? 0n)) {
      this.#rounds.set(t.roundId, { ...round, state: 'rolled-back' });
      return fail(400, 'INSUFFICIENT_FUNDS', 'Not enough funds for this debit; the round is rolled back.');
    }
    this.#rounds.set(t.roundId, round);
    this.#move({
      playerId: t.playerId,
      transactionId: t.transactionId,
      roundId: t.roundId,
      kind: 'debit',
      units: t.units,
      change,
      ...(round.freeGame === undefined ? {} : { freeGame: round.freeGame }),
    });
    return this.balanceAnswer(t.playerId);
  }

  #credit(t: LedgerTransaction): MgPlusAnswer {
    const round = this.#rounds.get(t.roundId);
    if (round === undefined || round.playerId !== t.playerId)
      return fail(400, 'VALIDATION_FAILED', "A credit needs the round's debit first.");
    if (round.state === 'rolled-back')
      return fail(400, 'DEBIT_ROLLED_BACK', "The round's debit was rolled back; the round is cancelled.");
    if (round.state === 'closed') return fail(400, 'VALIDATION_FAILED', 'The round is closed.');
    const account = this.#accounts.get(t.playerId)!;
    if (account.units + t.units > MAX_UNITS)
      return fail(
        400,
        'VALIDATION_FAILED',
        `The sandbox wallet holds at most ${unitsToText(MAX_UNITS, account.decimals)} per player.`,
      );
    round.credits += 1;
    if (t.roundFinished) round.state = 'closed';
    this.#move({
      playerId: t.playerId,
      transactionId: t.transactionId,
      roundId: t.roundId,
      kind: 'credit',
      units: t.units,
      change: t.units,
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
        debitUnits: 0n,
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
    if (round.freeGame !== undefined) {
      const offer = this.offersOf(r.playerId).find((o) => o.instanceId === round.freeGame!.instanceId);
      if (offer !== undefined) offer.numberOfRoundsRemaining += 1;
    }
    this.#move({
      playerId: r.playerId,
      transactionId: r.transactionId,
      roundId: r.roundId,
      kind: 'rollback',
      units: round.debitUnits,
      // A free round moved no cash, so its rollback moves none either.
      change: round.freeGame === undefined ? round.debitUnits : 0n,
      ...(round.freeGame === undefined ? {} : { freeGame: round.freeGame }),
    });
    return this.balanceAnswer(r.playerId);
  }
}
