/**
 * Token approvals of `loginAndApprove` (docs/platform/plyr-api.md#login-and-approve): `checkToken` and `checkGameId`
 * middlewares and the controller's approval loop, with the platform's 401s and its crashes (500) on malformed lists.
 */
import { isAddress } from './address.js';
import { field, type Platform, reply, type Step } from './context.js';
import { jsTypeError, lowerOrThrow } from './errors.js';

/** The platform's default token list (testnet), keyed by lower-case symbol. A plain object, as there. */
export const TOKEN_LIST: Record<string, { address: string; decimals: number }> = {
  plyr: { address: '0x0000000000000000000000000000000000000000', decimals: 18 },
  gamr: { address: '0xa875625fe8A955406523E52E485f351b92908ce1', decimals: 18 },
};

/** `for (const t of tokens)` over a JSON value: arrays and strings iterate, anything else throws as V8 does. */
export function iterate(value: unknown, expression: string): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return [...value];
  throw jsTypeError(`${expression} is not iterable`);
}

/** `value.length` of a JSON value (undefined for null-free primitives without one). */
const lengthOf = (value: unknown): unknown =>
  value !== null && (typeof value === 'object' || typeof value === 'string')
    ? (value as { length?: unknown }).length
    : undefined;

const isKnownToken = (token: unknown, expression: string): boolean =>
  isAddress(token) || Boolean(TOKEN_LIST[lowerOrThrow(token, expression)]);

/** `checkToken`: `token` or a non-empty `tokens` list of symbols or addresses. */
export const checkToken = (): Step => (ctx) => {
  const token = field(ctx.body, 'token');
  const tokens = field(ctx.body, 'tokens');
  if (!token && !tokens) return reply(401, { error: 'Token is required' });
  if (token) {
    if (!isKnownToken(token, 'token')) return reply(401, { error: `Invalid token: ${String(token)}` });
    return undefined;
  }
  const length = lengthOf(tokens);
  if (typeof length === 'number' && length > 0) {
    for (const t of iterate(tokens, 'tokens')) {
      if (!isKnownToken(t, 'token')) return reply(401, { error: `Invalid token: ${String(t)}` });
    }
    return undefined;
  }
  if (!Array.isArray(tokens)) throw jsTypeError('tokens.join is not a function');
  return reply(401, { error: `Invalid token: ${String(token)} ${tokens.map(String).join(', ')}` });
};

/** `checkGameId`: a `gameId` that some API key belongs to (lower-cased for the lookup). */
export const checkGameId =
  (p: Platform): Step =>
  (ctx) => {
    const gameId = field(ctx.body, 'gameId');
    if (!gameId) return reply(401, { error: 'Game ID is required' });
    if (!p.state.isGame(lowerOrThrow(gameId, 'gameId'))) return reply(401, { error: 'Invalid game ID' });
    return undefined;
  };

/** `isNaN(amount) || Number(amount) <= 0`. */
const isBadAmount = (amount: unknown): boolean => {
  const n = Number(amount);
  return Number.isNaN(n) || n <= 0;
};

/**
 * The approval part of `postLoginAndApprove`: approves `token`/`amount` and each of `tokens`/`amounts` in turn,
 * logging each. Returns the 401 for the first bad amount (earlier approvals stay, as on the platform).
 */
export function approveRequested(p: Platform, body: unknown): ReturnType<typeof reply> | undefined {
  const plyrId = field(body, 'plyrId');
  const gameId = field(body, 'gameId');
  const expiresIn = field(body, 'expiresIn');
  const badAmount = reply(401, { error: 'Approve amount was incorrect.' });
  const approve = (token: unknown, tokenExpr: string, amount: unknown) => {
    p.state.approve(
      lowerOrThrow(plyrId, 'plyrId'),
      lowerOrThrow(gameId, 'gameId'),
      lowerOrThrow(token, tokenExpr),
      amount,
      expiresIn,
    );
    p.state.logActivity(plyrId, gameId, 'loginAndApprove', { gameId, token, amount, expiresIn });
  };

  const token = field(body, 'token');
  if (token) {
    const amount = field(body, 'amount');
    if (isBadAmount(amount)) return badAmount;
    approve(token, 'token', amount);
  }
  const tokens = field(body, 'tokens');
  const count = tokens ? lengthOf(tokens) : undefined;
  if (typeof count === 'number' && count > 0) {
    const list = iterate(tokens, 'tokens');
    const amounts = field(body, 'amounts');
    for (let i = 0; i < list.length; i++) {
      if (amounts === undefined || amounts === null)
        throw jsTypeError(`Cannot read properties of ${String(amounts)} (reading '${i}')`);
      const amount = (amounts as Record<number, unknown>)[i];
      if (isBadAmount(amount)) return badAmount;
      approve(list[i], 'tokens[i]', amount);
    }
  }
  return undefined;
}
