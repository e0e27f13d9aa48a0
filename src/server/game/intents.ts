/**
 * Tokens move exactly once over an API that has no idempotency of its own (docs/platform/plyr-game.md): every
 * token-moving call is an intent, journaled before it is sent, its task id recorded when it comes back. An outcome
 * that is not known (no answer, a 5xx, a timeout, the sync wait's 504, a FAILED task, PENDING past `stuckAfterMs`)
 * is never sent again blindly. It is reconciled, in this order:
 *
 * 1. the task's status: SUCCESS decides;
 * 2. the activity log (the first line's player, entries of this intent's shape, hash and `success`): a mined
 *    transaction decides, even under a FAILED task (the worker may have failed after mining), and more than one
 *    mined transaction is the platform's own double, recorded on the intent;
 * 3. balances against the baseline taken before sending (pay-type intents and chips).
 *
 * It is sent again only when that proves it did not happen: its task ended FAILED (the worker never retries it),
 * the log shows no transaction of it, and the balances are exactly the baseline; or when a second copy cannot move
 * tokens twice (`resendable`: it empties and ends a room). Anything else that stays unknown becomes `attention`:
 * nothing sends it again, and the record holds what a person needs to decide.
 */
import { answerError, PlyrGameError } from './errors.js';
import { balanceEvidence, logEvidence } from './evidence.js';
import type { GameIntentAttempt, GameIntentRecord, PlyrGameJournal } from './journal.js';
import { type GameTaskStatus, REVERTED, readQueuedTask, readTaskStatus } from './tasks.js';
import { callPlatform, type GameTransport } from './transport.js';

/** How intents wait and decide (client options `intents`). */
export interface GameIntentTiming {
  /** How long a money call waits for its outcome before it answers `pending` (recovery goes on), ms. */
  settleWithinMs: number;
  /** Time between task-status checks, ms. */
  pollMs: number;
  /** A task still PENDING this long after it was sent is taken as stuck: reconciled, then `attention`, ms. */
  stuckAfterMs: number;
  /** A call with no task id and nothing in the log this long after it was sent: `attention`, ms. */
  unseenAfterMs: number;
  /** How far the platform's clock may be behind ours when reading the log, ms. */
  clockSkewMs: number;
  /** HTTP timeout of a sync call (the platform itself waits about 25 s), ms. */
  syncTimeoutMs: number;
}

/** What the intent engine needs from the client. */
export interface IntentContext {
  transport: GameTransport;
  journal: PlyrGameJournal;
  /** Records the journal could not take after their send: newer than its copy; recovery writes them first. */
  unsaved: Map<string, GameIntentRecord>;
  gameId: string;
  timing: GameIntentTiming;
  /**
   * The clock of records, signatures and ages (`stuckAfterMs`, the log window): the platform's time. Deadlines of
   * waiting (`settleWithinMs`, polls) run on real time, so a test clock that stands still cannot hang a call.
   */
  now(): number;
  /** Hashes this process saw settle intents, per player: never evidence for another intent. */
  claimed(plyrId: string): Set<string>;
}

/**
 * Where the log stops being evidence of `record`: its task's completion (every transaction of a task, re-sent ones
 * too, is logged before it), else when it went to a person, else nowhere (while it is unsettled its players are
 * busy with it, see `busy.ts`: nothing else of theirs of this kind can be in the log).
 */
function windowEnd(ctx: IntentContext, record: GameIntentRecord): number {
  if (record.completedAt !== undefined) return Date.parse(record.completedAt) + ctx.timing.clockSkewMs;
  return record.windowEndAt ?? Number.POSITIVE_INFINITY;
}

/** The log's evidence of `record` within its window, leaving out hashes of other intents. */
const evidenceOf = (ctx: IntentContext, record: GameIntentRecord, claimed: ReadonlySet<string>) =>
  logEvidence(ctx.transport, ctx.gameId, record, ctx.timing.clockSkewMs, claimed, windowEnd(ctx, record));

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Writes the record before a send: a failure stops the send (nothing goes out unjournaled). */
async function writeFirst(ctx: IntentContext, record: GameIntentRecord): Promise<void> {
  record.updatedAt = ctx.now();
  await ctx.journal.save(record);
  ctx.unsaved.delete(record.intentId);
}

/** Writes what a send or check learnt; a failed write keeps the newer record for recovery instead of failing. */
export async function keep(ctx: IntentContext, record: GameIntentRecord): Promise<void> {
  record.updatedAt = ctx.now();
  try {
    await ctx.journal.save(record);
    ctx.unsaved.delete(record.intentId);
  } catch {
    ctx.unsaved.set(record.intentId, structuredClone(record));
  }
}

function settle(
  ctx: IntentContext,
  record: GameIntentRecord,
  state: GameIntentRecord['state'],
  note?: string,
) {
  record.state = state;
  if (state === 'attention') record.windowEndAt = ctx.now();
  if (note !== undefined) record.notes.push(note);
  if (record.hash !== undefined)
    for (const { plyrId } of record.lines) {
      const claimed = ctx.claimed(plyrId);
      for (const hash of [record.hash, ...(record.platformDouble ?? [])]) claimed.add(hash);
    }
}

/** Sends the journaled intent once (sync mode) and records what came back. Never throws for an unknown outcome. */
async function send(ctx: IntentContext, record: GameIntentRecord): Promise<GameTaskStatus | undefined> {
  const attempt: GameIntentAttempt = { at: ctx.now(), outcome: 'SENT' };
  record.attempts.push(attempt);
  record.sentAt = attempt.at;
  delete record.taskId;
  delete record.completedAt;
  await writeFirst(ctx, record); // the send is on record before it goes out
  try {
    const { status, body } = await callPlatform(
      ctx.transport,
      'POST',
      record.path,
      record.body,
      ctx.timing.syncTimeoutMs,
    );
    attempt.status = status;
    const task = readTaskStatus(body);
    const queued = readQueuedTask(body) ?? task?.taskId;
    if (queued !== undefined) {
      attempt.taskId = queued;
      record.taskId = queued;
      if (record.state === 'pending') record.state = 'queued';
    }
    if (status >= 400 && status < 500) {
      const error = answerError(status, body, record.path);
      attempt.outcome = error.code;
      settle(ctx, record, 'refused', `refused before it was queued: ${error.platformMessage ?? status}`);
      return undefined;
    }
    attempt.outcome =
      task?.status ??
      (queued !== undefined ? 'PENDING' : status >= 500 ? 'UPSTREAM_5XX' : 'INVALID_RESPONSE');
    return task;
  } catch (error) {
    attempt.outcome = error instanceof PlyrGameError ? error.code : 'NETWORK';
    return undefined;
  } finally {
    await keep(ctx, record);
  }
}

/** Marks the intent done by `hashes` (more than one: the platform's double). */
function happened(ctx: IntentContext, record: GameIntentRecord, hashes: string[], rooms: string[]) {
  record.hash ??= hashes[0];
  const extra = hashes.filter((h) => h !== record.hash);
  if (extra.length > 0) {
    record.platformDouble = [record.hash!, ...extra];
    record.notes.push(`the platform mined this intent ${hashes.length} times: ${hashes.join(', ')}`);
  }
  if (record.roomId === undefined && rooms.length > 0) record.roomId = rooms[0];
  if (rooms.length > 0) record.rooms = rooms;
  record.audited = true; // the log was read: what it shows is on the record
  settle(ctx, record, 'done');
}

/** The platform's status of a task now (`undefined` when it cannot say). */
async function taskStatusOf(ctx: IntentContext, taskId: string): Promise<GameTaskStatus | undefined> {
  const answer = await callPlatform(ctx.transport, 'GET', `/api/task/status/${encodeURIComponent(taskId)}`);
  return answer.status === 200 ? readTaskStatus(answer.body, taskId) : undefined;
}

/** Records what a successful task says: its hash, its result and the room it created. */
function tookEffect(record: GameIntentRecord, status: GameTaskStatus): void {
  record.hash = status.hash ?? undefined;
  if (status.result !== undefined) record.result = status.result;
  const room = (status.result as { roomId?: unknown } | undefined)?.roomId;
  if (record.roomId === undefined && typeof room === 'string') record.roomId = room;
}

/**
 * One reconciliation step from what is known now. Returns true when the intent is decided (or was sent again and
 * must be waited for anew), false when it should be looked at again later.
 */
async function reconcile(
  ctx: IntentContext,
  record: GameIntentRecord,
  task?: GameTaskStatus,
): Promise<boolean> {
  const age = ctx.now() - (record.sentAt ?? record.createdAt);
  let status = task;
  if (
    record.taskId !== undefined &&
    (status === undefined || status.status === 'TIMEOUT' || status.status === 'PENDING')
  ) {
    status = await taskStatusOf(ctx, record.taskId);
  }
  if (status?.completedAt) record.completedAt = status.completedAt;
  if (status?.status === 'SUCCESS') {
    tookEffect(record, status);
    settle(ctx, record, 'done');
    return true;
  }
  const final = status?.status === 'FAILED';
  const stuck =
    !final && age >= (record.taskId !== undefined ? ctx.timing.stuckAfterMs : ctx.timing.unseenAfterMs);
  // A queued task is waited for; with no task id (the answer was lost) only the log can tell: read it each look.
  if (!final && !stuck && record.taskId !== undefined) return false;
  const log = await evidenceOf(ctx, record, ctx.claimed(record.lines[0]?.plyrId ?? ''));
  if (log !== undefined && log.succeeded.length > 0) {
    happened(ctx, record, log.succeeded, log.rooms);
    return true;
  }
  // Moves the log does not show (chips) are looked for in the balances at each look instead.
  if (log === undefined && !final && !stuck) {
    if ((await balanceEvidence(ctx.transport, record)) !== 'moved') return false;
    settle(ctx, record, 'done', 'the balances moved by exactly this intent');
    return true;
  }
  if (!final && !stuck) return false;
  if (final && status?.errorMessage === REVERTED) {
    settle(
      ctx,
      record,
      'reverted',
      `task ${record.taskId} FAILED: ${REVERTED}; no mined transaction of it in the log`,
    );
    return true;
  }
  const balances = await balanceEvidence(ctx.transport, record);
  if (balances === 'moved') {
    settle(ctx, record, 'done', 'the balances moved by exactly this intent; no log entry or task decided it');
    return true;
  }
  const proven = final && balances === 'unmoved';
  if (proven || record.resendable === true) {
    record.notes.push(
      proven
        ? `task ${record.taskId} FAILED (${status?.errorMessage ?? 'no message'}); not in the log; balances unmoved: sent again`
        : `task ${record.taskId ?? '(none)'} ${status?.status ?? 'unknown'}; not in the log: sent again (a second copy reverts)`,
    );
    const again = await send(ctx, record);
    return record.state === 'refused' || (again !== undefined && (await reconcile(ctx, record, again)));
  }
  settle(
    ctx,
    record,
    'attention',
    `undecided after ${age} ms: task ${record.taskId ?? '(none)'} ${status?.status ?? 'unknown'}` +
      `${status?.errorMessage ? ` (${status.errorMessage})` : ''}; log: ${log === undefined ? 'not readable' : 'no mined transaction'}; balances: ${balances}`,
  );
  return true;
}

/**
 * Settles an intent until `deadline`: a decided intent is written and returned; one still unknown at the deadline is
 * returned as it stands (`pending` or `queued`), for recovery.
 */
export async function pursue(
  ctx: IntentContext,
  record: GameIntentRecord,
  deadline: number,
  first?: GameTaskStatus,
): Promise<GameIntentRecord> {
  let task = first;
  for (;;) {
    try {
      if (await reconcile(ctx, record, task)) break;
    } catch {
      // The platform did not answer this check: look again.
    }
    task = undefined;
    if (Date.now() + ctx.timing.pollMs >= deadline) break;
    await sleep(ctx.timing.pollMs);
  }
  await keep(ctx, record);
  return record;
}

/**
 * Looks again at an `attention` intent (at most once per `stuckAfterMs`): a task taken as stuck may complete after
 * all, and a lost call may show in the log late. Moves it to `done` or `reverted` when the platform now says so.
 */
export async function recheck(ctx: IntentContext, record: GameIntentRecord): Promise<void> {
  if (record.state !== 'attention' || ctx.now() - record.updatedAt < ctx.timing.stuckAfterMs) return;
  let status: GameTaskStatus | undefined;
  if (record.taskId !== undefined) {
    status = await taskStatusOf(ctx, record.taskId);
  }
  if (status?.completedAt) record.completedAt = status.completedAt;
  if (status?.status === 'SUCCESS') {
    tookEffect(record, status);
    settle(ctx, record, 'done', `task ${record.taskId} ended SUCCESS after it was taken as stuck`);
  } else {
    const claimed = ctx.claimed(record.lines[0]?.plyrId ?? '');
    const log = await evidenceOf(ctx, record, claimed);
    if (log !== undefined && log.succeeded.length > 0) happened(ctx, record, log.succeeded, log.rooms);
    else if (status?.status === 'FAILED' && status.errorMessage === REVERTED)
      settle(ctx, record, 'reverted', `task ${record.taskId} ended FAILED: ${REVERTED}`);
  }
  await keep(ctx, record);
}

/**
 * Checks a `done` intent against the activity log for the platform's own double: a SUCCESS task hides an earlier
 * attempt that was mined too (the worker re-sent it). Records every mined hash and room; idempotent.
 */
export async function audit(ctx: IntentContext, record: GameIntentRecord): Promise<void> {
  if (record.state !== 'done' || record.audited === true) return;
  const hashes = record.hash === undefined ? new Set<string>() : new Set([record.hash]);
  const claimed = new Set([...ctx.claimed(record.lines[0]?.plyrId ?? '')].filter((h) => !hashes.has(h)));
  const log = await evidenceOf(ctx, record, claimed);
  if (log !== undefined && log.succeeded.length > 1) happened(ctx, record, log.succeeded, log.rooms);
  record.audited = true;
  await keep(ctx, record);
}

/** Journals a new intent, sends it, and settles it within `settleWithinMs` (see the module comment). */
export async function runIntent(ctx: IntentContext, record: GameIntentRecord): Promise<GameIntentRecord> {
  const deadline = Date.now() + ctx.timing.settleWithinMs;
  const task = await send(ctx, record);
  if (record.state === 'refused') return record;
  return pursue(ctx, record, deadline, task);
}
