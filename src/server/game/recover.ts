/**
 * Settles what calls left unsettled: intents whose outcome was not known in time (reconciled as in `intents.ts`,
 * one look each per run, under the intent's lease so two processes never work on one), intents done but not yet
 * audited for the platform's own double, and records the journal could not take (written first, from this
 * process's newer copy).
 */

import type { PlayerMarks } from './busy.js';
import { audit, type IntentContext, keep, pursue, recheck } from './intents.js';
import { type GameIntentRecord, isUnsettled } from './journal.js';

/** What one recovery run did. */
export interface GameRecoverReport {
  /** Intents looked at. */
  examined: number;
  /** Intents that reached `done` (or were audited) in this run. */
  done: number;
  /** Reached `refused` or `reverted`: nothing moved. */
  void: number;
  /** Reached `attention`: a person must decide. */
  attention: number;
  /** Platform doubles found (intents mined more than once), in this run. */
  platformDoubles: number;
  /** Still unsettled (the platform unreachable, a task not yet done, or another process holds the intent). */
  stillOpen: string[];
}

/** What recovery needs from the client. */
export interface RecoverContext extends IntentContext {
  marks: PlayerMarks;
  owner: string;
  leaseMs: number;
  /** Intents this process is sending right now: left to their call. */
  inFlight: Set<string>;
  settled(record: GameIntentRecord): void;
}

async function recoverOne(ctx: RecoverContext, intentId: string): Promise<GameIntentRecord | undefined> {
  const lease = ctx.journal.lease;
  if (lease !== undefined && !(await lease.call(ctx.journal, `intent:${intentId}`, ctx.owner, ctx.leaseMs)))
    return undefined;
  try {
    const local = ctx.unsaved.get(intentId);
    const record = local ?? (await ctx.journal.load(intentId));
    if (record === undefined) return undefined;
    if (local !== undefined) await keep(ctx, record);
    if (isUnsettled(record))
      await pursue(ctx, record, Date.now()); // one look: the loop comes back
    else if (record.state === 'attention') await recheck(ctx, record);
    else await audit(ctx, record);
    return record;
  } finally {
    await ctx.journal.release?.(`intent:${intentId}`, ctx.owner).catch(() => {});
  }
}

/** One recovery run over every intent that needs it (see the module comment). */
export async function recoverIntents(ctx: RecoverContext): Promise<GameRecoverReport> {
  const report: GameRecoverReport = {
    examined: 0,
    done: 0,
    void: 0,
    attention: 0,
    platformDoubles: 0,
    stillOpen: [],
  };
  const seen = new Map<string, GameIntentRecord>(ctx.unsaved);
  for (const record of await ctx.journal.unfinished())
    if (!seen.has(record.intentId)) seen.set(record.intentId, record);
  for (const before of seen.values()) {
    if (ctx.inFlight.has(before.intentId)) continue;
    report.examined++;
    ctx.inFlight.add(before.intentId);
    let after: GameIntentRecord | undefined;
    try {
      after = await recoverOne(ctx, before.intentId);
    } catch {
      after = undefined; // the platform or the journal failed under it: next run
    } finally {
      ctx.inFlight.delete(before.intentId);
    }
    if (after === undefined || isUnsettled(after)) {
      report.stillOpen.push(before.intentId);
      continue;
    }
    if (before.state === 'attention' && after.state === 'attention') continue; // still for a person
    if (after.state === 'done') report.done++;
    else if (after.state === 'attention') report.attention++;
    else report.void++;
    if ((after.platformDouble?.length ?? 0) > (before.platformDouble?.length ?? 0)) report.platformDoubles++;
    if (before.state !== after.state) await ctx.marks.free(after);
    if (
      before.state !== after.state ||
      (after.platformDouble?.length ?? 0) > (before.platformDouble?.length ?? 0)
    )
      ctx.settled(after);
  }
  return report;
}
