/**
 * Settles the rounds left `open` (a crash, MG+ unreachable, a round answered `pending`), with the ids journaled:
 * - debit outcome unknown → roll it back;
 * - debit done, no credit decided (the process died before the payout) → by default roll the debit back (the
 *   round never resolved, so the bet is returned); `undecided: 'close'` closes it with a zero credit instead;
 * - credit journaled, outcome unknown → send the same credit again (same `transactionId`, never a new one);
 * - rollback journaled, outcome unknown → send it again.
 *
 * Each round is settled under its lease (journals that have leases), and re-read once the lease is held: two
 * processes never settle one round, and a round another process finished meanwhile is left as it is. Records this
 * process could not write (journal unavailable) are written first, from this process's newer copy.
 */
import type { MgPlusJournalStep, MgPlusRoundRecord } from './journal.js';
import { type MgPlusRoundStatus, outcomeOf } from './round-outcome.js';
import { cancelRound, keep, type RoundContext, sendCredit } from './rounds.js';

/** Options of `recover()`. */
export interface MgPlusRecoverOptions {
  /**
   * What to do with a round whose debit went through but whose payout was never decided. `rollback` (default)
   * returns the bet; `close` keeps it and closes the round with a zero credit.
   */
  undecided?: 'rollback' | 'close';
  /**
   * Only rounds not written for this long (ms). Default 0. Rounds in play hold a lease, so with a journal that has
   * leases (memory, Redis) this is not needed; with one that has none, set it well above `rounds.settleWithinMs`
   * when other processes may be playing rounds of the same journal.
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
  /** Round ids still open (MG+ unreachable, or leased by another process): a later run settles them. */
  stillOpen: string[];
}

/** What recovery reports besides its counts: each round it brought to an end. */
export type RecoveredListener = (outcome: MgPlusRoundStatus) => void;

function last(record: MgPlusRoundRecord, kind: MgPlusJournalStep['kind']): MgPlusJournalStep | undefined {
  for (let i = record.steps.length - 1; i >= 0; i--)
    if (record.steps[i]!.kind === kind) return record.steps[i];
  return undefined;
}

async function settle(
  ctx: RoundContext,
  record: MgPlusRoundRecord,
  undecided: 'rollback' | 'close',
  deadline: number,
): Promise<void> {
  const debit = last(record, 'debit');
  if (debit === undefined) return;
  if (last(record, 'rollback') !== undefined || debit.state === 'pending')
    return cancelRound(ctx, record, deadline);
  if (debit.state === 'refused') {
    record.state = 'refused';
    return keep(ctx, record);
  }
  let credit = last(record, 'credit');
  if (credit === undefined || credit.state === 'done') {
    if (credit === undefined && undecided === 'rollback') return cancelRound(ctx, record, deadline);
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
    try {
      await ctx.journal.save(record); // journaled before it is sent
    } catch {
      record.steps.pop();
      return;
    }
  }
  await sendCredit(ctx, record, credit, deadline);
}

/**
 * Takes one round's lease and settles the newest record of it; `undefined` when another process holds it.
 * The lease is kept while the journal lacks this process's newer copy.
 */
async function recoverOne(
  ctx: RoundContext,
  roundId: string,
  undecided: 'rollback' | 'close',
): Promise<MgPlusRoundRecord | undefined> {
  const leased =
    ctx.journal.lease === undefined || (await ctx.journal.lease(roundId, ctx.owner, ctx.leaseMs));
  if (!leased) return undefined;
  try {
    const local = ctx.unsaved.get(roundId);
    const record = local ?? (await ctx.journal.load(roundId));
    if (record === undefined) return undefined;
    if (local !== undefined) await keep(ctx, record);
    if (record.state === 'open') await settle(ctx, record, undecided, ctx.now() + ctx.settleWithinMs);
    return record;
  } finally {
    if (ctx.journal.lease !== undefined && !ctx.unsaved.has(roundId))
      await ctx.journal.release?.(roundId, ctx.owner).catch(() => {});
  }
}

/** Settles every open round of the journal (one at a time) and this process's unwritten ones. */
export async function recoverRounds(
  ctx: RoundContext,
  options: MgPlusRecoverOptions = {},
  recovered?: RecoveredListener,
): Promise<MgPlusRecoverReport> {
  const undecided = options.undecided ?? 'rollback';
  const minAgeMs = options.minAgeMs ?? 0;
  const report: MgPlusRecoverReport = { examined: 0, settled: 0, cancelled: 0, failed: 0, stillOpen: [] };
  const candidates = new Map<string, MgPlusRoundRecord>();
  for (const [id, record] of ctx.unsaved) candidates.set(id, record);
  let journalError: unknown;
  try {
    for (const record of await ctx.journal.unfinished())
      if (!candidates.has(record.roundId)) candidates.set(record.roundId, record);
  } catch (error) {
    journalError = error; // the unwritten rounds are still tried: their writes tell whether the journal is back
  }
  for (const seen of candidates.values()) {
    const roundId = seen.roundId;
    if (ctx.inFlight.has(roundId) || ctx.now() - seen.updatedAt < minAgeMs) continue;
    const wasOpen = seen.state === 'open';
    report.examined++;
    ctx.inFlight.add(roundId);
    let record: MgPlusRoundRecord | undefined;
    try {
      record = await recoverOne(ctx, roundId, undecided);
    } catch {
      record = undefined; // the journal failed under this round: it stays for the next run
    } finally {
      ctx.inFlight.delete(roundId);
    }
    if (record === undefined || record.state === 'open') {
      report.stillOpen.push(roundId);
      continue;
    }
    if (record.state === 'settled') report.settled++;
    else if (record.state === 'cancelled' || record.state === 'refused') report.cancelled++;
    else report.failed++;
    if (wasOpen) recovered?.(outcomeOf(record));
  }
  if (journalError !== undefined && report.examined === 0) throw journalError;
  return report;
}
