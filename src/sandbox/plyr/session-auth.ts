/**
 * Session-JWT middlewares of the platform:
 * - `checkSessionJwt` (reveal claiming code): its failures are **500** `{error}`
 *   (docs/platform/plyr-api.md#reveal-claiming-code), the deadline is not checked, and `gameId` (body, default the
 *   caller's game) must equal the JWT's;
 * - `checkUserExistsInParams`: `:plyrId` looked up as-is (not lower-cased), `404 User not found`.
 */
import { field, type Platform, reply, type Step } from './context.js';
import { lowerOrThrow } from './errors.js';

/** A user's stored nonce for a game (0 when none). */
export const storedNonce = (nonces: Map<string, number>, gameId: unknown): number =>
  nonces.get(String(gameId)) || 0;

/** The `checkSessionJwt` middleware (after `hmacAuth`). */
export const checkSessionJwt =
  (p: Platform): Step =>
  async (ctx) => {
    const sessionJwt = field(ctx.body, 'sessionJwt');
    const gameId = field(ctx.body, 'gameId') || ctx.apiKey!.plyrId;
    if (!sessionJwt) return reply(400, { error: 'sessionJwt is empty' });
    try {
      const claims = await p.jwt.verify(sessionJwt, p.now());
      if (!claims) throw new Error('Invalid sessionJwt');
      if (claims.gameId !== gameId) throw new Error('Invalid gameId');
      const user = p.state.users.get(lowerOrThrow(claims.plyrId, 'payload.plyrId'));
      if (!user) throw new Error('User not found');
      if ((claims.nonce as number) < storedNonce(user.nonce, gameId)) throw new Error('JWT nonce is expired');
      ctx.claims = claims;
      ctx.user = user;
    } catch (err) {
      return reply(500, { error: (err as Error).message });
    }
    return undefined;
  };

/** The `checkUserExistsInParams` middleware. */
export const checkUserExistsInParams =
  (p: Platform): Step =>
  (ctx) => {
    const user = p.state.users.get(ctx.params.plyrId!);
    if (!user) return reply(404, { error: 'User not found' });
    ctx.user = user;
    return undefined;
  };
