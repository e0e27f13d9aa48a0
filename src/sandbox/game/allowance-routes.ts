/**
 * The allowance routes (docs/platform/plyr-game.md#allowances): approve (2FA), the three reads, revoke (2FA). The
 * reads leave out expired rows; the pay check (`checkAllowances`) does not.
 */
import { checkGameId, checkToken } from '../plyr/approvals.js';
import { storeAuth } from '../plyr/auth-store.js';
import { field, type Platform, type Reply, type Route, reply } from '../plyr/context.js';
import { lowerOrThrow } from '../plyr/errors.js';
import { hmacAuth } from '../plyr/hmac-auth.js';
import { otpAuth } from '../plyr/otp-auth.js';
import { approvalView, findApproval, isExpired, revokeApprovals } from './allowances.js';
import { guarded } from './handlers.js';

/** `isNaN(amount) || Number(amount) <= 0`. */
const isBadAmount = (amount: unknown): boolean => {
  const n = Number(amount);
  return Number.isNaN(n) || n <= 0;
};

/** The allowance routes. */
export function allowanceRoutes(p: Platform): Route[] {
  const user = hmacAuth(p, 'user');
  const rowsOf = (plyrId: string, gameId?: string) =>
    [...p.state.approvals.values()]
      .filter((row) => row.plyrId === plyrId && (gameId === undefined || row.gameId === gameId))
      .filter((row) => !isExpired(row, p.now()))
      .map(approvalView);

  /** `postGameApprove`. */
  const approve = (body: unknown): Reply => {
    const [plyrId, gameId, expiresIn] = ['plyrId', 'gameId', 'expiresIn'].map((k) => field(body, k));
    if (!plyrId || !gameId) return reply(401, { error: 'Input params was incorrect.' });
    const bad = reply(401, { error: 'Approve amount was incorrect.' });
    const approveOne = (token: unknown, expression: string, amount: unknown) => {
      const symbol = lowerOrThrow(token, expression);
      p.state.approve(
        lowerOrThrow(plyrId, 'plyrId'),
        lowerOrThrow(gameId, 'gameId'),
        symbol,
        amount,
        expiresIn,
      );
      p.state.logActivity(plyrId, gameId, 'approve', { gameId, token: symbol, amount }, 'game');
    };
    const token = field(body, 'token');
    if (token) {
      const amount = field(body, 'amount');
      if (isBadAmount(amount)) return bad;
      approveOne(token, 'token', amount);
    }
    const tokens = field(body, 'tokens');
    const count = (tokens as { length?: unknown } | null)?.length;
    if (tokens && typeof count === 'number' && count > 0) {
      const amounts = field(body, 'amounts');
      for (let i = 0; i < count; i++) {
        if (amounts === undefined || amounts === null)
          throw new TypeError(`Cannot read properties of ${String(amounts)} (reading '${i}')`);
        const amount = (amounts as Record<number, unknown>)[i];
        if (isBadAmount(amount)) return bad;
        approveOne((tokens as Record<number, unknown>)[i], 'tokens[i]', amount);
      }
    }
    const answer = { message: 'Approved', success: true };
    storeAuth(p, field(body, 'uid'), answer);
    return reply(200, answer);
  };

  return [
    {
      method: 'POST',
      pattern: '/api/game/approve',
      steps: [user, otpAuth(p), checkToken(), checkGameId(p), guarded((ctx) => approve(ctx.body))],
    },
    {
      method: 'GET',
      pattern: '/api/game/allowance/:plyrId/:gameId/:token',
      steps: [
        user,
        (ctx) => {
          const { plyrId, gameId, token } = ctx.params;
          const row = findApproval(
            p.state,
            gameId!.toLowerCase(),
            plyrId!.toLowerCase(),
            token!.toLowerCase(),
          );
          return reply(200, { allowance: row && !isExpired(row, p.now()) ? row.amount : 0 });
        },
      ],
    },
    {
      method: 'GET',
      pattern: '/api/game/allowanceByGameId/:plyrId/:gameId',
      steps: [
        user,
        (ctx) =>
          reply(200, {
            allowances: rowsOf(ctx.params.plyrId!.toLowerCase(), ctx.params.gameId!.toLowerCase()),
          }),
      ],
    },
    {
      method: 'GET',
      pattern: '/api/game/allowances/:plyrId',
      steps: [user, (ctx) => reply(200, { allowances: rowsOf(ctx.params.plyrId!.toLowerCase()) })],
    },
    {
      method: 'POST',
      pattern: '/api/game/revoke',
      steps: [
        user,
        otpAuth(p),
        guarded((ctx) => {
          const [plyrId, gameId, token] = ['plyrId', 'gameId', 'token'].map((k) => field(ctx.body, k));
          const plyr = lowerOrThrow(plyrId, 'plyrId');
          const game = lowerOrThrow(gameId, 'gameId');
          const symbol = lowerOrThrow(token, 'token');
          revokeApprovals(p.state, plyr, game, symbol);
          p.state.logActivity(plyr, gameId, 'revoke', { gameId: game, token: symbol }, 'game');
          return reply(200, { message: 'Revoked' });
        }),
      ],
    },
  ];
}
