// docs/platform/plyr-game.md#rooms, #on-chain-rules: every room route's success, the room rules on the chain (game
// id always joined, 2 % fee exact in wei, end refused while the room holds anything, close always fails), and the
// activity log's hash and success.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type GameSandbox, startGameSandbox, wei } from '../helpers/game-sandbox.js';
import type { JsonObject } from '../helpers/sandbox-client.js';

let g: GameSandbox;
beforeAll(async () => {
  g = await startGameSandbox();
});
afterAll(() => g.sb.close());

const taskData = (answer: JsonObject) => answer.taskData as JsonObject;

describe('POST /api/game/create', () => {
  it('queues createGameRoom (30 days by default) and answers the task; the task result names the room', async () => {
    const res = await g.client.post('/api/game/create', {});
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ task: { id: expect.stringMatching(/^\d+-\d+$/), status: 'PENDING' } });
    const done = await g.settled(g.taskId(res));
    expect(Object.keys(done)).toEqual([
      'taskId',
      'taskData',
      'status',
      'hash',
      'errorMessage',
      'completedAt',
    ]);
    expect(done.status).toBe('SUCCESS');
    expect(done.hash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(done.errorMessage).toBeNull();
    const result = taskData(done).result as JsonObject;
    expect(taskData(done)).toEqual({
      method: 'createGameRoom',
      body: { gameId: 'plyr-kit-demo', expiresIn: 2_592_000 },
      result: {
        gameId: 'plyr-kit-demo',
        roomId: expect.stringMatching(/^\d+$/),
        roomAddress: expect.any(String),
      },
    });
    const room = g.sb.game.ledger().rooms.find((r) => r.roomId === result.roomId)!;
    expect(room.roomAddress).toBe(result.roomAddress);
    expect(room.deadline).toBe(new Date(g.clock.now() + 2_592_000_000).toISOString());
  });

  it('numbers rooms per game from 1, and a sync call answers the finished task with 200', async () => {
    const first = await g.other.post('/api/game/create', { expiresIn: 60, sync: true });
    const second = await g.other.post('/api/game/create', { sync: true });
    expect(first.status).toBe(200);
    expect([first, second].map((r) => (taskData(r.json).result as JsonObject).roomId)).toEqual(['1', '2']);
    expect((taskData(first.json).body as JsonObject).expiresIn).toBe(60);
  });
});

describe('POST /api/game/join and leave', () => {
  it('joins only the players not yet joined, keeps roomId as sent, and says when all are joined', async () => {
    const [a, b] = [await g.login('demo-player'), await g.login('second-player')];
    const roomId = await g.createRoom();
    const first = await g.client.post('/api/game/join', { roomId, sessionJwts: [a], sync: true });
    expect(taskData(first.json).body).toEqual({ plyrIds: ['demo-player'], gameId: 'plyr-kit-demo', roomId });
    const numeric = await g.client.post('/api/game/join', { roomId: Number(roomId), sessionJwts: [a, b] });
    await g.sb.game.idle();
    const task = g.sb.game.tasks().find((t) => t.id === g.taskId(numeric))!;
    expect(task.params).toEqual({
      plyrIds: ['second-player'],
      gameId: 'plyr-kit-demo',
      roomId: Number(roomId),
    });
    expect(task.status).toBe('SUCCESS');
    const again = await g.client.post('/api/game/join', { roomId, sessionJwts: [b, a] });
    expect(again.json).toEqual({ message: 'All players are already joined' });
    const isJoined = await g.client.get(`/api/game/isJoined?plyrId=SECOND-PLAYER&roomId=${roomId}`);
    expect(isJoined.json).toEqual({ isJoined: true });
  });

  it('lets a sync join into a missing room fail (200 FAILED) after waiting for the players', async () => {
    const jwt = await g.login('demo-player');
    const res = await g.client.post('/api/game/join', { roomId: '999', sessionJwts: [jwt], sync: true });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      status: 'FAILED',
      hash: null,
      errorMessage: 'Transaction Receipt Failed',
    });
  });

  it('leaves, after which leave is refused by checkAllJoined', async () => {
    const { roomId, jwts } = await g.seat(['demo-player']);
    const left = await g.client.post('/api/game/leave', { roomId, sessionJwts: jwts, sync: true });
    expect(taskData(left.json)).toEqual({
      method: 'leaveGameRoom',
      body: { plyrIds: ['demo-player'], gameId: 'plyr-kit-demo', roomId },
    });
    const again = await g.client.post('/api/game/leave', { roomId, sessionJwts: jwts });
    expect(again.status).toBe(401);
    expect(again.json).toEqual({ error: ['Player is not joined: demo-player'] });
  });
});

describe('GET /api/game/isJoined', () => {
  it('needs plyrId and roomId, and counts the game id itself as always joined', async () => {
    expect((await g.client.get('/api/game/isJoined?roomId=1')).json).toEqual({ error: 'plyrId is required' });
    expect((await g.client.get('/api/game/isJoined?plyrId=x')).json).toEqual({ error: 'roomId is required' });
    const roomId = await g.createRoom();
    const self = await g.client.get(`/api/game/isJoined?plyrId=plyr-kit-demo&roomId=${roomId}`);
    expect(self.json).toEqual({ isJoined: true });
    const stranger = await g.client.get(`/api/game/isJoined?plyrId=demo-player&roomId=${roomId}`);
    expect(stranger.json).toEqual({ isJoined: false });
    expect((await g.client.get('/api/game/isJoined?plyrId=plyr-kit-demo&roomId=424242')).json).toEqual({
      isJoined: false,
    });
  });
});

describe('pay, earn, end', () => {
  it('pays into the room, earns out of it minus the 2 % fee (exact in wei), and ends once it is empty', async () => {
    const { roomId, jwts } = await g.seat(['demo-player', 'second-player']);
    const before = g.sb.game.ledger();
    const pay = await g.client.post('/api/game/pay', {
      roomId,
      sessionJwts: jwts,
      tokens: ['plyr', 'plyr'],
      amounts: ['0.000000000000000051', 1],
      sync: true,
    });
    expect(pay.json.status).toBe('SUCCESS');
    const earn = await g.client.post('/api/game/earn', {
      roomId,
      plyrIds: ['second-player'],
      tokens: ['plyr'],
      amounts: ['1.000000000000000051'],
      sync: true,
    });
    expect(earn.json.status).toBe('SUCCESS');
    const after = g.sb.game.ledger();
    // 2 % of 1000000000000000051 wei is 20000000000000001.02 wei: the fee is 20000000000000001 wei.
    expect(wei(after.fees.plyr!) - wei(before.fees.plyr!)).toBe(20_000_000_000_000_001n);
    expect(wei(after.balances['second-player']!.plyr!) - wei(before.balances['second-player']!.plyr!)).toBe(
      980_000_000_000_000_050n - 1_000_000_000_000_000_000n,
    );
    const earned = after.transactions.at(-1)!;
    expect(earned.moves).toEqual([
      {
        from: `room:plyr-kit-demo/${roomId}`,
        to: 'second-player',
        token: 'plyr',
        amount: '0.98000000000000005',
      },
      { from: `room:plyr-kit-demo/${roomId}`, to: 'fees', token: 'plyr', amount: '0.020000000000000001' },
    ]);
    expect(after.rooms.find((r) => r.roomId === roomId)!.balances.plyr).toBe('0');
    const end = await g.client.post('/api/game/end', { roomId, sync: true });
    expect(end.json.status).toBe('SUCCESS');
    expect(g.sb.game.ledger().rooms.find((r) => r.roomId === roomId)!.ended).toBe(true);
  });

  it('refuses to end a room that holds a balance: the task FAILS, the log keeps the reverted hash', async () => {
    const { roomId, jwts } = await g.seat(['demo-player']);
    await g.client.post('/api/game/pay', {
      roomId,
      sessionJwts: jwts,
      tokens: ['gamr'],
      amounts: [3],
      sync: true,
    });
    const end = await g.client.post('/api/game/end', { roomId, sync: true });
    expect(end.status).toBe(200);
    expect(end.json).toEqual({
      taskId: expect.any(String),
      taskData: ['endGameRoom', JSON.stringify({ gameId: 'plyr-kit-demo', roomId })],
      status: 'FAILED',
      hash: null,
      errorMessage: 'Transaction Receipt Failed',
      completedAt: expect.any(String),
    });
    const tx = g.sb.game.ledger().transactions.at(-1)!;
    expect(tx).toMatchObject({
      method: 'end',
      status: 'reverted',
      revertReason: 'TokenBalanceNotZero',
      moves: [],
    });
    const [entry] = await g.activity('plyr-kit-demo');
    expect(entry).toMatchObject({
      action: 'end',
      type: 'game',
      data: { roomId, hash: tx.hash, success: 'reverted' },
    });
    // Nothing guards an ended room either: once emptied it ends, and pay, earn, join still work afterwards.
    await g.client.post('/api/game/earn', {
      roomId,
      plyrIds: ['demo-player'],
      tokens: ['gamr'],
      amounts: [3],
      sync: true,
    });
    expect((await g.client.post('/api/game/end', { roomId, sync: true })).json.status).toBe('SUCCESS');
    const late = await g.client.post('/api/game/pay', {
      roomId,
      sessionJwts: jwts,
      tokens: ['gamr'],
      amounts: [1],
      sync: true,
    });
    expect(late.json.status).toBe('SUCCESS');
  });

  it("pays an earn to the game's own id into the game's account, minus the fee", async () => {
    const { roomId, jwts } = await g.seat(['demo-player']);
    await g.client.post('/api/game/pay', {
      roomId,
      sessionJwts: jwts,
      tokens: ['plyr'],
      amounts: [10],
      sync: true,
    });
    const before = g.balance('plyr-kit-demo');
    const earn = await g.client.post('/api/game/earn', {
      roomId,
      plyrIds: ['plyr-kit-demo'],
      tokens: ['plyr'],
      amounts: [10],
      sync: true,
    });
    expect(earn.json.status).toBe('SUCCESS');
    expect(wei(g.balance('plyr-kit-demo')) - wei(before)).toBe(wei('9.8'));
  });

  it('reverts an earn to a player who is not joined, and an earn the room cannot cover', async () => {
    const { roomId } = await g.seat(['demo-player']);
    const stranger = await g.client.post('/api/game/earn', {
      roomId,
      plyrIds: ['second-player'],
      tokens: ['plyr'],
      amounts: [0],
      sync: true,
    });
    expect(stranger.json).toMatchObject({ status: 'FAILED', errorMessage: 'Transaction Receipt Failed' });
    const broke = await g.client.post('/api/game/earn', {
      roomId,
      plyrIds: ['demo-player'],
      tokens: ['plyr'],
      amounts: [1],
      sync: true,
    });
    expect(broke.json).toMatchObject({ status: 'FAILED', errorMessage: 'Transaction Receipt Failed' });
    const [entry] = await g.activity('demo-player');
    expect(entry).toMatchObject({ action: 'earn', data: { amount: 1, success: 'reverted' } });
  });

  it('logs pay and earn with data.hash and data.success per line', async () => {
    const { roomId, jwts } = await g.seat(['demo-player']);
    const pay = await g.client.post('/api/game/pay', {
      roomId,
      sessionJwts: jwts,
      tokens: ['plyr'],
      amounts: ['5'],
      sync: true,
    });
    const [entry] = await g.activity('demo-player');
    expect(entry).toMatchObject({
      plyrId: 'demo-player',
      gameId: 'plyr-kit-demo',
      type: 'game',
      action: 'pay',
      data: {
        gameId: 'plyr-kit-demo',
        roomId,
        token: 'plyr',
        amount: '5',
        hash: pay.json.hash,
        success: 'success',
      },
    });
  });
});

describe('the combined calls', () => {
  it('createJoinPay creates, joins and pays in one transaction; its result names the room', async () => {
    const jwts = [await g.login('demo-player'), await g.login('second-player')];
    for (const plyrId of ['demo-player', 'second-player'])
      await g.approve(plyrId, { gameId: g.sb.gameId, token: 'plyr', amount: 50 });
    const res = await g.client.post('/api/game/createJoinPay', {
      sessionJwts: jwts,
      tokens: ['plyr', 'PLYR'],
      amounts: [5, 7],
      sync: true,
    });
    expect(res.json.status).toBe('SUCCESS');
    const { result, body } = taskData(res.json) as { result: JsonObject; body: JsonObject };
    expect(body).toEqual({
      gameId: 'plyr-kit-demo',
      expiresIn: 2_592_000,
      plyrIds: ['demo-player', 'second-player'],
      tokens: ['plyr', 'plyr'],
      amounts: [5, 7],
    });
    const room = g.sb.game.ledger().rooms.find((r) => r.roomId === result.roomId)!;
    expect(room).toMatchObject({ balances: { plyr: '12' }, joined: ['demo-player', 'second-player'] });
    expect(g.sb.game.ledger().transactions.at(-1)).toMatchObject({
      method: 'createJoinPay',
      roomId: result.roomId,
    });
  });

  it('createJoinPay rolls everything back when one line cannot be paid: no room, no move', async () => {
    const jwts = [await g.login('demo-player'), await g.login('second-player')];
    for (const plyrId of ['demo-player', 'second-player'])
      await g.approve(plyrId, { gameId: g.sb.gameId, token: 'gamr', amount: 1e9 });
    const before = g.sb.game.ledger();
    const res = await g.client.post('/api/game/createJoinPay', {
      sessionJwts: jwts,
      tokens: ['gamr', 'gamr'],
      amounts: [1, 1e8],
      sync: true,
    });
    expect(res.json).toMatchObject({ status: 'FAILED', errorMessage: 'Transaction Receipt Failed' });
    const after = g.sb.game.ledger();
    expect(after.rooms).toHaveLength(before.rooms.length);
    expect(after.balances).toEqual(before.balances);
  });

  it('joinPay joins and pays without merging; earnLeave pays out and leaves; earnLeaveEnd also ends', async () => {
    const jwt = await g.login('demo-player');
    await g.approve('demo-player', { gameId: g.sb.gameId, tokens: ['plyr'], amounts: [100] });
    const roomId = await g.createRoom();
    const joinPay = await g.client.post('/api/game/joinPay', {
      roomId,
      sessionJwts: [jwt, jwt],
      tokens: ['plyr', 'plyr'],
      amounts: [1, 2],
      sync: true,
    });
    expect(joinPay.json.status).toBe('SUCCESS');
    expect((taskData(joinPay.json).body as JsonObject).amounts).toEqual([1, 2]);
    expect(g.sb.game.ledger().transactions.at(-1)!.moves).toHaveLength(2);
    const earnLeave = await g.client.post('/api/game/earnLeave', {
      roomId,
      plyrIds: ['demo-player'],
      tokens: ['plyr'],
      amounts: [1],
      sync: true,
    });
    expect(earnLeave.json.status).toBe('SUCCESS');
    let room = g.sb.game.ledger().rooms.find((r) => r.roomId === roomId)!;
    expect(room).toMatchObject({ joined: [], balances: { plyr: '2' }, ended: false });
    // earnLeaveEnd needs the player joined again for its earn; a leftover makes the whole call revert.
    await g.client.post('/api/game/join', { roomId, sessionJwts: [jwt], sync: true });
    const short = await g.client.post('/api/game/earnLeaveEnd', {
      roomId,
      plyrIds: ['demo-player'],
      tokens: ['plyr'],
      amounts: [1],
      sync: true,
    });
    expect(short.json).toMatchObject({ status: 'FAILED', errorMessage: 'Transaction Receipt Failed' });
    room = g.sb.game.ledger().rooms.find((r) => r.roomId === roomId)!;
    expect(room).toMatchObject({ joined: ['demo-player'], balances: { plyr: '2' }, ended: false });
    const all = await g.client.post('/api/game/earnLeaveEnd', {
      roomId,
      plyrIds: ['demo-player'],
      tokens: ['plyr'],
      amounts: [2],
      sync: true,
    });
    expect(all.json.status).toBe('SUCCESS');
    room = g.sb.game.ledger().rooms.find((r) => r.roomId === roomId)!;
    expect(room).toMatchObject({ joined: [], balances: { plyr: '0' }, ended: true });
  });
});

describe('POST /api/game/close', () => {
  it('always fails: the contract takes a third argument the platform never passes', async () => {
    const roomId = await g.createRoom();
    const res = await g.client.post('/api/game/close', { gameId: 'PLYR-KIT-DEMO', roomId, sync: true });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      taskData: ['closeGameRoom', JSON.stringify({ gameId: 'plyr-kit-demo', roomId })],
      status: 'FAILED',
      hash: null,
      errorMessage:
        'ABI encoding params/values length mismatch.\nExpected length (params): 3\nGiven length (values): 2',
    });
    const missing = await g.client.post('/api/game/close', { roomId });
    expect(missing.status).toBe(500);
    expect(missing.json).toEqual({ error: "Cannot read properties of undefined (reading 'toLowerCase')" });
  });
});
