/**
 * A sandbox for the game-economy tests: the test clock, signed clients of both games, small poll numbers, and the
 * steps most tests start with (log a player in, approve, open a room), each over real HTTP like a studio would.
 */
import { type Sandbox, type SandboxGameOptions, startSandbox } from '../../src/sandbox/index.js';
import {
  createMemoryGameJournal,
  createPlyrGameClient,
  type PlyrGameClient,
  type PlyrGameClientOptions,
} from '../../src/server/index.js';
import { type Answer, type JsonObject, SandboxClient, TestClock } from './sandbox-client.js';

/** A game sandbox and its helpers. */
export interface GameSandbox {
  sb: Sandbox;
  clock: TestClock;
  client: SandboxClient;
  /** A client of `other-game`. */
  other: SandboxClient;
  /** A fresh session JWT of `plyrId` for the main game (or `client`'s game). */
  login(plyrId: string, client?: SandboxClient): Promise<string>;
  /** `POST /api/game/approve` with a fresh code. */
  approve(plyrId: string, body: JsonObject, client?: SandboxClient): Promise<Answer>;
  /** Creates a room in sync mode and answers its id. */
  createRoom(client?: SandboxClient): Promise<string>;
  /** The task's status once the agent is idle. */
  settled(taskId: string, client?: SandboxClient): Promise<JsonObject>;
  /** The ledger's balance of an account and token. */
  balance(account: string, token?: string): string;
  /**
   * Logs the players in, approves each for 1000 plyr and 1000 gamr, opens a room and joins them (sync): the usual
   * start of a money test.
   */
  seat(plyrIds: string[], client?: SandboxClient): Promise<{ roomId: string; jwts: string[] }>;
  /** The task id of an async answer. */
  taskId(answer: Answer): string;
  /** The activity log of a player (newest first). */
  activity(plyrId: string, client?: SandboxClient): Promise<JsonObject[]>;
}

/** Decimal text in human units → wei (18 decimals), written here independently of the sandbox's own parser. */
export function wei(text: string): bigint {
  const negative = text.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? text.slice(1) : text).split('.');
  const units = BigInt(whole || '0') * 10n ** 18n + BigInt(fraction.padEnd(18, '0').slice(0, 18) || '0');
  return negative ? -units : units;
}

/** Fast defaults: a 5 ms chain, 40 sync polls 10 ms apart, join waits of 10 × 10 ms. */
export const FAST: SandboxGameOptions = {
  chainDelayMs: 5,
  retryBackoffMs: 2,
  syncPolls: 40,
  syncIntervalMs: 10,
  joinPolls: 10,
  joinIntervalMs: 10,
};

/** Starts a game sandbox on a {@link TestClock}. Close it with `sb.close()`. */
export async function startGameSandbox(game: SandboxGameOptions = {}): Promise<GameSandbox> {
  const clock = new TestClock();
  const sb = await startSandbox({ now: clock.now, game: { ...FAST, ...game } });
  const client = new SandboxClient(sb.url, sb.apiKey, sb.secretKey, clock.now);
  const second = sb.games[1]!;
  const other = client.withKey(second.apiKey, second.secretKey);
  const fresh = (plyrId: string) => {
    clock.advance(30_000);
    return sb.totp(plyrId);
  };
  const g: GameSandbox = {
    sb,
    clock,
    client,
    other,
    async login(plyrId, via = client) {
      const res = await via.post('/api/user/login', { plyrId, otp: fresh(plyrId) });
      if (res.status !== 200) throw new Error(`login failed: ${res.text}`);
      return String(res.json.sessionJwt);
    },
    approve: (plyrId, body, via = client) =>
      via.post('/api/game/approve', { plyrId, otp: fresh(plyrId), ...body }),
    async createRoom(via = client) {
      const res = await via.post('/api/game/create', { sync: true });
      if (res.status !== 200 || res.json.status !== 'SUCCESS') throw new Error(`create failed: ${res.text}`);
      return String((res.json.taskData as { result: { roomId: string } }).result.roomId);
    },
    async settled(taskId, via = client) {
      await sb.game.idle();
      return (await via.get(`/api/task/status/${taskId}`)).json;
    },
    balance: (account, token = 'plyr') => sb.game.ledger().balances[account]?.[token] ?? '0',
    async seat(plyrIds, via = client) {
      const jwts: string[] = [];
      for (const plyrId of plyrIds) {
        jwts.push(await g.login(plyrId, via));
        const gameId = via === client ? sb.gameId : sb.games[1]!.gameId;
        const approved = await g.approve(
          plyrId,
          { gameId, tokens: ['plyr', 'gamr'], amounts: [1000, 1000] },
          via,
        );
        if (approved.status !== 200) throw new Error(`approve failed: ${approved.text}`);
      }
      const roomId = await g.createRoom(via);
      const joined = await via.post('/api/game/join', { roomId, sessionJwts: jwts, sync: true });
      if (joined.status !== 200 || joined.json.status !== 'SUCCESS')
        throw new Error(`join failed: ${joined.text}`);
      return { roomId, jwts };
    },
    taskId: (answer) => String((answer.json.task as { id: string } | undefined)?.id ?? answer.json.taskId),
    async activity(plyrId, via = client) {
      return (await via.get(`/api/actionLog/${plyrId}?limit=1000`)).json as unknown as JsonObject[];
    },
  };
  return g;
}

/** Quick waits for the game client's tests: results in ms, not the platform's seconds and minutes. */
export const FAST_INTENTS = {
  settleWithinMs: 2_000,
  pollMs: 5,
  stuckAfterMs: 1_000,
  unseenAfterMs: 1_000,
  clockSkewMs: 0,
  syncTimeoutMs: 2_000,
};

/** A game-economy client of `g`'s main game on its clock, with a journal of its own and no recovery loop. */
export function gameClient(g: GameSandbox, options: Partial<PlyrGameClientOptions> = {}): PlyrGameClient {
  return createPlyrGameClient({
    apiKey: g.sb.apiKey,
    secretKey: g.sb.secretKey,
    gameId: g.sb.gameId,
    apiBase: g.sb.url,
    journal: createMemoryGameJournal({ now: g.clock.now }),
    now: g.clock.now,
    intents: FAST_INTENTS,
    recovery: false,
    ...options,
  });
}
