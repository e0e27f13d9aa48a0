/**
 * The platform's task model (docs/platform/plyr-game.md#tasks): every state-changing room or chip call is queued as a
 * task with a stream id (`"1718000000000-0"`). Async mode answers `{ task: { id, status: 'PENDING' } }`; sync mode
 * answers the task-status object (200 for SUCCESS and FAILED) or `504 { taskId, status: 'TIMEOUT' }`;
 * `GET /api/task/status/:id` answers the same object, `{ status: 'PENDING' }` or `{ status: 'NOT_FOUND' }`. This module
 * reads those shapes into one typed {@link GameTaskStatus}.
 */

/** Where a task stands. `TIMEOUT` is only ever a sync answer ("still maybe success"). */
export type GameTaskState = 'PENDING' | 'SUCCESS' | 'FAILED' | 'NOT_FOUND' | 'TIMEOUT';

/** A task as the platform reports it. */
export interface GameTaskStatus<R = unknown> {
  /** The stream id (absent from `PENDING` / `NOT_FOUND` answers of the status route: then the id asked for). */
  taskId: string;
  status: GameTaskState;
  /** The transaction hash of a SUCCESS; always `null` on FAILED (an earlier attempt's hash is only in the log). */
  hash: string | null;
  /** Why it FAILED: `Transaction Receipt Failed` (mined, reverted), `ICM message is failed`, viem's message, … */
  errorMessage: string | null;
  /** ISO time the outcome was written. */
  completedAt: string | null;
  /** The task's name (`batchPayGameRoom`, …) and parameters as queued, when the answer carries them. */
  method: string | null;
  params: unknown;
  /** `taskData.result` of a SUCCESS: `{ gameId, roomId, roomAddress }` for create and createJoinPay. */
  result: R | undefined;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const STATES = new Set<string>(['PENDING', 'SUCCESS', 'FAILED', 'NOT_FOUND', 'TIMEOUT']);

/** The `taskData` of a stored task: `{ method, body, result? }` on SUCCESS, `[name, "<params JSON>"]` on FAILED. */
function readTaskData(data: unknown): { method: string | null; params: unknown; result: unknown } {
  if (Array.isArray(data)) {
    let params: unknown = data[1];
    if (typeof params === 'string') {
      try {
        params = JSON.parse(params);
      } catch {
        // kept as the text it is
      }
    }
    return { method: typeof data[0] === 'string' ? data[0] : null, params, result: undefined };
  }
  if (isObject(data))
    return {
      method: typeof data.method === 'string' ? data.method : null,
      params: data.body,
      result: data.result,
    };
  return { method: null, params: undefined, result: undefined };
}

/** A task-status object (sync answer, status route, 504 body), or `undefined` when `body` is not one. */
export function readTaskStatus<R = unknown>(body: unknown, askedId?: string): GameTaskStatus<R> | undefined {
  if (!isObject(body) || typeof body.status !== 'string' || !STATES.has(body.status)) return undefined;
  const taskId = typeof body.taskId === 'string' ? body.taskId : askedId;
  if (taskId === undefined) return undefined;
  const { method, params, result } = readTaskData(body.taskData);
  return {
    taskId,
    status: body.status as GameTaskState,
    hash: typeof body.hash === 'string' ? body.hash : null,
    errorMessage: typeof body.errorMessage === 'string' ? body.errorMessage : null,
    completedAt: typeof body.completedAt === 'string' ? body.completedAt : null,
    method,
    params,
    result: result as R | undefined,
  };
}

/** The id of an async answer `{ task: { id, status: 'PENDING' } }`, or `undefined`. */
export function readQueuedTask(body: unknown): string | undefined {
  const task = isObject(body) ? body.task : undefined;
  return isObject(task) && typeof task.id === 'string' && task.id !== '' ? task.id : undefined;
}

/** The platform's text for a mined transaction that reverted: nothing moved by that attempt. */
export const REVERTED = 'Transaction Receipt Failed';
