// docs/platform/plyr-game.md#on-chain-rules, #what-can-go-wrong: thousands of random room operations, with random
// faults, never create or destroy money: what the accounts, rooms and the fee account hold always adds up to what
// was seeded, replaying every mined move from the seeds gives the books exactly, and every double the faults caused
// is counted.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type GameSandbox, startGameSandbox, wei } from '../helpers/game-sandbox.js';
import { prng } from '../helpers/prng.js';
import type { JsonObject } from '../helpers/sandbox-client.js';

const PLAYERS = ['demo-player', 'second-player'];
const TOKENS = ['plyr', 'gamr'];
const OPERATIONS = 2500;

let g: GameSandbox;
beforeAll(async () => {
  g = await startGameSandbox({ chainDelayMs: 0, retryBackoffMs: 0, syncIntervalMs: 2 });
});
afterAll(() => g.sb.close());

/** token → sum over a record of per-token balances. */
function add(total: Map<string, bigint>, balances: Record<string, string>): void {
  for (const [token, amount] of Object.entries(balances))
    total.set(token, (total.get(token) ?? 0n) + wei(amount));
}

describe('conservation of money', () => {
  it('holds across random pays, earns, joins, leaves and ends, with faults', async () => {
    const rng = prng(20_250_601);
    const jwts: string[] = [];
    for (const plyrId of PLAYERS) {
      jwts.push(await g.login(plyrId));
      await g.approve(plyrId, { gameId: g.sb.gameId, tokens: TOKENS, amounts: [1e12, 1e12] });
    }
    const rooms: string[] = [];
    for (let i = 0; i < 4; i++) rooms.push(await g.createRoom());
    g.sb.game.faults.configure({
      rates: { resend: 0.04, 'failed-after-mined': 0.04, slow: 0.03, '504': 0.03, stuck: 0.01 },
      seed: 99,
      slowFactor: 3,
    });

    const amount = () => (rng.chance(0.1) ? 0 : `${rng.int(40)}.${rng.chars('0123456789', 1, 18)}`);
    /** One player or both, in a random order. */
    const players = () => (rng.chance(0.5) ? [rng.int(2)] : rng.chance(0.5) ? [0, 1] : [1, 0]);
    const lines = (count: number) => ({
      tokens: Array.from({ length: count }, () => rng.pick(TOKENS)),
      amounts: Array.from({ length: count }, amount),
    });
    const operation = (): [string, JsonObject] => {
      const roomId = rng.pick(rooms);
      const who = players();
      const sessionJwts = who.map((i) => jwts[i]!);
      const plyrIds = who.map((i) => PLAYERS[i]!);
      switch (rng.int(9)) {
        case 0:
          return ['/api/game/join', { roomId, sessionJwts }];
        case 1:
          return ['/api/game/leave', { roomId, sessionJwts }];
        case 2:
        case 3:
          return ['/api/game/pay', { roomId, sessionJwts, ...lines(who.length) }];
        case 4:
          return [
            '/api/game/earn',
            { roomId, plyrIds: rng.chance(0.2) ? ['plyr-kit-demo'] : plyrIds, ...lines(plyrIds.length) },
          ];
        case 5:
          return ['/api/game/joinPay', { roomId, sessionJwts, ...lines(who.length) }];
        case 6:
          return [
            rng.chance(0.5) ? '/api/game/earnLeave' : '/api/game/earnLeaveEnd',
            { roomId, plyrIds, ...lines(plyrIds.length) },
          ];
        case 7:
          return ['/api/game/end', { roomId, sync: rng.chance(0.3) }];
        default:
          return ['/api/game/createJoinPay', { sessionJwts, ...lines(who.length) }];
      }
    };

    // Every call is answered by the platform's own logic: 200, a refusal, or a sync 504; never a crash.
    let answered = 0;
    for (let done = 0; done < OPERATIONS; ) {
      const batch = Array.from({ length: Math.min(10, OPERATIONS - done) }, operation);
      const answers = await Promise.all(batch.map(([path, body]) => g.client.post(path, body)));
      for (const a of answers) if (a.status !== 500) answered++;
      done += batch.length;
    }
    await g.sb.game.idle();
    expect(answered).toBe(OPERATIONS);

    const ledger = g.sb.game.ledger();
    const seeded = new Map<string, bigint>();
    for (const balances of Object.values(ledger.initialBalances)) add(seeded, balances);
    const held = new Map<string, bigint>();
    for (const balances of Object.values(ledger.balances)) add(held, balances);
    for (const room of ledger.rooms) add(held, room.balances);
    add(held, ledger.fees);
    expect(held).toEqual(seeded);

    // Replaying every mined move from the seeds gives every account, room and the fee account exactly.
    const replay = new Map<string, bigint>();
    const key = (holder: string, token: string) => `${holder} ${token}`;
    for (const [name, balances] of Object.entries(ledger.initialBalances))
      for (const [token, text] of Object.entries(balances)) replay.set(key(name, token), wei(text));
    for (const tx of ledger.transactions)
      for (const move of tx.moves) {
        replay.set(
          key(move.from, move.token),
          (replay.get(key(move.from, move.token)) ?? 0n) - wei(move.amount),
        );
        replay.set(key(move.to, move.token), (replay.get(key(move.to, move.token)) ?? 0n) + wei(move.amount));
      }
    for (const [name, balances] of Object.entries(ledger.balances))
      for (const [token, text] of Object.entries(balances))
        expect([name, token, replay.get(key(name, token)) ?? 0n]).toEqual([name, token, wei(text)]);
    for (const room of ledger.rooms)
      for (const [token, text] of Object.entries(room.balances))
        expect(replay.get(key(`room:${room.gameId}/${room.roomId}`, token)) ?? 0n).toBe(wei(text));
    for (const value of replay.values()) expect(value >= 0n).toBe(true);

    // Every double the faults caused is a task with more than one successful transaction, and only those.
    const successes = new Map<string, number>();
    for (const tx of ledger.transactions)
      if (tx.status === 'success') successes.set(tx.taskId, (successes.get(tx.taskId) ?? 0) + 1);
    const doubled = [...successes.values()].filter((n) => n > 1).length;
    const stats = g.sb.game.faults.stats();
    expect(stats.platformDoubles).toBe(doubled);
    expect(stats.platformDoubles).toBeGreaterThan(0);
    expect(stats.injected['failed-after-mined']).toBeGreaterThan(0);
    // Lost tasks stay PENDING and mined nothing.
    const lost = g.sb.game.tasks().filter((t) => t.lost);
    expect(lost.length).toBe(stats.injected.stuck);
    for (const task of lost) expect(successes.has(task.id)).toBe(false);
  });
});
