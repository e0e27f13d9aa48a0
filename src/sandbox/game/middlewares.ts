/**
 * The game-economy middlewares, in the platform's words and order (docs/platform/plyr-game.md#checks-and-their-order):
 * `checkSessionJwts`, `checkTokens`, `checkAllowances`, `checkAllJoined`. What the first one finds (the players of
 * the JWTs, in request order, duplicates kept) is handed to the later steps through {@link sessionPlyrIds}.
 */
import { isAddress } from '../plyr/address.js';
import { iterate, TOKEN_LIST } from '../plyr/approvals.js';
import { field, type Platform, type RequestContext, reply, type Step } from '../plyr/context.js';
import { lowerOrThrow } from '../plyr/errors.js';
import { findApproval } from './allowances.js';
import type { GameEconomy } from './economy.js';

const PLAYERS = new WeakMap<RequestContext, unknown[]>();

/** The JWTs' PLYR[IDs] found by `checkSessionJwts` (`ctx.state.plyrIds`). */
export const sessionPlyrIds = (ctx: RequestContext): unknown[] => PLAYERS.get(ctx) ?? [];

/** `value.length` of a JSON value (undefined where there is none). */
export const lengthOf = (value: unknown): unknown =>
  value !== null && (typeof value === 'object' || typeof value === 'string')
    ? (value as { length?: unknown }).length
    : undefined;

/** `!isAddress(t) && !TOKEN_LIST()[t.toLowerCase()]` (V8's TypeError for a non-string that is no address). */
export const isUnknownToken = (token: unknown): boolean =>
  !isAddress(token) && !TOKEN_LIST[lowerOrThrow(token, 'token')];

/** `checkSessionJwts`: every JWT valid for the expected game (body `gameId`, else the caller's). */
export const checkSessionJwts =
  (p: Platform): Step =>
  async (ctx) => {
    const sessionJwts = field(ctx.body, 'sessionJwts');
    const gameId = field(ctx.body, 'gameId') || ctx.apiKey!.plyrId;
    const key = String(gameId);
    const invalidPlyrIds: Record<string, string> = {};
    let allValid = true;
    const refuse = (plyrId: unknown, reason: string) => {
      allValid = false;
      invalidPlyrIds[String(plyrId)] = reason;
      return undefined;
    };
    try {
      if (!sessionJwts || lengthOf(sessionJwts) === 0) return reply(400, { error: 'sessionJwts is empty' });
      if (!Array.isArray(sessionJwts)) throw new TypeError('sessionJwts.map is not a function');
      const plyrIds = await Promise.all(
        sessionJwts.map(async (jwt: unknown) => {
          const payload = await p.jwt.verify(jwt, p.now());
          if (!payload) return refuse('unknown', 'Invalid sessionJwt');
          const plyrId = payload.plyrId;
          if (payload.gameId !== gameId) return refuse(plyrId, 'Invalid gameId');
          const user = p.state.users.get(lowerOrThrow(plyrId, 'plyrId'));
          if (!user) return refuse(plyrId, 'User not found');
          if ((payload.nonce as number) < (user.nonce.get(key) || 0))
            return refuse(plyrId, 'JWT nonce is expired');
          if ((user.deadline.get(key) || 0) < p.now()) return refuse(plyrId, 'JWT deadline is expired');
          return plyrId;
        }),
      );
      PLAYERS.set(ctx, plyrIds);
    } catch (error) {
      return reply(500, { error: (error as Error).message });
    }
    if (!allValid) return reply(401, { error: 'Invalid sessionJwts', invalidPlyrIds });
    return undefined;
  };

/** `checkTokens`: `tokens` present, each a token name of the list or an address. */
export const checkTokens = (): Step => (ctx) => {
  const tokens = field(ctx.body, 'tokens');
  if (!tokens) return reply(401, { error: 'Token is required' });
  for (const token of iterate(tokens, 'tokens'))
    if (isUnknownToken(token)) return reply(401, { error: `Invalid token: ${String(token)}` });
  return undefined;
};

/**
 * `checkAllowances`: per line i (token i, amount i, JWT player i) a known token, an amount ≥ 0, and for an amount
 * above 0 an approval row of the caller's game holding at least that much. The row's expiry is not looked at.
 */
export const checkAllowances =
  (p: Platform): Step =>
  (ctx) => {
    const tokens = field(ctx.body, 'tokens');
    const amounts = field(ctx.body, 'amounts');
    const gameId = ctx.apiKey!.plyrId;
    const plyrIds = sessionPlyrIds(ctx);
    if (!tokens || !amounts) return reply(401, { error: 'Tokens and amounts and sessionJwts are required' });
    if (lengthOf(tokens) !== lengthOf(amounts))
      return reply(401, { error: 'Tokens and amounts must be the same length' });
    const list = Array.isArray(tokens) || typeof tokens === 'string' ? [...tokens] : [];
    const errors: string[] = [];
    for (let i = 0; i < list.length; i++) {
      const token = list[i];
      const amount = (amounts as Record<number, unknown>)[i];
      const plyrId = plyrIds[i];
      if (isUnknownToken(token)) {
        errors.push(`Invalid token: ${String(token)}`);
        continue;
      }
      if (amount === undefined || Number(amount) < 0) {
        errors.push(`Invalid amount: ${String(amount)}`);
        continue;
      }
      if (Number(amount) > 0) {
        const row = findApproval(p.state, gameId, plyrId, lowerOrThrow(token, 'token'));
        if (!row) errors.push(`User not approved: ${String(plyrId)}`);
        else if (Number(row.amount) < Number(amount))
          errors.push(`Insufficient allowance: ${String(plyrId)}`);
      }
    }
    if (errors.length > 0) return reply(401, { error: errors });
    return undefined;
  };

/** `checkAllJoined`: each JWT player joined in `roomId` (raw, under the caller's game id as stored). */
export const checkAllJoined =
  (game: GameEconomy): Step =>
  (ctx) => {
    const roomId = field(ctx.body, 'roomId');
    const gameId = ctx.apiKey!.plyrId;
    const errors: string[] = [];
    for (const plyrId of sessionPlyrIds(ctx))
      if (!game.isJoined(gameId, roomId, String(plyrId)))
        errors.push(`Player is not joined: ${String(plyrId)}`);
    if (errors.length > 0) return reply(401, { error: errors });
    return undefined;
  };
