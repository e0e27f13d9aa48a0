/**
 * What a game is told about a round, derived from its journal record: the same answer from `playRound`, from
 * `round(roundId)` later, and in the `recovered` event. A round whose money may have moved is never told as a
 * failure: it is `settled`, `pending` (not known yet: recovery goes on) or `failed` (MG+ refused to settle it for
 * good: a person must look).
 */
import type { MgPlusJournalStep, MgPlusRoundRecord } from './journal.js';
import type { MgPlusFreeGame } from './types.js';

/** Fields every outcome has. */
interface RoundOutcomeBase {
  roundId: string;
  bet: number;
  playerId: string;
  debitTransactionId: string;
}

/** The round is over: the bet was debited and the closing credit (0 for a lost round) paid. */
export interface MgPlusRoundSettled extends RoundOutcomeBase {
  status: 'settled';
  /** The credited amount (0 for a lost round). */
  win: number;
  /** The balance MG+ reported after the closing credit. */
  balance: number;
  /** The offers as MG+ reported them after the credit (absent when read back from the journal). */
  freeGames?: MgPlusFreeGame[];
  creditTransactionId: string;
}

/**
 * Not known in time (`rounds.settleWithinMs`): money may have moved. The round stays open in the journal and the
 * client's recovery settles it with the same transaction ids; ask {@link MgPlusClient.round} later, or listen to
 * `recovered`. Tell the player the round is being confirmed, never that it failed.
 */
export interface MgPlusRoundPending extends RoundOutcomeBase {
  status: 'pending';
  /** The win decided for the round, when the payout ran (the credit is then what is pending). */
  win?: number;
  /** The step whose outcome is not known. */
  stage: 'debit' | 'credit' | 'rollback' | 'journal';
  /** The code of the last failed attempt (`TIMEOUT`, `NETWORK`, …, or `STATE_UNAVAILABLE` for the journal). */
  code?: string;
}

/** MG+ refused a credit or rollback for good: the bet was taken and not returned or paid; a person must look. */
export interface MgPlusRoundFailed extends RoundOutcomeBase {
  status: 'failed';
  win?: number;
  /** MG+'s code of the refusal. */
  code: string;
}

/** No money moved in the end: the bet was refused (`refused`) or rolled back (`cancelled`). */
export interface MgPlusRoundVoid<S extends 'cancelled' | 'refused' = 'cancelled' | 'refused'>
  extends RoundOutcomeBase {
  status: S;
  /** The code that ended it (e.g. `INSUFFICIENT_FUNDS`, or the debit's unknown outcome that led to the rollback). */
  code?: string;
}

/** What `playRound` answers (a round with no money moved rejects instead, with the error that ended it). */
export type MgPlusRoundOutcome = MgPlusRoundSettled | MgPlusRoundPending | MgPlusRoundFailed;

/** What `round(roundId)` and the `recovered` event tell: any state a journaled round can be in. */
export type MgPlusRoundStatus =
  | MgPlusRoundOutcome
  | MgPlusRoundVoid<'cancelled'>
  | MgPlusRoundVoid<'refused'>;

function last(record: MgPlusRoundRecord, kind: MgPlusJournalStep['kind']): MgPlusJournalStep | undefined {
  for (let i = record.steps.length - 1; i >= 0; i--)
    if (record.steps[i]!.kind === kind) return record.steps[i];
  return undefined;
}

/** The outcome a record stands for. */
export function outcomeOf(record: MgPlusRoundRecord): MgPlusRoundStatus {
  const debit = record.steps.find((s) => s.kind === 'debit')!;
  const credit = last(record, 'credit');
  const base: RoundOutcomeBase = {
    roundId: record.roundId,
    bet: record.bet,
    playerId: record.session.playerId,
    debitTransactionId: debit.transactionId,
  };
  const win = credit === undefined ? {} : { win: credit.amount };
  switch (record.state) {
    case 'settled':
      return {
        ...base,
        status: 'settled',
        win: credit!.amount,
        balance: credit!.balance ?? Number.NaN,
        creditTransactionId: credit!.transactionId,
      };
    case 'failed': {
      const refused = [...record.steps].reverse().find((s) => s.state === 'refused');
      return { ...base, status: 'failed', ...win, code: refused?.code ?? 'UNKNOWN' };
    }
    case 'cancelled':
    case 'refused': {
      const ended: MgPlusRoundVoid<typeof record.state> = { ...base, status: record.state };
      const code = record.steps.find((s) => s.code !== undefined)?.code;
      if (code !== undefined) ended.code = code;
      return ended as MgPlusRoundStatus;
    }
    default: {
      const step = last(record, 'rollback') ?? (credit?.state === 'pending' ? credit : debit);
      const pending: MgPlusRoundPending = { ...base, status: 'pending', ...win, stage: step.kind };
      if (step.code !== undefined) pending.code = step.code;
      return pending;
    }
  }
}
