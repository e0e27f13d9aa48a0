/**
 * What the platform's game controllers share: their `try { … } catch { 500 {error} }`, queueing a task and answering
 * it (async `{task:{id,status:'PENDING'}}`, sync the task-status object with 200, or 504 on TIMEOUT), the
 * JavaScript list operations they run on request values (with V8's errors), and the duplicate merge of pay and earn.
 */
import type { Reply, Step } from '../plyr/context.js';
import { reply } from '../plyr/context.js';
import { lowerOrThrow } from '../plyr/errors.js';
import type { GameEconomy } from './economy.js';
import type { GameTaskName } from './task-names.js';
import { formatEther, parseEther, textOf } from './units.js';

/** A controller whose errors become `500 {error}` (no stack: the controller catches them itself). */
export const guarded =
  (handler: Step): Step =>
  async (ctx) => {
    try {
      return await handler(ctx);
    } catch (error) {
      return reply(500, { error: (error as Error).message });
    }
  };

/** Queues a task and answers as `insertTask` + the controller do. `sync` is read as JavaScript truthiness. */
export async function runTask(
  game: GameEconomy,
  name: GameTaskName,
  params: Record<string, unknown>,
  sync: unknown,
): Promise<Reply> {
  const task = game.enqueue(name, params);
  if (!sync) return reply(200, { task: { id: task.id, status: 'PENDING' } });
  const answer = await game.waitSync(task);
  return reply(answer.status === 'TIMEOUT' ? 504 : 200, answer);
}

/** `value.length` as V8 evaluates it (TypeError on `undefined`/`null`). */
export function lengthOrThrow(value: unknown): unknown {
  if (value === undefined || value === null)
    throw new TypeError(`Cannot read properties of ${String(value)} (reading 'length')`);
  return (value as { length?: unknown }).length;
}

/** `list.map(x => x.toLowerCase())` as V8 evaluates it. */
export function mapLower(value: unknown, expression: string, item: string): string[] {
  if (value === undefined || value === null)
    throw new TypeError(`Cannot read properties of ${String(value)} (reading 'map')`);
  if (!Array.isArray(value)) throw new TypeError(`${expression}.map is not a function`);
  return value.map((v: unknown) => lowerOrThrow(v, item));
}

const at = (list: unknown, i: number): unknown => {
  if (list === undefined || list === null)
    throw new TypeError(`Cannot read properties of ${String(list)} (reading '${i}')`);
  return (list as Record<number, unknown>)[i];
};

/** The lines of a pay or earn after merging. */
export interface MergedLines {
  plyrIds: unknown[];
  tokens: unknown[];
  amounts: unknown[];
}

/**
 * `combineSamePlyrId`: walks `plyrIds`; a line with the same (plyrId, token) as an earlier one, compared
 * case-insensitively, is added to it with 18-decimal arithmetic (the sum becomes `formatEther` text). Lines past the
 * end of `plyrIds` are dropped.
 */
export function mergeDuplicates(plyrIds: unknown, tokens: unknown, amounts: unknown): MergedLines {
  const lines: { plyrId: unknown; token: unknown; amount: unknown }[] = [];
  const count = Number(lengthOrThrow(plyrIds));
  for (let i = 0; i < count; i++) {
    const plyrId = at(plyrIds, i);
    const token = at(tokens, i);
    const amount = at(amounts, i);
    const same = lines.find(
      (line) =>
        lowerOrThrow(line.plyrId, 'item.plyrId') === lowerOrThrow(plyrId, 'plyrId') &&
        lowerOrThrow(line.token, 'item.token') === lowerOrThrow(token, 'token'),
    );
    if (!same) lines.push({ plyrId, token, amount });
    else same.amount = formatEther(parseEther(textOf(same.amount)) + parseEther(textOf(amount)));
  }
  return {
    plyrIds: lines.map((l) => l.plyrId),
    tokens: lines.map((l) => l.token),
    amounts: lines.map((l) => l.amount),
  };
}
