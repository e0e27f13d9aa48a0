// docs/platform/plyr-game.md#what-can-go-wrong: each injected fault's observable effect on the ledger, the task
// status and the activity log, the counts, and the control API (sandbox.game.faults, /sandbox/game/faults).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type GameSandbox, startGameSandbox, wei } from '../helpers/game-sandbox.js';
import type { JsonObject } from '../helpers/sandbox-client.js';

let g: GameSandbox;
beforeAll(async () => {
  g = await startGameSandbox();
});
afterAll(() => g.sb.close());

const txOf = (taskId: string) => g.sb.game.ledger().transactions.filter((t) => t.taskId === taskId);
const room = (roomId: string) => g.sb.game.ledger().rooms.find((r) => r.roomId === roomId)!;
const allowance = async (token: string) =>
  (await g.client.get(`/api/game/allowance/demo-player/plyr-kit-demo/${token}`)).json.allowance;

/** Pays `amount` gamr into a fresh room, async, with a fault queued for that pay. */
async function payWith(kind: 'stuck' | 'resend' | 'failed-after-mined', amount = 4) {
  const { roomId, jwts } = await g.seat(['demo-player']);
  g.sb.game.faults.once({ kind, task: 'batchPayGameRoom' });
  const before = g.balance('demo-player', 'gamr');
  const res = await g.client.post('/api/game/pay', {
    roomId,
    sessionJwts: jwts,
    tokens: ['gamr'],
    amounts: [amount],
  });
  const id = g.taskId(res);
  const task = await g.settled(id);
  return { roomId, id, task, before };
}

describe('stuck', () => {
  it('loses the task before the agent: PENDING forever, nothing mined, a sync call times out', async () => {
    const before = g.sb.game.faults.stats().injected.stuck;
    const { roomId, id, task } = await payWith('stuck');
    expect(task).toEqual({ status: 'PENDING' });
    expect(txOf(id)).toEqual([]);
    expect(room(roomId).balances.gamr).toBe('0');
    expect(g.sb.game.tasks().find((t) => t.id === id)).toMatchObject({
      status: 'PENDING',
      lost: true,
      fault: 'stuck',
    });
    g.sb.game.faults.once({ kind: 'stuck' });
    const sync = await g.client.post('/api/game/create', { sync: true });
    expect(sync.status).toBe(504);
    expect(g.sb.game.faults.stats().injected.stuck).toBe(before + 2);
  });
});

describe('resend', () => {
  it('executes the pay twice: the task ends SUCCESS with the second hash, the log holds both', async () => {
    const doubles = g.sb.game.faults.stats().platformDoubles;
    const { roomId, id, task, before } = await payWith('resend');
    const txs = txOf(id);
    expect(txs.map((t) => [t.method, t.status])).toEqual([
      ['batchPay', 'success'],
      ['batchPay', 'success'],
    ]);
    expect(task).toMatchObject({ status: 'SUCCESS', hash: txs[1]!.hash, errorMessage: null });
    expect(room(roomId).balances.gamr).toBe('8');
    expect(wei(before) - wei(g.balance('demo-player', 'gamr'))).toBe(wei('8'));
    const pays = (await g.activity('demo-player')).filter(
      (e) => e.action === 'pay' && (e.data as JsonObject).roomId === roomId,
    );
    expect(pays.map((e) => [(e.data as JsonObject).hash, (e.data as JsonObject).success])).toEqual([
      [txs[1]!.hash, 'success'],
      [txs[0]!.hash, 'success'],
    ]);
    // The first attempt failed where the allowance is spent: only the second spent it.
    expect(await allowance('gamr')).toBe(996);
    expect(g.sb.game.faults.stats().platformDoubles).toBe(doubles + 1);
  });

  it('makes two rooms of one create', async () => {
    const rooms = g.sb.game.ledger().rooms.length;
    g.sb.game.faults.once({ kind: 'resend', task: 'createGameRoom' });
    const res = await g.client.post('/api/game/create', { sync: true });
    expect(res.json.status).toBe('SUCCESS');
    const after = g.sb.game.ledger().rooms;
    expect(after).toHaveLength(rooms + 2);
    expect((res.json.taskData as { result: JsonObject }).result.roomId).toBe(after.at(-1)!.roomId);
  });

  it('counts no double when the re-sent transaction reverts (the task then FAILS though money moved once)', async () => {
    const { roomId, jwts } = await g.seat(['demo-player']);
    await g.client.post('/api/game/pay', {
      roomId,
      sessionJwts: jwts,
      tokens: ['plyr'],
      amounts: [5],
      sync: true,
    });
    const doubles = g.sb.game.faults.stats().platformDoubles;
    g.sb.game.faults.once({ kind: 'resend', task: 'batchEarnGameRoom' });
    const res = await g.client.post('/api/game/earn', {
      roomId,
      plyrIds: ['demo-player'],
      tokens: ['plyr'],
      amounts: [5],
      sync: true,
    });
    expect(res.json).toMatchObject({
      status: 'FAILED',
      hash: null,
      errorMessage: 'Transaction Receipt Failed',
    });
    expect(txOf(String(res.json.taskId)).map((t) => t.status)).toEqual(['success', 'reverted']);
    expect(g.sb.game.faults.stats().platformDoubles).toBe(doubles);
  });
});

describe('failed-after-mined', () => {
  it('mines once and ends FAILED with hash null; the log holds the mined hash as a success', async () => {
    const taken = g.sb.game.faults.stats().injected['failed-after-mined'];
    const { roomId, id, task } = await payWith('failed-after-mined', 3);
    const txs = txOf(id);
    expect(txs).toHaveLength(1);
    expect(task).toEqual({
      taskId: id,
      taskData: ['batchPayGameRoom', expect.any(String)],
      status: 'FAILED',
      hash: null,
      errorMessage: null,
      completedAt: expect.any(String),
    });
    expect(room(roomId).balances.gamr).toBe('3');
    const [pay] = (await g.activity('demo-player')).filter((e) => e.action === 'pay');
    expect(pay!.data).toMatchObject({ roomId, hash: txs[0]!.hash, success: 'success' });
    expect(await allowance('gamr')).toBe(1000);
    expect(g.sb.game.faults.stats().injected['failed-after-mined']).toBe(taken + 1);
  });
});

describe('slow', () => {
  it('makes a sync call time out with 504 while the task completes later', async () => {
    g.sb.game.faults.once({ kind: 'slow', factor: 200 });
    const res = await g.client.post('/api/game/create', { sync: true });
    expect(res.status).toBe(504);
    expect(res.json.status).toBe('TIMEOUT');
    expect((await g.settled(String(res.json.taskId))).status).toBe('SUCCESS');
    expect(g.sb.game.faults.stats().injected.slow).toBeGreaterThanOrEqual(1);
  });
});

describe('504', () => {
  it('answers a sync call 504 at once while the task runs normally; an async call is untouched', async () => {
    const { roomId, jwts } = await g.seat(['demo-player']);
    const taken = g.sb.game.faults.stats().injected['504'];
    g.sb.game.faults.once({ kind: '504', task: 'batchPayGameRoom' });
    const res = await g.client.post('/api/game/pay', {
      roomId,
      sessionJwts: jwts,
      tokens: ['gamr'],
      amounts: [2],
      sync: true,
    });
    expect(res.status).toBe(504);
    expect((await g.settled(String(res.json.taskId))).status).toBe('SUCCESS');
    expect(room(roomId).balances.gamr).toBe('2');
    g.sb.game.faults.once({ kind: '504' });
    const asyncCall = await g.client.post('/api/game/create', {});
    expect(asyncCall.json.task).toBeDefined();
    await g.sb.game.idle();
    expect(g.sb.game.faults.stats().injected['504']).toBe(taken + 1);
  });

  it('turns a chip call into 500 {error: <timeout message>}', async () => {
    g.sb.game.faults.once({ kind: '504', task: 'createGameChip' });
    const res = await g.client.post('/api/game/chip/create', { name: 'Gold', symbol: 'GLD' });
    expect(res.status).toBe(500);
    expect(res.json).toEqual({
      error: 'Task timeout, but still maybe success, you can check the task status by taskId later',
    });
    await g.sb.game.idle();
    expect(g.sb.game.ledger().chips.map((c) => c.symbol)).toContain('GLD');
  });
});

describe('random faults and the control API', () => {
  it('draws the same faults from the same seed, and clear() stops them', async () => {
    const draw = async () => {
      g.sb.game.faults.configure({ rates: { resend: 0.3, slow: 0.3, '504': 0.2 }, seed: 7, slowFactor: 2 });
      const ids: string[] = [];
      for (let i = 0; i < 12; i++) ids.push(g.taskId(await g.client.post('/api/game/create', {})));
      await g.sb.game.idle();
      g.sb.game.faults.clear();
      return ids.map((id) => g.sb.game.tasks().find((t) => t.id === id)!.fault);
    };
    const first = await draw();
    expect(first.some((f) => f !== null)).toBe(true);
    expect(await draw()).toEqual(first);
    const after = g.taskId(await g.client.post('/api/game/create', {}));
    expect(g.sb.game.tasks().find((t) => t.id === after)!.fault).toBeNull();
    await g.sb.game.idle();
  });

  it('refuses bad faults and plans', () => {
    expect(() => g.sb.game.faults.once({ kind: 'boom' as 'stuck' })).toThrow(RangeError);
    expect(() => g.sb.game.faults.once({ kind: 'stuck', task: 'payGameRoom' as 'createGameRoom' })).toThrow(
      RangeError,
    );
    expect(() => g.sb.game.faults.configure({ rates: { stuck: 0.7, resend: 0.7 } })).toThrow('more than 1');
  });

  it('is reachable over HTTP: POST queues or plans, GET counts, DELETE clears', async () => {
    const url = `${g.sb.url}/sandbox/game/faults`;
    const post = (body: unknown) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const bad = await post({ once: { kind: 'nope' } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as JsonObject).error).toMatch(/^`kind` must be one of/);
    const queued = await post({ once: [{ kind: 'stuck', task: 'endGameRoom' }] });
    expect(queued.status).toBe(200);
    const id = g.taskId(await g.client.post('/api/game/end', { roomId: '1' }));
    await g.sb.game.idle();
    expect(g.sb.game.tasks().find((t) => t.id === id)!.lost).toBe(true);
    const stats = (await (await fetch(url)).json()) as JsonObject;
    expect(stats).toEqual(JSON.parse(JSON.stringify(g.sb.game.faults.stats())));
    expect(Object.keys(stats)).toEqual(['tasks', 'injected', 'platformDoubles']);
    expect((await fetch(url, { method: 'DELETE' })).status).toBe(200);
  });
});
