/**
 * The game-economy calls that move no tokens: rooms (create, join, leave, end, isJoined), the token list,
 * balances, allowances and revoke, task status, the activity log, and chips' creation, balances and info. A room call
 * is a platform task: sent in sync mode, waited for through `GET /api/task/status` after the platform's own 504.
 */
import { fromTokenUnits, type TokenAmount, toTokenUnits } from './amounts.js';
import { answerError, PlyrGameError } from './errors.js';
import type { GameActivityEntry } from './evidence.js';
import type { GameIntentTiming } from './intents.js';
import { type GameTaskStatus, REVERTED, readTaskStatus } from './tasks.js';
import { callPlatform, type GameTransport } from './transport.js';
import type {
  GameAllowance,
  GameChipBalance,
  GameChipInfo,
  GameRoom,
  GameSessionInfo,
  GameToken,
} from './types.js';

/** The calls of this module (see the module comment). */
export interface GameCalls {
  /**
   * Whose live session a JWT is (`POST /api/user/session/verify`: its signature and expiry, this game's, not replaced
   * by a newer login or a logout), or `null` when it is not one. Check the JWT a browser hands over before you use it.
   */
  verifySession(sessionJwt: string): Promise<GameSessionInfo | null>;
  /** Creates a room (`expiresIn` seconds; the platform's default is 30 days). */
  createRoom(options?: { expiresIn?: number }): Promise<GameRoom>;
  /** Joins players (their session JWTs) to a room. */
  join(options: { roomId: string; sessionJwts: string[] }): Promise<GameTaskStatus>;
  /** Players leave a room. */
  leave(options: { roomId: string; sessionJwts: string[] }): Promise<GameTaskStatus>;
  /** Ends a room: refused by the chain (`ROOM_NOT_ENDED`) while it holds any token. */
  end(options: { roomId: string }): Promise<GameTaskStatus>;
  isJoined(options: { roomId: string; plyrId: string }): Promise<boolean>;
  /** The platform's token list (`plyr`, `gamr`, …). */
  tokenList(): Promise<GameToken[]>;
  /** A player's balances by token id (their mirror wallet). */
  balances(plyrId: string): Promise<Record<string, TokenAmount>>;
  balance(plyrId: string, token: string): Promise<TokenAmount>;
  /** What a player approved this game to take of `token` (0 when none or expired). */
  allowance(plyrId: string, token: string): Promise<TokenAmount>;
  /** A player's unexpired allowances for this game (`allGames`: for every game). */
  allowances(plyrId: string, options?: { allGames?: boolean }): Promise<GameAllowance[]>;
  /** Revokes an allowance with the player's 2FA code (`token` may be `all`). */
  revoke(options: { plyrId: string; otp: string; token: string }): Promise<void>;
  taskStatus(taskId: string): Promise<GameTaskStatus>;
  /** A player's activity log, newest first. */
  activityLog(plyrId: string, options?: { offset?: number; limit?: number }): Promise<GameActivityEntry[]>;
  /** Creates one of this game's in-game chips; resolves with its address. */
  createChip(options: {
    name: string;
    symbol: string;
    image?: string;
  }): Promise<{ chip: string; hash: string | null }>;
  chipBalance(options: { plyrId: string; chip?: string }): Promise<GameChipBalance[]>;
  chipInfo(options?: { chip?: string }): Promise<GameChipInfo[]>;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const seg = (value: string) => encodeURIComponent(value);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A number the platform stores (allowances) as the decimal it prints as. */
const amountText = (value: unknown): TokenAmount => {
  const units = typeof value === 'number' ? toTokenUnits(String(value), 18) : undefined;
  return units === undefined ? String(value ?? '0') : fromTokenUnits(units, 18);
};

function requireString(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '')
    throw new PlyrGameError('INPUT_INVALID', `\`${name}\` is required.`, { outcome: 'refused' });
  return value;
}

/** The calls, on `t`, for the game `gameId`. */
export function gameCalls(t: GameTransport, gameId: string, timing: GameIntentTiming): GameCalls {
  async function get(path: string, what: string): Promise<unknown> {
    const { status, body } = await callPlatform(t, 'GET', path);
    if (status !== 200) throw answerError(status, body, what);
    return body;
  }

  /** A room task: sync, then waited for by status; FAILED rejects; still unknown at the deadline rejects unknown. */
  async function task(path: string, body: Record<string, unknown>): Promise<GameTaskStatus> {
    const deadline = Date.now() + timing.settleWithinMs; // real time: `now` may be a test clock
    const answer = await callPlatform(t, 'POST', path, { ...body, sync: true }, timing.syncTimeoutMs);
    let status = readTaskStatus(answer.body);
    if (status === undefined) {
      if (answer.status === 200 && isObject(answer.body) && typeof answer.body.message === 'string')
        return {
          taskId: '',
          status: 'SUCCESS',
          hash: null,
          errorMessage: null,
          completedAt: null,
          method: null,
          params: body,
          result: undefined,
        };
      throw answerError(answer.status, answer.body, path);
    }
    while (status.status === 'TIMEOUT' || status.status === 'PENDING') {
      if (Date.now() + timing.pollMs >= deadline)
        throw new PlyrGameError(
          'TASK_TIMEOUT',
          `${path}: task ${status.taskId} not done in time; the outcome is not known.`,
          {
            outcome: 'unknown',
            taskId: status.taskId,
          },
        );
      await sleep(timing.pollMs);
      status = await calls.taskStatus(status.taskId).catch(() => status!);
    }
    if (status.status !== 'SUCCESS') {
      const code = path.endsWith('/end')
        ? 'ROOM_NOT_ENDED'
        : status.errorMessage === REVERTED
          ? 'TASK_REVERTED'
          : 'TASK_FAILED';
      throw new PlyrGameError(
        code,
        `${path}: task ${status.taskId} ${status.status} (${status.errorMessage ?? 'no message'}).`,
        {
          outcome: code === 'TASK_FAILED' ? 'unknown' : 'refused',
          taskId: status.taskId,
        },
      );
    }
    return status;
  }

  const calls: GameCalls = {
    async verifySession(sessionJwt) {
      if (typeof sessionJwt !== 'string' || !/^[\w-]+\.[\w-]+\.[\w-]*$/.test(sessionJwt)) return null;
      const answer = await callPlatform(t, 'POST', '/api/user/session/verify', { sessionJwt });
      const payload = isObject(answer.body) && answer.body.success === true ? answer.body.payload : undefined;
      if (answer.status === 200 && isObject(payload) && typeof payload.plyrId === 'string')
        return {
          plyrId: payload.plyrId.toLowerCase(),
          gameId: String(payload.gameId ?? ''),
          isGuest: payload.isIPP === true,
          claimed: payload.ippClaimed === true,
          primaryAddress: String(payload.primaryAddress ?? ''),
          mirrorAddress: String(payload.mirrorAddress ?? ''),
          expiresAt: typeof payload.exp === 'number' ? payload.exp * 1000 : null,
        };
      if (answer.status === 401) return null;
      throw answerError(answer.status, answer.body, 'session verify');
    },
    async createRoom(options = {}) {
      const status = await task(
        '/api/game/create',
        options.expiresIn === undefined ? {} : { expiresIn: options.expiresIn },
      );
      const result = status.result as Partial<GameRoom> | undefined;
      if (typeof result?.roomId !== 'string')
        throw new PlyrGameError('INVALID_RESPONSE', 'create: the task has no room id.', {
          outcome: 'unknown',
          taskId: status.taskId,
        });
      return { roomId: result.roomId, roomAddress: String(result.roomAddress ?? '') };
    },
    join: async ({ roomId, sessionJwts }) =>
      task('/api/game/join', { roomId: requireString(roomId, 'roomId'), sessionJwts }),
    leave: async ({ roomId, sessionJwts }) =>
      task('/api/game/leave', { roomId: requireString(roomId, 'roomId'), sessionJwts }),
    end: async ({ roomId }) => task('/api/game/end', { roomId: requireString(roomId, 'roomId') }),
    async isJoined({ roomId, plyrId }) {
      const query = `plyrId=${seg(requireString(plyrId, 'plyrId'))}&roomId=${seg(requireString(roomId, 'roomId'))}`;
      const body = await get(`/api/game/isJoined?${query}`, 'isJoined');
      return isObject(body) && body.isJoined === true;
    },
    async tokenList() {
      const body = await get('/api/tokenlist', 'token list');
      return isObject(body) && Array.isArray(body.tokens) ? (body.tokens as GameToken[]) : [];
    },
    async balances(plyrId) {
      const body = await get(`/api/user/balance/${seg(requireString(plyrId, 'plyrId'))}`, 'balances');
      return Object.fromEntries(Object.entries(isObject(body) ? body : {}).map(([k, v]) => [k, String(v)]));
    },
    async balance(plyrId, token) {
      const body = await get(
        `/api/user/balance/${seg(requireString(plyrId, 'plyrId'))}/${seg(requireString(token, 'token'))}`,
        'balance',
      );
      return String(isObject(body) ? (body[token] ?? '0') : '0');
    },
    async allowance(plyrId, token) {
      const body = await get(
        `/api/game/allowance/${[plyrId, gameId, token].map((v) => seg(requireString(v, 'plyrId/token'))).join('/')}`,
        'allowance',
      );
      return amountText(isObject(body) ? body.allowance : 0);
    },
    async allowances(plyrId, options = {}) {
      const path = options.allGames
        ? `/api/game/allowances/${seg(requireString(plyrId, 'plyrId'))}`
        : `/api/game/allowanceByGameId/${seg(requireString(plyrId, 'plyrId'))}/${seg(gameId)}`;
      const body = await get(path, 'allowances');
      const rows = isObject(body) && Array.isArray(body.allowances) ? body.allowances : [];
      return rows
        .filter(isObject)
        .map((row) => ({ ...(row as unknown as GameAllowance), amount: amountText(row.amount) }));
    },
    async revoke({ plyrId, otp, token }) {
      const body = {
        plyrId: requireString(plyrId, 'plyrId'),
        otp: requireString(otp, 'otp'),
        gameId,
        token: requireString(token, 'token'),
      };
      const answer = await callPlatform(t, 'POST', '/api/game/revoke', body);
      if (answer.status !== 200) throw answerError(answer.status, answer.body, 'revoke');
    },
    async taskStatus(taskId) {
      const body = await get(`/api/task/status/${seg(requireString(taskId, 'taskId'))}`, 'task status');
      const status = readTaskStatus(body, taskId);
      if (status === undefined)
        throw new PlyrGameError('INVALID_RESPONSE', 'task status: not a task.', {
          outcome: 'unknown',
          taskId,
        });
      return status;
    },
    async activityLog(plyrId, options = {}) {
      const body = await get(
        `/api/actionLog/${seg(requireString(plyrId, 'plyrId'))}?offset=${options.offset ?? 0}&limit=${options.limit ?? 25}`,
        'activity log',
      );
      return Array.isArray(body) ? (body as GameActivityEntry[]) : [];
    },
    async createChip({ name, symbol, image }) {
      const body: Record<string, unknown> = {
        name: requireString(name, 'name'),
        symbol: requireString(symbol, 'symbol'),
      };
      if (image !== undefined) body.image = image;
      const answer = await callPlatform(t, 'POST', '/api/game/chip/create', body, timing.syncTimeoutMs);
      const status = readTaskStatus(answer.body);
      if (answer.status !== 200 || status === undefined)
        throw answerError(answer.status, answer.body, 'chip create');
      const chip = (status.result as { chip?: unknown } | undefined)?.chip;
      if (typeof chip !== 'string')
        throw new PlyrGameError('INVALID_RESPONSE', 'chip create: no chip address.', {
          outcome: 'unknown',
          taskId: status.taskId,
        });
      return { chip, hash: status.hash };
    },
    async chipBalance({ plyrId, chip }) {
      const query = `plyrId=${seg(requireString(plyrId, 'plyrId'))}${chip === undefined ? '' : `&chip=${seg(chip)}`}`;
      const body = await get(`/api/game/chip/balance?${query}`, 'chip balance');
      const found: GameChipBalance[] = [];
      for (const [game, chips] of Object.entries(isObject(body) ? body : {}))
        for (const [address, info] of Object.entries(isObject(chips) ? chips : {}))
          if (isObject(info))
            found.push({
              ...(info as object),
              gameId: game,
              chip: address,
              balance: String(info.balance ?? '0'),
            });
      return found;
    },
    async chipInfo(options = {}) {
      const query = options.chip === undefined ? `gameId=${seg(gameId)}` : `chip=${seg(options.chip)}`;
      const body = await get(`/api/game/chip/info?${query}`, 'chip info');
      return Array.isArray(body) ? (body as GameChipInfo[]) : [];
    },
  };
  return calls;
}
