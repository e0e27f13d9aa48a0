/**
 * Session routes (docs/platform/plyr-api.md#login, #login-and-approve, #logout, #session-verify,
 * #other-account-routes): login, loginAndApprove, logout, session/verify, activeSessions, session/discardBy2fa. One
 * live session per user per game: every login bumps `nonce[gameId]`.
 */
import { approveRequested, checkGameId, checkToken } from '../approvals.js';
import { storeAuth } from '../auth-store.js';
import { field, type Platform, type Reply, type RequestContext, type Route, reply } from '../context.js';
import { lowerOrThrow } from '../errors.js';
import { hmacAuth } from '../hmac-auth.js';
import { DEFAULT_EXPIRES_IN_S } from '../jwt.js';
import { otpAuth } from '../otp-auth.js';
import { checkUserExistsInParams, storedNonce } from '../session-auth.js';
import { avatarUrl } from '../state.js';

/**
 * The shared part of login and loginAndApprove (and of the sandbox's PLYR[CONNECT] page): bump the nonce, set the
 * deadline, sign, store the hand-off under `uid`, answer.
 */
export async function issueSession(
  p: Platform,
  ctx: RequestContext,
  gameId: unknown,
  between?: () => Reply | undefined,
): Promise<Reply> {
  const user = ctx.user!;
  const plyrId = field(ctx.body, 'plyrId');
  const expiresIn = field(ctx.body, 'expiresIn');
  const now = p.now();
  const key = String(gameId);
  const gameNonce = user.nonce.get(key) ? user.nonce.get(key)! + 1 : 1;
  // The database write comes before signing: a bad `expiresIn` fails the request after the nonce moved.
  user.nonce.set(key, gameNonce);
  user.deadline.set(key, now + (expiresIn ? Number(expiresIn) * 1000 : DEFAULT_EXPIRES_IN_S * 1000));
  user.loginFailedCount = 0;

  const claims = {
    plyrId: lowerOrThrow(plyrId, 'plyrId'),
    nonce: gameNonce,
    gameId,
    primaryAddress: user.primaryAddress,
    mirrorAddress: user.mirror,
  };
  const sessionJwt = await p.jwt.sign(claims, expiresIn, now);
  const refused = between?.();
  if (refused) return refused;
  const body = {
    sessionJwt,
    plyrId: claims.plyrId,
    gameId,
    primaryAddress: claims.primaryAddress,
    mirrorAddress: claims.mirrorAddress,
    avatar: avatarUrl(p.origin(), user.avatar),
    ippClaimed: user.ippClaimed,
    isIPP: user.isInstantPlayPass,
  };
  storeAuth(p, field(ctx.body, 'uid'), body);
  return reply(200, body);
}

/** The session routes. */
export function sessionRoutes(p: Platform): Route[] {
  const user = hmacAuth(p, 'user');
  return [
    {
      method: 'POST',
      pattern: '/api/user/login',
      steps: [
        user,
        otpAuth(p),
        async (ctx) => {
          const gameId = field(ctx.body, 'gameId') || ctx.apiKey!.plyrId;
          const answer = await issueSession(p, ctx, gameId);
          p.state.logActivity(field(ctx.body, 'plyrId'), gameId, 'login', { gameId });
          return answer;
        },
      ],
    },
    {
      method: 'POST',
      pattern: '/api/user/loginAndApprove',
      steps: [
        user,
        otpAuth(p),
        checkToken(),
        checkGameId(p),
        (ctx) => issueSession(p, ctx, field(ctx.body, 'gameId'), () => approveRequested(p, ctx.body)),
      ],
    },
    {
      method: 'POST',
      pattern: '/api/user/logout',
      steps: [
        user,
        async (ctx) => {
          const claims = await p.jwt.verify(field(ctx.body, 'sessionJwt'), p.now());
          if (!claims) return reply(401, { error: 'Invalid sessionJwt' });
          // Logout acts on the caller key's game, not on the JWT's.
          const gameId = ctx.apiKey!.plyrId;
          const found = p.state.users.get(lowerOrThrow(claims.plyrId, 'plyrId'));
          if (!found) return reply(401, { error: 'User not found' });
          if (found.isInstantPlayPass) return reply(401, { error: 'Instant Play Pass user cannot logout' });
          const gameNonce = storedNonce(found.nonce, gameId);
          if ((claims.nonce as number) < gameNonce) return reply(401, { message: 'JWT nonce is expired' });
          found.nonce.set(gameId, gameNonce + 1);
          found.deadline.set(gameId, 0);
          p.state.logActivity(claims.plyrId, gameId, 'logout', { gameId });
          return reply(200, { message: 'Logout success' });
        },
      ],
    },
    {
      method: 'POST',
      pattern: '/api/user/session/verify',
      steps: [
        user,
        async (ctx) => {
          const claims = await p.jwt.verify(field(ctx.body, 'sessionJwt'), p.now());
          if (!claims) return reply(401, { error: 'Invalid sessionJwt' });
          const found = p.state.users.get(String(claims.plyrId));
          if (!found) return reply(401, { error: 'User not found' });
          if (claims.gameId !== ctx.apiKey!.plyrId) return reply(401, { error: 'JWT and API key mismatch' });
          const nonce = Number(claims.nonce);
          if (Number.isNaN(nonce) || nonce < storedNonce(found.nonce, claims.gameId))
            return reply(401, { error: 'JWT nonce is expired' });
          return reply(200, {
            success: true,
            payload: {
              ...claims,
              avatar: avatarUrl(p.origin(), found.avatar),
              ippClaimed: found.ippClaimed,
              isIPP: found.isInstantPlayPass,
            },
          });
        },
      ],
    },
    {
      method: 'GET',
      pattern: '/api/user/activeSessions/:plyrId',
      steps: [
        user,
        checkUserExistsInParams(p),
        (ctx) => {
          const now = p.now();
          const activeSessions = Object.fromEntries(
            [...ctx.user!.deadline].filter(([, deadline]) => deadline > now),
          );
          return reply(200, { activeSessions });
        },
      ],
    },
    {
      method: 'POST',
      pattern: '/api/user/session/discardBy2fa',
      steps: [
        user,
        otpAuth(p),
        (ctx) => {
          const plyrId = field(ctx.body, 'plyrId');
          const gameId = field(ctx.body, 'gameId');
          const found = p.state.users.get(lowerOrThrow(plyrId, 'plyrId'));
          if (!found) return reply(404, { error: 'User not found' });
          // Only the deadline goes: the nonce stays, so session/verify still accepts the JWT.
          found.deadline.delete(String(gameId));
          p.state.logActivity(plyrId, gameId, 'discardSession', { gameId });
          return reply(200, { message: 'Session discarded successfully' });
        },
      ],
    },
  ];
}
