/**
 * Rounds that move money exactly once. One call plays a whole round, so a studio cannot leave one open and the
 * payout is whatever the studio's server computes (never a number from the browser):
 *
 * 1. a `roundId` and the debit's `transactionId` are chosen and journaled, then the debit is sent (retried with the
 *    same id on retryable outcomes);
 * 2. a debit whose outcome stays unknown is rolled back (the rollback is retried too; if it still fails the round
 *    stays `open` in the journal for `recover()`); a refused debit ends the round (`INSUFFICIENT_FUNDS`: MG+ rolls
 *    it back itself);
 * 3. `payout(debit)` runs on the server; if it throws, the debit is rolled back (the bet never played);
 * 4. the credit (a zero credit for a lost round) is journaled, then sent with `roundFinished: true`; if its outcome
 *    stays unknown the round stays `open` and `recover()` retries it with the same id, never a new one.
 *
 * Where the guide is silent, the choice that cannot lose or double money:
 * - "unknown" is any retryable outcome after the last attempt (timeouts, dropped connections, 5xx, `DEBIT_FAILED`,
 *   `CREDIT_FAILED`, `RETRY_REQUIRED`, an answer that does not echo our request id or has the wrong shape);
 * - a debit refused for good (`PLAYER_UNAUTHORIZED`, `VALIDATION_FAILED`, …) moved nothing: no rollback is sent;
 * - a credit or rollback refused for good (other than `DEBIT_ROLLED_BACK`) ends the round `failed`: the player may
 *   be owed money, nothing retries it, a person must look (`MemoryMgPlusJournal.rounds()` lists them);
 * - a free-game round debits the offer's cost per bet with `freeGameInfo` (the sandbox charges the offer, not the
 *   player's cash) and sends `freeGameInfo` again with the credit;
 * - `gameInfo` returned by `payout` is journaled with the credit, so a retried credit carries it too.
 */
import { isMgPlusError, type MgPlusError } from './errors.js';
import type { MgPlusJournal, MgPlusJournalStep, MgPlusRoundRecord } from './journal.js';
import type {
  MgPlusBalanceResult,
  MgPlusFreeGameRef,
  MgPlusRollbackRequest,
  MgPlusSession,
  MgPlusTransactionRequest,
} from './types.js';

/** What the round code needs from the client: its (retrying) calls, journal and clock. */
export interface RoundContext {
  transaction(session: MgPlusSession, request: MgPlusTransactionRequest): Promise<MgPlusBalanceResult>;
  rollback(session: MgPlusSession, request: MgPlusRollbackRequest): Promise<MgPlusBalanceResult>;
  journal: MgPlusJournal;
  now(): number;
  /** Rounds this client is playing right now: `recover()` leaves them alone. */
  inFlight: Set<string>;
}

/** What `payout` may return: an amount, or an amount with the `gameInfo` to send with the credit. */
export type MgPlusPayout = number | { amount: number; gameInfo?: unknown };

/** A round to play with `playRound`. */
export interface MgPlusRoundPlay {
  /**
   * The debit amount in the player's currency (≥ 0). For a free-game round, the offer's cost per bet
   * (`nearestCostPerBet`): MG+ charges the offer, not the player.
   */
  bet: number;
  /**
   * The round's win, computed on the server after the debit succeeded (e.g. draw the reels here). 0 for a lost
   * round: the round is then closed with a zero credit. If it throws, the debit is rolled back.
   */
  payout: (debit: MgPlusDebitResult) => MgPlusPayout | Promise<MgPlusPayout>;
  /** Play a free-game instance (sent as `freeGameInfo` with the debit and the credit). */
  freeGame?: MgPlusFreeGameRef;
  /** Sent with the debit (itemised side bets and the like). */
  gameInfo?: unknown;
  /** The round id: a new one (a journaled id is refused). Default: a random UUID. */
  roundId?: string;
}

/** What `payout` is given. */
export interface MgPlusDebitResult extends MgPlusBalanceResult {
  roundId: string;
  transactionId: string;
}

/** A round played to the end. */
export interface MgPlusRoundResult {
  roundId: string;
  bet: number;
  /** The credited amount (0 for a lost round). */
  win: number;
  /** The balance MG+ reported after the closing credit. */
  balance: number;
  freeGames: MgPlusBalanceResult['freeGames'];
  debitTransactionId: string;
  creditTransactionId: string;
}

const uuid = () => crypto.randomUUID();

async function write(ctx: RoundContext, record: MgPlusRoundRecord): Promise<void> {
  record.updatedAt = ctx.now();
  await ctx.journal.save(record);
}

function codeOf(error: unknown): string {
  return isMgPlusError(error) ? error.code : 'INTERNAL';
}

function uncertain(error: unknown): boolean {
  // Anything that is not a definite MG+ refusal leaves the money's fate unknown.
  return !isMgPlusError(error) || error.retryable;
}

/**
 * Rolls the round's debit back (same id as the debit). The record ends `cancelled`, `failed` (MG+ refused the
 * rollback for good), or stays `open` when the rollback's own outcome is unknown.
 */
export async function cancelRound(ctx: RoundContext, record: MgPlusRoundRecord): Promise<void> {
  const debit = record.steps.find((s) => s.kind === 'debit')!;
  let step = record.steps.find((s) => s.kind === 'rollback');
  if (step === undefined) {
    step = {
      kind: 'rollback',
      transactionId: debit.transactionId,
      amount: debit.amount,
      roundFinished: true,
      state: 'pending',
    };
    record.steps.push(step);
    await write(ctx, record);
  }
  try {
    const answer = await ctx.rollback(record.session, {
      transactionId: debit.transactionId,
      roundId: record.roundId,
    });
    step.state = 'done';
    step.balance = answer.balance;
    record.state = 'cancelled';
  } catch (error) {
    step.code = codeOf(error);
    if (uncertain(error)) {
      record.state = 'open';
    } else if (step.code === 'DEBIT_ROLLED_BACK') {
      step.state = 'done'; // already rolled back: the wanted outcome
      record.state = 'cancelled';
    } else {
      step.state = 'refused';
      record.state = 'failed';
    }
  }
  await write(ctx, record);
}

/** Sends a journaled credit (again, same id). The record ends `settled`, `cancelled`, `failed`, or stays `open`. */
export async function sendCredit(
  ctx: RoundContext,
  record: MgPlusRoundRecord,
  step: MgPlusJournalStep,
): Promise<MgPlusBalanceResult | MgPlusError | Error> {
  const request: MgPlusTransactionRequest = {
    transactionId: step.transactionId,
    roundId: record.roundId,
    amount: step.amount,
    transactionType: 'credit',
    roundFinished: step.roundFinished,
  };
  if (record.freeGame !== undefined) request.freeGameInfo = record.freeGame;
  if (step.gameInfo !== undefined) request.gameInfo = step.gameInfo;
  try {
    const answer = await ctx.transaction(record.session, request);
    step.state = 'done';
    step.balance = answer.balance;
    if (step.roundFinished) record.state = 'settled';
    await write(ctx, record);
    return answer;
  } catch (error) {
    step.code = codeOf(error);
    if (!uncertain(error)) {
      step.state = 'refused';
      record.state = step.code === 'DEBIT_ROLLED_BACK' ? 'cancelled' : 'failed';
    }
    await write(ctx, record);
    return error instanceof Error ? error : new Error(String(error));
  }
}

function checkAmount(what: string, amount: unknown): number {
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0)
    throw new TypeError(`playRound: ${what} must be a finite number ≥ 0.`);
  return amount;
}

/** Plays one round (see the module comment). Rejects with the MG+ error that ended it, after journaling. */
export async function playRound(
  ctx: RoundContext,
  session: MgPlusSession,
  play: MgPlusRoundPlay,
): Promise<MgPlusRoundResult> {
  const bet = checkAmount('bet', play.bet);
  if (typeof play.payout !== 'function') throw new TypeError('playRound: payout must be a function.');
  const record: MgPlusRoundRecord = {
    roundId: play.roundId ?? uuid(),
    session: {
      playerId: session.playerId,
      playerToken: session.playerToken,
      game: session.game,
      ip: session.ip,
    },
    state: 'open',
    bet,
    steps: [{ kind: 'debit', transactionId: uuid(), amount: bet, roundFinished: false, state: 'pending' }],
    startedAt: ctx.now(),
    updatedAt: ctx.now(),
  };
  if (play.freeGame !== undefined) record.freeGame = { ...play.freeGame };
  if (ctx.inFlight.has(record.roundId)) throw new TypeError(`playRound: round ${record.roundId} is in play.`);
  ctx.inFlight.add(record.roundId);
  try {
    return await playSteps(ctx, session, play, record);
  } finally {
    ctx.inFlight.delete(record.roundId);
  }
}

async function playSteps(
  ctx: RoundContext,
  session: MgPlusSession,
  play: MgPlusRoundPlay,
  record: MgPlusRoundRecord,
): Promise<MgPlusRoundResult> {
  const bet = record.bet;
  const debit = record.steps[0]!;
  // A given round id must be new: overwriting a journaled round would lose track of its money.
  if (play.roundId !== undefined && (await ctx.journal.load(play.roundId)) !== undefined)
    throw new TypeError(`playRound: round ${play.roundId} was already played.`);
  await write(ctx, record);

  const request: MgPlusTransactionRequest = {
    transactionId: debit.transactionId,
    roundId: record.roundId,
    amount: bet,
    transactionType: 'debit',
    roundFinished: false,
  };
  if (record.freeGame !== undefined) request.freeGameInfo = record.freeGame;
  if (play.gameInfo !== undefined) request.gameInfo = play.gameInfo;
  let debited: MgPlusBalanceResult;
  try {
    debited = await ctx.transaction(session, request);
  } catch (error) {
    debit.code = codeOf(error);
    if (uncertain(error)) {
      await cancelRound(ctx, record);
    } else {
      debit.state = 'refused';
      const cancelled = debit.code === 'INSUFFICIENT_FUNDS' || debit.code === 'DEBIT_ROLLED_BACK';
      record.state = cancelled ? 'cancelled' : 'refused';
      await write(ctx, record);
    }
    throw error;
  }
  debit.state = 'done';
  debit.balance = debited.balance;
  await write(ctx, record);

  let win: number;
  let creditInfo: unknown;
  try {
    const payout = await play.payout({
      ...debited,
      roundId: record.roundId,
      transactionId: debit.transactionId,
    });
    win = checkAmount('payout', typeof payout === 'number' ? payout : payout?.amount);
    if (typeof payout === 'object') creditInfo = payout.gameInfo;
  } catch (error) {
    await cancelRound(ctx, record);
    throw error;
  }

  const credit: MgPlusJournalStep = {
    kind: 'credit',
    transactionId: uuid(),
    amount: win,
    roundFinished: true,
    state: 'pending',
  };
  if (creditInfo !== undefined) credit.gameInfo = creditInfo;
  record.steps.push(credit);
  await write(ctx, record);
  const credited = await sendCredit(ctx, record, credit);
  if (credited instanceof Error) throw credited;
  return {
    roundId: record.roundId,
    bet,
    win,
    balance: credited.balance,
    freeGames: credited.freeGames,
    debitTransactionId: debit.transactionId,
    creditTransactionId: credit.transactionId,
  };
}
