/**
 * The platform's task queue as the API sees it (docs/platform/plyr-game.md#tasks): every state-changing call adds an
 * entry to a Redis stream (`XADD mystream *`, so the id is `<ms>-<seq>`), the agent stores an outcome in a `Task`
 * record, and `GET /api/task/status/:id` looks for the record first, then for the entry in the stream:
 * `NOT_FOUND` → `PENDING` → `SUCCESS` | `FAILED`. The stream is never trimmed, so an entry whose outcome was never
 * stored (the agent died) stays `PENDING` forever.
 */
import { libraryError } from '../plyr/errors.js';
import type { GameFaultDraw } from './faults.js';
import type { GameTaskName } from './task-names.js';

/** An outcome as the agent stores it (`Task` record). */
export interface StoredTask {
  status: 'SUCCESS' | 'FAILED';
  /** SUCCESS: `{method, body, result?}`; FAILED: the raw stream entry `[name, "<params JSON>"]`. */
  taskData: unknown;
  hash: string | null;
  errorMessage: string | null;
  completedAt: number;
}

/** A queued task. */
export interface QueuedTask {
  id: string;
  name: GameTaskName;
  /** The stream entry's value: the params as JSON text. */
  params: string;
  queuedAt: number;
  fault: GameFaultDraw | undefined;
  stored: StoredTask | undefined;
  /** Lost before the worker (a `stuck` fault): never processed. */
  lost: boolean;
}

/** `GET /api/task/status/:id` (and a sync call's answer once the task is done). */
export type TaskStatusAnswer =
  | { status: 'NOT_FOUND' | 'PENDING' }
  | {
      taskId: string;
      taskData: unknown;
      status: 'SUCCESS' | 'FAILED';
      hash: string | null;
      errorMessage: string | null;
      completedAt: string;
    };

/** A sync call that gave up waiting (HTTP 504). */
export interface TimeoutAnswer {
  taskId: string;
  status: 'TIMEOUT';
  errorMessage: string;
}

/** The platform's words for a sync timeout. */
export const TIMEOUT_MESSAGE =
  'Task timeout, but still maybe success, you can check the task status by taskId later';

const STREAM_ID = /^(-|\+|(\d{1,20})(?:-(\d{1,20}))?)$/;
const UINT64_MAX = 2n ** 64n - 1n;

const invalidId = () =>
  libraryError('ERR Invalid stream ID specified as stream command argument', 'ReplyError');

/** The queue and the outcomes of one sandbox. */
export class TaskStore {
  readonly #tasks = new Map<string, QueuedTask>();
  #lastMs = 0;
  #seq = 0;

  constructor(private readonly now: () => number) {}

  /** `XADD mystream * <name> <params>`: a new task with the next stream id. */
  add(name: GameTaskName, params: unknown, fault: GameFaultDraw | undefined): QueuedTask {
    // Redis never goes back in time: an id is at least the last one's ms, with the sequence counting up within it.
    const ms = Math.max(Math.floor(this.now()), this.#lastMs);
    this.#seq = ms === this.#lastMs ? this.#seq + 1 : 0;
    this.#lastMs = ms;
    const task: QueuedTask = {
      id: `${ms}-${this.#seq}`,
      name,
      params: JSON.stringify(params),
      queuedAt: this.now(),
      fault,
      stored: undefined,
      lost: false,
    };
    this.#tasks.set(task.id, task);
    return task;
  }

  /** Every task, in queue order. */
  all(): QueuedTask[] {
    return [...this.#tasks.values()];
  }

  /** `checkTaskStatus(id)`: the stored record (exact id), else the stream (XRANGE id id); throws for a bad id. */
  status(id: string): TaskStatusAnswer {
    const task = this.#tasks.get(id);
    if (task?.stored) return answerOf(task);
    const m = STREAM_ID.exec(id);
    if (!m) throw invalidId();
    if (m[2] === undefined) return { status: 'NOT_FOUND' }; // `-` or `+` alone: an empty range
    const ms = BigInt(m[2]);
    const seq = m[3] === undefined ? undefined : BigInt(m[3]);
    if (ms > UINT64_MAX || (seq ?? 0n) > UINT64_MAX) throw invalidId();
    // XRANGE with a bare `<ms>` covers every sequence number of that millisecond.
    for (const t of this.#tasks.values()) {
      const [tMs, tSeq] = t.id.split('-').map(BigInt) as [bigint, bigint];
      if (tMs === ms && (seq === undefined || tSeq === seq)) return { status: 'PENDING' };
    }
    return { status: 'NOT_FOUND' };
  }
}

/** The answer for a task with a stored outcome (`result` is never written, so it is absent). */
export function answerOf(task: QueuedTask): TaskStatusAnswer {
  const stored = task.stored;
  if (!stored) return { status: 'PENDING' };
  return {
    taskId: task.id,
    taskData: stored.taskData,
    status: stored.status,
    hash: stored.hash,
    errorMessage: stored.errorMessage,
    completedAt: new Date(stored.completedAt).toISOString(),
  };
}
