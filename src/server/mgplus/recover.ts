/**
 * Settles the rounds a crashed (or failing) process left `open` in the journal, with the ids it journaled:
 * - debit outcome unknown → roll it back;
 * - debit done, no credit decided (the process died before the payout) → by default roll the debit back (the
 *   round never resolved, so the bet is returned); `undecided: 'close'` closes it with a zero credit instead;
 * - credit journaled, outcome unknown → send the same credit again (same `transactionId`, never a new one);
 * - rollback journaled, outcome unknown → send it again.
 */
import type { MgPlusJournalStep, MgPlusRoundRecord } from './journal.js';
import { cancelRound, type RoundContext, sendCredit } from './rounds.js';

/** Options of `recover()`. */
export interface MgPlusRecoverOptions {
  /**
   * What to do with a round whose debit went through but whose payout was never decided. `rollback` (default)
   * returns the bet; `close` keeps it and closes the round with a zero credit.
   */
  undecided?: 'rollback' | 'close';
  /**
   * Only rounds not written for this long (ms). Default 0: every open round except those this client is playing
   * right now, right for a single process. Set it (well above the client's worst-case retry time) when other
   * processes may be playing rounds of the same journal.
   */
  minAgeMs?: number;
}

/** What `recover()` did. */
export interface MgPlusRecoverReport {
  /** Open rounds looked at. */
  examined: number;
  settled: number;
  cancelled: number;
  /** MG+ refused a credit or rollback for good: a person must look (state `failed`). */
  failed: number;
  /** Round ids still open (MG+ unreachable): run `recover()` again later. */
  stillOpen: string[];
}

function last(record: MgPlusRoundRecord, kind: MgPlusJournalStep['kind']): MgPlusJournalStep | undefined {
  for (let i = record.steps.length - 1; i >= 0; i--)
    if (record.steps[i]!.kind === kind) return record.steps[i];
  return undefined;
}

async function settle(ctx: RoundContext, record: MgPlusRoundRecord, undecided: 'rollback' | 'close') {
  const debit = last(record, 'debit');
  if (debit === undefined) return;
  if (last(record, 'rollback') !== undefined || debit.state === 'pending') return cancelRound(ctx, record);
  if (debit.state === 'refused') {
    record.state = 'refused';
    record.updatedAt = ctx.now();
    return ctx.journal.save(record);
  }
  let credit = last(record, 'credit');
  if (credit === undefined || credit.state === 'done') {
    if (credit === undefined && undecided === 'rollback') return cancelRound(ctx, record);
    // Nothing decided, or credits done but none closed the round: close it with a zero credit.
    credit = {
      kind: 'credit',
      transactionId: crypto.randomUUID(),
      amount: 0,
      roundFinished: true,
      state: 'pending',
    };
    record.steps.push(credit);
    record.updatedAt = ctx.now();
    await ctx.journal.save(record);
  }
  await sendCredit(ctx, record, credit);
}

/** Settles every open round of the journal (one at a time). */
export async function recoverRounds(
  ctx: RoundContext,
  options: MgPlusRecoverOptions = {},
): Promise<MgPlusRecoverReport> {
  const undecided = options.undecided ?? 'rollback';
  const minAgeMs = options.minAgeMs ?? 0;
  const report: MgPlusRecoverReport = { examined: 0, settled: 0, cancelled: 0, failed: 0, stillOpen: [] };
  for (const record of await ctx.journal.unfinished()) {
    if (ctx.inFlight.has(record.roundId) || ctx.now() - record.updatedAt < minAgeMs) continue;
    report.examined++;
    await settle(ctx, record, undecided);
    if (record.state === 'settled') report.settled++;
    else if (record.state === 'cancelled' || record.state === 'refused') report.cancelled++;
    else if (record.state === 'failed') report.failed++;
    else report.stillOpen.push(record.roundId);
  }
  return report;
}
