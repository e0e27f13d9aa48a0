/**
 * The game-room routes (docs/platform/plyr-game.md#rooms), each with the platform's middleware chain and controller:
 * create, join, leave, pay, earn, end, close, joinPay, createJoinPay, earnLeave, earnLeaveEnd, isJoined. They queue
 * tasks for the agent; nothing here moves money.
 */
import { field, type Platform, type RequestContext, type Route, reply } from '../plyr/context.js';
import { lowerOrThrow } from '../plyr/errors.js';
import { hmacAuth } from '../plyr/hmac-auth.js';
import type { GameEconomy } from './economy.js';
import { guarded, lengthOrThrow, mapLower, mergeDuplicates, runTask } from './handlers.js';
import {
  checkAllJoined,
  checkAllowances,
  checkSessionJwts,
  checkTokens,
  sessionPlyrIds,
} from './middlewares.js';
import type { GameTaskName } from './task-names.js';

/** A room's default lifetime when `expiresIn` is falsy: 30 days. */
const DEFAULT_ROOM_EXPIRES_IN = 30 * 24 * 60 * 60;

const bodyOf = (ctx: RequestContext, ...names: string[]) => names.map((name) => field(ctx.body, name));
const gameOf = (ctx: RequestContext) => ctx.apiKey!.plyrId.toLowerCase();

/** The room routes. */
export function roomRoutes(p: Platform, game: GameEconomy): Route[] {
  const user = hmacAuth(p, 'user');
  const post = (pattern: string, ...steps: Route['steps']): Route => ({ method: 'POST', pattern, steps });

  /** pay and earn: merge duplicates (outside the controller's try: a crash is a 500 with stack), then queue. */
  const mergedBatch =
    (name: GameTaskName, plyrIdsOf: (ctx: RequestContext) => unknown) => async (ctx: RequestContext) => {
      const gameId = gameOf(ctx);
      const [roomId, sync] = bodyOf(ctx, 'roomId', 'sync');
      const merged = mergeDuplicates(plyrIdsOf(ctx), field(ctx.body, 'tokens'), field(ctx.body, 'amounts'));
      if (merged.tokens.length !== merged.amounts.length || merged.tokens.length !== merged.plyrIds.length)
        return reply(400, { error: 'Tokens and amounts must be the same length' });
      return guarded(() =>
        runTask(
          game,
          name,
          {
            plyrIds: mapLower(merged.plyrIds, 'plyrIds', 'plyrId'),
            gameId,
            roomId: lowerOrThrow(roomId, 'roomId'),
            tokens: mapLower(merged.tokens, 'tokens', 'token'),
            amounts: merged.amounts,
          },
          sync,
        ),
      )(ctx);
    };

  /** joinPay and createJoinPay: one line per JWT player, no merge. */
  const paidEntry = (name: 'joinPayGameRoom' | 'createJoinPayGameRoom') =>
    guarded((ctx) => {
      const gameId = gameOf(ctx);
      const plyrIds = sessionPlyrIds(ctx);
      const [roomId, tokens, amounts, sync] = bodyOf(ctx, 'roomId', 'tokens', 'amounts', 'sync');
      const expiresIn = field(ctx.body, 'expiresIn') || DEFAULT_ROOM_EXPIRES_IN;
      if (plyrIds.length !== lengthOrThrow(tokens) || plyrIds.length !== lengthOrThrow(amounts))
        return reply(400, { error: 'Input params was incorrect.' });
      // Built in the platform's key order, which is also the order its errors surface in.
      const head =
        name === 'createJoinPayGameRoom'
          ? { gameId, expiresIn }
          : { gameId, roomId: lowerOrThrow(roomId, 'roomId') };
      const params = {
        ...head,
        plyrIds: mapLower(plyrIds, 'plyrIds', 'plyrId'),
        tokens: mapLower(tokens, 'tokens', 'token'),
        amounts,
      };
      return runTask(game, name, params, sync);
    });

  /** earnLeave and earnLeaveEnd: the lines as sent, no merge, no JWT. */
  const paidExit = (name: 'earnLeaveGameRoom' | 'earnLeaveEndGameRoom') =>
    guarded((ctx) => {
      const gameId = gameOf(ctx);
      const [plyrIds, roomId, tokens, amounts, sync] = bodyOf(
        ctx,
        'plyrIds',
        'roomId',
        'tokens',
        'amounts',
        'sync',
      );
      const count = lengthOrThrow(plyrIds);
      if (count !== lengthOrThrow(tokens) || count !== lengthOrThrow(amounts))
        return reply(400, { error: 'Input params was incorrect.' });
      return runTask(
        game,
        name,
        {
          gameId,
          roomId: lowerOrThrow(roomId, 'roomId'),
          plyrIds: mapLower(plyrIds, 'plyrIds', 'plyrId'),
          tokens: mapLower(tokens, 'tokens', 'token'),
          amounts,
        },
        sync,
      );
    });

  return [
    post(
      '/api/game/create',
      user,
      guarded((ctx) => {
        const [expiresIn, sync] = bodyOf(ctx, 'expiresIn', 'sync');
        const params = { gameId: gameOf(ctx), expiresIn: expiresIn || DEFAULT_ROOM_EXPIRES_IN };
        return runTask(game, 'createGameRoom', params, sync);
      }),
    ),
    post(
      '/api/game/join',
      user,
      checkSessionJwts(p),
      guarded(async (ctx) => {
        const gameId = gameOf(ctx);
        const [roomId, sync] = bodyOf(ctx, 'roomId', 'sync');
        const plyrIds = sessionPlyrIds(ctx).map((id) => lowerOrThrow(id, 'plyrId'));
        const unjoined = plyrIds.filter((plyrId) => !game.isJoined(gameId, roomId, plyrId));
        if (unjoined.length === 0) return reply(200, { message: 'All players are already joined' });
        // roomId is queued as sent (not lower-cased), unlike every other room call.
        const task = game.enqueue('joinGameRoom', { plyrIds: unjoined, gameId, roomId });
        if (!sync) return reply(200, { task: { id: task.id, status: 'PENDING' } });
        const answer = await game.waitSync(task);
        // The platform then waits for every player to show as joined, even after FAILED or TIMEOUT.
        if (task.fault?.kind !== '504') await game.waitJoined(gameId, roomId, plyrIds);
        return reply(answer.status === 'TIMEOUT' ? 504 : 200, answer);
      }),
    ),
    post(
      '/api/game/leave',
      user,
      checkSessionJwts(p),
      checkAllJoined(game),
      guarded((ctx) => {
        const [roomId, sync] = bodyOf(ctx, 'roomId', 'sync');
        const plyrIds = mapLower(sessionPlyrIds(ctx), 'plyrIds', 'plyrId');
        const params = { plyrIds, gameId: gameOf(ctx), roomId: lowerOrThrow(roomId, 'roomId') };
        return runTask(game, 'leaveGameRoom', params, sync);
      }),
    ),
    post(
      '/api/game/pay',
      user,
      checkSessionJwts(p),
      checkTokens(),
      checkAllowances(p),
      checkAllJoined(game),
      mergedBatch('batchPayGameRoom', (ctx) => mapLower(sessionPlyrIds(ctx), 'plyrIds', 'plyrId')),
    ),
    post(
      '/api/game/earn',
      user,
      checkTokens(),
      mergedBatch('batchEarnGameRoom', (ctx) => field(ctx.body, 'plyrIds')),
    ),
    post(
      '/api/game/end',
      user,
      guarded((ctx) => {
        const [roomId, sync] = bodyOf(ctx, 'roomId', 'sync');
        const params = { gameId: gameOf(ctx), roomId: lowerOrThrow(roomId, 'roomId') };
        return runTask(game, 'endGameRoom', params, sync);
      }),
    ),
    post(
      '/api/game/close',
      user,
      guarded((ctx) => {
        // The game id comes from the body here, not from the API key.
        const [gameId, roomId, sync] = bodyOf(ctx, 'gameId', 'roomId', 'sync');
        const params = { gameId: lowerOrThrow(gameId, 'gameId'), roomId: lowerOrThrow(roomId, 'roomId') };
        return runTask(game, 'closeGameRoom', params, sync);
      }),
    ),
    post(
      '/api/game/createJoinPay',
      user,
      checkSessionJwts(p),
      checkTokens(),
      checkAllowances(p),
      paidEntry('createJoinPayGameRoom'),
    ),
    post(
      '/api/game/joinPay',
      user,
      checkSessionJwts(p),
      checkTokens(),
      checkAllowances(p),
      paidEntry('joinPayGameRoom'),
    ),
    post('/api/game/earnLeaveEnd', user, checkTokens(), paidExit('earnLeaveEndGameRoom')),
    post('/api/game/earnLeave', user, checkTokens(), paidExit('earnLeaveGameRoom')),
    {
      method: 'GET',
      pattern: '/api/game/isJoined',
      steps: [
        user,
        (ctx) => {
          const plyrId = ctx.query.get('plyrId');
          const roomId = ctx.query.get('roomId');
          if (!plyrId) return reply(400, { error: 'plyrId is required' });
          if (roomId === null) return reply(400, { error: 'roomId is required' });
          return reply(200, {
            isJoined: game.isJoined(gameOf(ctx), roomId.toLowerCase(), plyrId.toLowerCase()),
          });
        },
      ],
    },
  ];
}
