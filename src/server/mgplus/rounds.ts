/**
 * Rounds that move money exactly once, and tell the game what really happened. One call plays a whole round, so a
 * studio cannot leave one open and the payout is whatever the studio's server computes (never a number from the
 * browser):
 *
 * 1. the bet is checked (`amounts.ts`); the round's lease is taken (journals that have leases), its `roundId` and
 *    the debit's `transactionId` are journaled, then the debit is sent (retried with the same id);
 * 2. a debit whose outcome stays unknown is rolled back; a refused debit ends the round (`INSUFFICIENT_FUNDS`:
 *    MG+ rolls it back itself);
 * 3. `payout(debit)` runs on the server and is checked like the bet (and against the payout cap); if it throws, is
 *    refused, or does not answer by the deadline, the debit is rolled back (the bet never played);
 * 4. the credit (a zero credit for a lost round) is journaled, then sent with `roundFinished: true`.
 *
 * A credit or rollback is tried again (same id) until the round's deadline (`rounds.settleWithinMs`). The answer is
 * the round's real outcome: `settled`; `pending` when it is not known by the deadline (money may have moved: the
 * round stays open and the client's recovery settles it, `round(roundId)` and the `recovered` event tell the end);
 * `failed` when MG+ refused to settle it for good. It rejects only when no money moved: the debit was refused or
 * rolled back (with the error that ended it), or the round never started.
 *
 * Every call is journaled before it is sent. When the journal cannot take a write after the first one, the round
 * goes on in memory as long as no new call needs a write, and recovery writes the newer record first.
 *
 * Where the guide is silent, the choice that cannot lose or double money:
 * - "unknown" is any retryable outcome (timeouts, dropped connections, 5xx, `DEBIT_FAILED`, `CREDIT_FAILED`,
 *   `RETRY_REQUIRED`, an answer that does not echo our request id or has the wrong shape);
 * - a debit refused for good (`PLAYER_UNAUTHORIZED`, `VALIDATION_FAILED`, …) moved nothing: no rollback is sent;
 * - a credit or rollback refused for good (other than `DEBIT_ROLLED_BACK`) ends the round `failed`: the player may
 *   be owed money, nothing retries it, a person must look;
 * - a free-game round debits the offer's cost per bet with `freeGameInfo` (the sandbox charges the offer, not the
 *   player's cash) and sends `freeGameInfo` again with the credit;
 * - `gameInfo` returned by `payout` is journaled with the credit, so a retried credit carries it too.
 */
import { type AmountRules, checkAmount } from './amounts.js';
import { isMgPlusError } from './errors.js';
import type { MgPlusJournalStep, MgPlusRoundRecord } from './journal.js';
import { type CallContext, callUntil, retryableFor, writeUntil } from './round-calls.js';
import { type MgPlusRoundOutcome, type MgPlusRoundStatus, outcomeOf } from './round-outcome.js';
import type {
  MgPlusBalanceResult,
  MgPlusFreeGameRef,
  MgPlusSession,
  MgPlusTransactionRequest,
} from './types.js';

/** What the round code needs from the client. */
export interface RoundContext extends CallContext {
  amounts: AmountRules;
  /** How long a round (or one recovery of it) keeps settling before it answers `pending`. */
  settleWithinMs: number;
  /** How long a round's lease lasts: longer than a round can run. */
  leaseMs: number;
  /** This client's lease owner id. */
  owner: string;
  /** Rounds this client is playing or recovering right now: its own recovery leaves them alone. */
  inFlight: Set<string>;
  /** Records whose last journal write failed: newer than the journal's copy; recovery writes them first. */
  unsaved: Map<string, MgPlusRoundRecord>;
}

/** What `payout` may return: an amount, or an amount with the `gameInfo` to send with the credit. */
export type MgPlusPayout = number | { amount: number; gameInfo?: unknown };

/** A round to play with `playRound`. */
export interface MgPlusRoundPlay {
  /**
   * The debit amount in the player's currency (> 0, no more decimals than the currency has). For a free-game
   * round, the offer's cost per bet (`nearestCostPerBet`): MG+ charges the offer, not the player.
   */
  bet: number;
  /**
   * The round's win, computed on the server after the debit succeeded (e.g. draw the reels here). 0 for a lost
   * round: the round is then closed with a zero credit. If it throws, returns an amount the checks refuse, or does
   * not answer by the deadline, the debit is rolled back.
   */
  payout: (debit: MgPlusDebitResult) => MgPlusPayout | Promise<MgPlusPayout>;
  /** Play a free-game instance (sent as `freeGameInfo` with the debit and the credit). */
  freeGame?: MgPlusFreeGameRef;
  /** Sent with the debit (itemised side bets and the like). */
  gameInfo?: unknown;
  /** The round id: a new one (a journaled id is refused). Default: a random UUID. */
  roundId?: string;
  /** This round's deadline in ms (see `rounds.settleWithinMs`). */
  settleWithinMs?: number;
}

/** What `payout` is given. */
export interface MgPlusDebitResult extends MgPlusBalanceResult {
  roundId: string;
  transactionId: string;
}

const uuid = () => crypto.randomUUID();

function codeOf(error: unknown): string {
  return isMgPlusError(error) ? error.code : 'INTERNAL';
}

/** Anything that is not a definite MG+ refusal leaves the money's fate unknown. */
function uncertain(error: unknown): boolean {
  return !isMgPlusError(error) || error.retryable;
}

/** Records the record's new state; a failed write keeps the newer record for recovery instead of failing. */
export async function keep(ctx: RoundContext, record: MgPlusRoundRecord): Promise<void> {
  record.updatedAt = ctx.now();
  try {
    await ctx.journal.save(record);
    ctx.unsaved.delete(record.roundId);
  } catch {
    ctx.unsaved.set(record.roundId, structuredClone(record));
  }
}

/**
 * Writes a step before its call; false (the record kept for recovery) when the journal stays unavailable until
 * the deadline: the call must not be sent then.
 */
async function journalFirst(
  ctx: RoundContext,
  record: MgPlusRoundRecord,
  deadline: number,
): Promise<boolean> {
  try {
    await writeUntil(ctx, record, deadline);
    ctx.unsaved.delete(record.roundId);
    return true;
  } catch {
    ctx.unsaved.set(record.roundId, structuredClone(record));
    return false;
  }
}

/**
 * Rolls the round's debit back (same id as the debit). The record ends `cancelled`, `failed` (MG+ refused the
 * rollback for good), or stays `open` (outcome unknown by the deadline, or the journal could not take the step).
 */
export async function cancelRound(
  ctx: RoundContext,
  record: MgPlusRoundRecord,
  deadline: number,
): Promise<void> {
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
    if (!(await journalFirst(ctx, record, deadline))) return;
  }
  const request = { transactionId: debit.transactionId, roundId: record.roundId };
  try {
    const answer = await callUntil(
      ctx,
      deadline,
      'rollback',
      (timeoutMs) => ctx.attempts.rollback(record.session, request, timeoutMs),
      { escalate: true, mayRetry: retryableFor(ctx.policy, 'settle') },
    );
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
  await keep(ctx, record);
}

/**
 * Sends a journaled credit (again, same id) until the deadline. The record ends `settled`, `cancelled`, `failed`,
 * or stays `open`. Resolves with MG+'s answer when it was accepted, else with the last error.
 */
export async function sendCredit(
  ctx: RoundContext,
  record: MgPlusRoundRecord,
  step: MgPlusJournalStep,
  deadline: number,
): Promise<{ answer: MgPlusBalanceResult } | { error: unknown }> {
  const request: MgPlusTransactionRequest = {
    transactionId: step.transactionId,
    roundId: record.roundId,
    amount: step.amount,
    transactionType: 'credit',
    roundFinished: step.roundFinished,
  };
  if (record.freeGame !== undefined) request.freeGameInfo = record.freeGame;
  if (step.gameInfo !== undefined) request.gameInfo = step.gameInfo;
  let result: { answer: MgPlusBalanceResult } | { error: unknown };
  try {
    const answer = await callUntil(
      ctx,
      deadline,
      'transaction',
      (timeoutMs) => ctx.attempts.transaction(record.session, request, timeoutMs),
      { escalate: true, mayRetry: retryableFor(ctx.policy, 'settle') },
    );
    step.state = 'done';
    step.balance = answer.balance;
    if (step.roundFinished) record.state = 'settled';
    result = { answer };
  } catch (error) {
    step.code = codeOf(error);
    if (!uncertain(error)) {
      step.state = 'refused';
      record.state = step.code === 'DEBIT_ROLLED_BACK' ? 'cancelled' : 'failed';
    }
    result = { error };
  }
  await keep(ctx, record);
  return result;
}

/** Settles `payout()` or rejects when the deadline passes first (a late answer is ignored). */
function beforeDeadline<T>(ctx: RoundContext, value: () => T | Promise<T>, deadline: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error('playRound: payout did not answer before the deadline.')),
      Math.max(0, deadline - ctx.now()),
    );
  });
  const running = Promise.resolve().then(value);
  running.catch(() => {}); // a late rejection is nobody's to handle
  return Promise.race([running, late]).finally(() => clearTimeout(timer));
}

/** The error a void round rejects with. */
class RoundVoid extends Error {
  constructor(readonly error: unknown) {
    super('void');
  }
}

/**
 * Plays one round (see the module comment). Resolves with its outcome; rejects when no money moved, with the error
 * that ended it.
 */
export async function playRound(
  ctx: RoundContext,
  session: MgPlusSession,
  play: MgPlusRoundPlay,
): Promise<MgPlusRoundOutcome> {
  const bet = checkAmount(ctx.amounts, session, 'bet', play.bet);
  if (typeof play.payout !== 'function') throw new TypeError('playRound: payout must be a function.');
  const settleWithinMs = play.settleWithinMs ?? ctx.settleWithinMs;
  if (!(settleWithinMs > 0 && settleWithinMs <= ctx.settleWithinMs))
    throw new TypeError(
      'playRound: settleWithinMs must be positive and at most the client’s rounds.settleWithinMs.',
    );
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
  const roundId = record.roundId;
  if (ctx.inFlight.has(roundId)) throw new TypeError(`playRound: round ${roundId} is in play.`);
  ctx.inFlight.add(roundId);
  let leased = false;
  try {
    if (ctx.journal.lease !== undefined) {
      leased = await ctx.journal.lease(roundId, ctx.owner, ctx.leaseMs);
      if (!leased) throw new TypeError(`playRound: round ${roundId} is in play elsewhere.`);
    }
    // A given round id must be new: overwriting a journaled round would lose track of its money.
    if (play.roundId !== undefined && (await ctx.journal.load(play.roundId)) !== undefined)
      throw new TypeError(`playRound: round ${play.roundId} was already played.`);
    await ctx.journal.save(record); // fails: nothing was sent
    return await playSteps(ctx, session, play, record, ctx.now() + settleWithinMs);
  } catch (error) {
    throw error instanceof RoundVoid ? error.error : error;
  } finally {
    ctx.inFlight.delete(roundId);
    // A record the journal has not taken keeps its lease until recovery writes it.
    if (leased && !ctx.unsaved.has(roundId)) await ctx.journal.release?.(roundId, ctx.owner).catch(() => {});
  }
}

/** The answer for a round whose money may have moved, or a {@link RoundVoid} when none did. */
function answer(ctx: RoundContext, record: MgPlusRoundRecord, cause: unknown): MgPlusRoundOutcome {
  const outcome: MgPlusRoundStatus = outcomeOf(record);
  if (outcome.status === 'cancelled' || outcome.status === 'refused') throw new RoundVoid(cause);
  if (outcome.status === 'pending' && ctx.unsaved.has(record.roundId) && record.state === 'open')
    return { ...outcome, stage: 'journal', code: 'STATE_UNAVAILABLE' };
  return outcome;
}

async function playSteps(
  ctx: RoundContext,
  session: MgPlusSession,
  play: MgPlusRoundPlay,
  record: MgPlusRoundRecord,
  deadline: number,
): Promise<MgPlusRoundOutcome> {
  const debit = record.steps[0]!;
  const request: MgPlusTransactionRequest = {
    transactionId: debit.transactionId,
    roundId: record.roundId,
    amount: record.bet,
    transactionType: 'debit',
    roundFinished: false,
  };
  if (record.freeGame !== undefined) request.freeGameInfo = record.freeGame;
  if (play.gameInfo !== undefined) request.gameInfo = play.gameInfo;
  let debited: MgPlusBalanceResult;
  try {
    debited = await callUntil(
      ctx,
      deadline,
      'transaction',
      (timeoutMs) => ctx.attempts.transaction(session, request, timeoutMs),
      { maxAttempts: ctx.policy.attempts, escalate: false, mayRetry: retryableFor(ctx.policy, 'debit') },
    );
  } catch (error) {
    debit.code = codeOf(error);
    if (uncertain(error)) {
      await cancelRound(ctx, record, deadline);
    } else {
      debit.state = 'refused';
      const cancelled = debit.code === 'INSUFFICIENT_FUNDS' || debit.code === 'DEBIT_ROLLED_BACK';
      record.state = cancelled ? 'cancelled' : 'refused';
      await keep(ctx, record);
    }
    return answer(ctx, record, error);
  }
  debit.state = 'done';
  debit.balance = debited.balance;
  await keep(ctx, record);

  let win: number;
  let creditInfo: unknown;
  try {
    const payout = await beforeDeadline(
      ctx,
      () => play.payout({ ...debited, roundId: record.roundId, transactionId: debit.transactionId }),
      deadline,
    );
    win = checkAmount(ctx.amounts, session, 'payout', typeof payout === 'number' ? payout : payout?.amount);
    if (typeof payout === 'object') creditInfo = payout.gameInfo;
  } catch (error) {
    await cancelRound(ctx, record, deadline);
    return answer(ctx, record, error);
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
  if (!(await journalFirst(ctx, record, deadline))) return answer(ctx, record, undefined);
  const credited = await sendCredit(ctx, record, credit, deadline);
  const outcome = answer(ctx, record, 'error' in credited ? credited.error : undefined);
  if (outcome.status === 'settled' && 'answer' in credited) outcome.freeGames = credited.answer.freeGames;
  return outcome;
}
