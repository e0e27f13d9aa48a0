// docs/platform/plyr-game.md#tasks: stream ids, NOT_FOUND → PENDING → SUCCESS | FAILED, the two stored shapes, sync
// mode (polls × interval, 200 for SUCCESS and FAILED, 504 TIMEOUT while the task goes on), the agent's retries.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type GameSandbox, startGameSandbox } from '../helpers/game-sandbox.js';
import type { JsonObject } from '../helpers/sandbox-client.js';

let g: GameSandbox;
beforeAll(async () => {
  // A chain slow enough to catch tasks PENDING; sync waits of 40 × 10 ms.
  g = await startGameSandbox({ chainDelayMs: 60 });
});
afterAll(() => g.sb.close());

const status = async (id: string) => (await g.client.get(`/api/task/status/${id}`)).json;

describe('GET /api/task/status/:id', () => {
  it('goes NOT_FOUND → PENDING → SUCCESS, with stream ids <ms>-<seq> counting up within a millisecond', async () => {
    const ms = g.clock.now();
    expect(await status(`${ms}-0`)).toEqual({ status: 'NOT_FOUND' });
    const a = g.taskId(await g.client.post('/api/game/create', {}));
    const b = g.taskId(await g.client.post('/api/game/create', {}));
    expect([a, b]).toEqual([`${ms}-0`, `${ms}-1`]);
    expect(await status(b)).toEqual({ status: 'PENDING' });
    const done = await g.settled(b);
    expect(done).toMatchObject({ taskId: b, status: 'SUCCESS' });
    expect(done.completedAt).toBe(new Date(g.clock.now()).toISOString());
  });

  it('never goes back in time, even when the clock does', async () => {
    const first = g.taskId(await g.client.post('/api/game/create', {}));
    g.clock.advance(-1000);
    const second = g.taskId(await g.client.post('/api/game/create', {}));
    g.clock.advance(1000);
    const [ms1, seq1] = first.split('-').map(Number);
    expect(second).toBe(`${ms1}-${(seq1 ?? 0) + 1}`);
    await g.sb.game.idle();
  });

  it('reads a bare <ms> as every entry of that millisecond (PENDING), and fails on a malformed id', async () => {
    const id = g.taskId(await g.client.post('/api/game/create', {}));
    await g.sb.game.idle();
    expect((await status(id)).status).toBe('SUCCESS');
    // No stored outcome has that exact id, but the stream still holds the entry: PENDING for ever.
    expect(await status(id.split('-')[0]!)).toEqual({ status: 'PENDING' });
    expect(await status('-')).toEqual({ status: 'NOT_FOUND' });
    const bad = await g.client.get('/api/task/status/abc');
    expect(bad.status).toBe(500);
    expect(bad.json.error).toBe('ERR Invalid stream ID specified as stream command argument');
  });

  it('stores a failure as the raw stream entry with the params as JSON text, hash null', async () => {
    const res = await g.client.post('/api/game/end', { roomId: 'abc', sync: true });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      taskId: expect.any(String),
      taskData: ['endGameRoom', '{"gameId":"plyr-kit-demo","roomId":"abc"}'],
      status: 'FAILED',
      hash: null,
      // A plain JavaScript error (BigInt("abc")) has no shortMessage.
      errorMessage: null,
      completedAt: expect.any(String),
    });
    // Retried three times before giving up (1 + 2 + 3 backoff units), nothing mined.
    expect(g.sb.game.ledger().transactions.filter((t) => t.taskId === res.json.taskId)).toEqual([]);
  });

  it('can be read with any API key (other games see every task)', async () => {
    const id = g.taskId(await g.client.post('/api/game/create', {}));
    await g.sb.game.idle();
    expect((await g.other.get(`/api/task/status/${id}`)).json.status).toBe('SUCCESS');
  });
});

describe('sync mode', () => {
  it('reads any truthy sync, even the string "false", and answers the finished task', async () => {
    const res = await g.client.post('/api/game/create', { sync: 'false' });
    expect(res.status).toBe(200);
    expect(res.json.status).toBe('SUCCESS');
    const async = await g.client.post('/api/game/create', { sync: 0 });
    expect(async.json).toEqual({ task: { id: expect.any(String), status: 'PENDING' } });
    await g.sb.game.idle();
  });

  it('answers 504 TIMEOUT when the task takes longer than the polls, and the task still completes', async () => {
    const slow = await startGameSandbox({ chainDelayMs: 300, syncPolls: 3, syncIntervalMs: 10 });
    try {
      const res = await slow.client.post('/api/game/create', { sync: true });
      expect(res.status).toBe(504);
      expect(res.json).toEqual({
        taskId: expect.stringMatching(/^\d+-\d+$/),
        status: 'TIMEOUT',
        errorMessage: 'Task timeout, but still maybe success, you can check the task status by taskId later',
      });
      expect((await slow.settled(String(res.json.taskId))).status).toBe('SUCCESS');
      expect(slow.sb.game.ledger().rooms).toHaveLength(1);
    } finally {
      await slow.sb.close();
    }
  });

  it('polls as often as configured: the platform defaults are 50 × 500 ms', async () => {
    const defaults = await startGameSandbox({ syncPolls: undefined, syncIntervalMs: undefined });
    try {
      const started = Date.now();
      const res = await defaults.client.post('/api/game/create', { sync: true });
      const took = Date.now() - started;
      expect(res.json.status).toBe('SUCCESS');
      // The first look comes right after XADD (PENDING); the next one 500 ms later finds it done.
      expect(took).toBeGreaterThanOrEqual(490);
      expect(took).toBeLessThan(1500);
    } finally {
      await defaults.sb.close();
    }
  });
});

describe('sandbox.game.tasks()', () => {
  it('lists every task with its status, params and outcome', async () => {
    const id = g.taskId(await g.client.post('/api/game/create', { expiresIn: 5 }));
    const pending = g.sb.game.tasks().find((t) => t.id === id)!;
    expect(pending).toMatchObject({
      name: 'createGameRoom',
      status: 'PENDING',
      hash: null,
      fault: null,
      lost: false,
    });
    await g.sb.game.idle();
    const done = g.sb.game.tasks().find((t) => t.id === id)!;
    expect(done).toMatchObject({ status: 'SUCCESS', params: { gameId: 'plyr-kit-demo', expiresIn: 5 } });
    expect((await status(id)).hash).toBe(done.hash);
  });
});

describe('GET /sandbox/game/ledger and /sandbox/game/tasks', () => {
  it('serves the books and the tasks without HMAC', async () => {
    const ledger = (await (await fetch(`${g.sb.url}/sandbox/game/ledger`)).json()) as JsonObject;
    expect(ledger).toEqual(JSON.parse(JSON.stringify(g.sb.game.ledger())));
    const tasks = (await (await fetch(`${g.sb.url}/sandbox/game/tasks`)).json()) as JsonObject[];
    expect(tasks.map((t) => t.id)).toEqual(g.sb.game.tasks().map((t) => t.id));
  });
});
