/**
 * The calls that move tokens, as intents (see `intents.ts`): pay, earn, joinPay, createJoinPay, earnLeave,
 * earnLeaveEnd, and chip mint, burn and transfer. Each checks its amounts before anything is sent; a move that takes
 * from players (the pay family, chip burns and transfers) runs one at a time per player, is checked against the
 * allowance (pays), and records the balances it will be reconciled against.
 */
import type { AllowanceCheck } from './allowances.js';
import { checkTokenAmount, DEFAULT_TOKEN_DECIMALS } from './amounts.js';
import type { PlayerMarks } from './busy.js';
import { PlyrGameError } from './errors.js';
import { takeBaseline } from './evidence.js';
import { type IntentContext, runIntent } from './intents.js';
import type { GameIntentKind, GameIntentLine, GameIntentRecord } from './journal.js';
import { type GameMoveOutcome, moveOutcome } from './types.js';

/** What a move needs from the client. */
export interface MoveContext extends IntentContext {
  allowances: AllowanceCheck;
  /** Players busy with an unsettled move that takes from them (see `busy.ts`). */
  marks: PlayerMarks;
  /** Intents this process is sending right now: its recovery leaves them to their call. */
  inFlight: Set<string>;
  /** Called when an intent reaches its end (for the `intent` event). */
  settled(record: GameIntentRecord): void;
}

/** A move to make. */
export interface MoveSpec {
  kind: GameIntentKind;
  path: string;
  body: Record<string, unknown>;
  lines: GameIntentLine[];
  roomId?: string;
  /** Takes from these players: one such move per player at a time, baseline balances (and the allowance check). */
  takesFrom?: readonly string[];
  /** Checked against the players' allowances first. */
  allowance?: boolean;
  /** A second copy cannot move tokens twice (see `GameIntentRecord.resendable`). */
  resendable?: boolean;
}

/** The PLYR[ID] in a session JWT's payload (unverified: the platform checks the JWT itself). */
export function plyrIdOfJwt(jwt: unknown): string {
  if (typeof jwt === 'string') {
    const payload = jwt.split('.')[1];
    try {
      const base64 = (payload ?? '').replace(/-/g, '+').replace(/_/g, '/');
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const claims = JSON.parse(new TextDecoder().decode(bytes)) as { plyrId?: unknown };
      if (typeof claims.plyrId === 'string' && claims.plyrId !== '') return claims.plyrId.toLowerCase();
    } catch {
      // falls through to the refusal
    }
  }
  throw new PlyrGameError(
    'SESSION_INVALID',
    'A payment needs the player’s session JWT (from their sign-in).',
    {
      outcome: 'refused',
    },
  );
}

/**
 * Checks every line (a positive decimal string of at most 18 decimals; a token named by its token-list id, a chip by
 * its address); nothing is sent on a refusal.
 */
export function checkLines(lines: readonly GameIntentLine[], what: string, chips: boolean): void {
  if (lines.length === 0)
    throw new PlyrGameError('INPUT_INVALID', `${what}: at least one line is needed.`, { outcome: 'refused' });
  for (const line of lines) {
    if (typeof line.plyrId !== 'string' || line.plyrId === '')
      throw new PlyrGameError('INPUT_INVALID', `${what}: every line needs a PLYR[ID].`, {
        outcome: 'refused',
      });
    if (typeof line.token !== 'string' || line.token === '' || (!chips && /^0x/i.test(line.token)))
      throw new PlyrGameError(
        'TOKEN_INVALID',
        `${what}: tokens are named by their token-list id (a raw address makes the platform's task fail).`,
        { outcome: 'refused' },
      );
    checkTokenAmount(line.amount, DEFAULT_TOKEN_DECIMALS, `${what} amount`);
  }
}

/**
 * Makes a move: journaled, sent, settled within `intents.settleWithinMs`. Resolves with its outcome; rejects with
 * a `PlyrGameError` of outcome `refused` when nothing moved (refused, or reverted with no attempt mined).
 */
export async function move(ctx: MoveContext, spec: MoveSpec): Promise<GameMoveOutcome> {
  checkLines(spec.lines, spec.path, spec.kind.startsWith('chip'));
  const at = ctx.now();
  const record: GameIntentRecord = {
    intentId: crypto.randomUUID(),
    kind: spec.kind,
    path: spec.path,
    body: spec.body,
    lines: spec.lines,
    state: 'pending',
    attempts: [],
    notes: [],
    createdAt: at,
    updatedAt: at,
  };
  if (spec.roomId !== undefined) record.roomId = spec.roomId;
  if (spec.resendable === true) record.resendable = true;
  const takesFrom = spec.takesFrom ?? [];
  await ctx.marks.hold(record);
  let result: GameIntentRecord = record;
  try {
    try {
      // Both are read before anything is sent, side by side: the allowance (kept after its first read) and the
      // balances the outcome will be reconciled against.
      const [, baseline] = await Promise.all([
        spec.allowance === true ? ctx.allowances.check(spec.lines) : undefined,
        takesFrom.length > 0 ? takeBaseline(ctx.transport, record) : undefined,
      ]);
      if (baseline !== undefined) record.baseline = baseline;
    } catch (error) {
      if (error instanceof PlyrGameError && error.outcome === 'refused') throw error;
      throw new PlyrGameError(
        'NOT_SENT',
        `${spec.path}: not sent (its checks could not be read); nothing moved.`,
        {
          outcome: 'refused',
          cause: error,
        },
      );
    }
    ctx.inFlight.add(record.intentId);
    try {
      result = await runIntent(ctx, record);
    } finally {
      ctx.inFlight.delete(record.intentId);
    }
  } finally {
    await ctx.marks.free(result);
  }
  if (result.state === 'done' && spec.allowance === true) ctx.allowances.spent(result.lines);
  else if (spec.allowance === true) ctx.allowances.forget(result.lines);
  const outcome = moveOutcome(result);
  if (outcome?.status !== 'pending') ctx.settled(result);
  if (outcome !== undefined) return outcome;
  const why = result.notes.at(-1) ?? result.state;
  throw new PlyrGameError(
    result.state === 'reverted' ? 'TASK_REVERTED' : (result.attempts.at(-1)?.outcome ?? 'REFUSED'),
    `${spec.path}: nothing moved (${why}).`,
    { outcome: 'refused', intentId: result.intentId, ...(result.taskId ? { taskId: result.taskId } : {}) },
  );
}
