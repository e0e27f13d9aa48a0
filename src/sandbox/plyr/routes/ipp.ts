/**
 * Instant PlayPass (guest) routes (docs/platform/plyr-api.md#guest-registration, #reveal-claiming-code,
 * #claiming-codes) and the claim that replaces a guest by a full account
 * (docs/platform/plyr-api.md#claiming-a-guest-account `POST /api/user/register/:claimingCode`, reached through the
 * sandbox-only `/sandbox/claim`).
 */
import { randomBytes } from 'node:crypto';
import { randomAddress } from '../address.js';
import { iterate } from '../approvals.js';
import { field, type Platform, type Route, reply } from '../context.js';
import { libraryError, lowerOrThrow } from '../errors.js';
import { hmacAuth } from '../hmac-auth.js';
import { guestPlyrId } from '../names.js';
import { checkSessionJwt } from '../session-auth.js';
import { avatarUrl, duplicateKeyMessage } from '../state.js';
import { newTotpSecret } from '../totp.js';
import { isValidPlyrId } from './user.js';

/**
 * A guest session's `expiresIn`: the platform passes 30 years in *milliseconds*, which jsonwebtoken reads as
 * seconds (exp ≈ iat + 9.46e11 s); the deadline takes it as ms (≈ 30 years).
 */
export const GUEST_EXPIRES_IN = 86_400 * 365 * 30 * 1000;
/** What each token of a guest registration is approved for. */
const GUEST_APPROVAL = 100_000_000;

/** A claiming code: 8 random bytes, upper-case hex, `XXXX-XXXX-XXXX-XXXX`. */
export const newClaimingCode = (): string =>
  randomBytes(8)
    .toString('hex')
    .toUpperCase()
    .replace(/(.{4})(?!$)/g, '$1-');

/** What a claim may choose for the new account. */
export interface ClaimChoice {
  plyrId?: unknown;
  secret?: unknown;
  avatar?: unknown;
}

/**
 * Claims a guest as the platform's register-with-claiming-code does: the guest user is deleted and a full user
 * (new primary wallet, the guest's mirror, `ippClaimed: true`) takes its place; the code is used up.
 */
export function claimGuest(p: Platform, code: string, choice: ClaimChoice) {
  const requested = choice.plyrId;
  if (requested !== undefined && (typeof requested !== 'string' || !isValidPlyrId(requested)))
    return reply(400, { error: 'Invalid PLYR[ID]' });
  if (
    choice.secret !== undefined &&
    (typeof choice.secret !== 'string' || !/^[A-Z2-7]{16,}=*$/i.test(choice.secret))
  )
    return reply(400, { error: 'Invalid secret' });
  const plyrId = requested ? requested.toLowerCase() : `player-${randomBytes(3).toString('hex')}`;
  if (p.state.users.has(plyrId)) return reply(400, { error: 'PLYR[ID] already exists' });
  const claim = p.state.findClaimByCode(code.toUpperCase());
  if (!claim) return reply(400, { error: 'Invalid claiming code' });

  const guest = p.state.users.get(claim.plyrId);
  if (guest?.isInstantPlayPass) p.state.users.delete(claim.plyrId);
  const totpSecret = (choice.secret as string | undefined) ?? newTotpSecret();
  const user = p.state.addUser({
    plyrId,
    mirror: claim.mirror,
    primaryAddress: randomAddress(),
    secret: totpSecret,
    chainId: 62831,
    avatar: avatarUrl(p.origin(), typeof choice.avatar === 'string' ? choice.avatar : undefined),
    ippClaimed: true,
  });
  p.state.claims.delete(claim.plyrId);
  return reply(200, {
    plyrId,
    totpSecret,
    guestPlyrId: claim.plyrId,
    mirrorAddress: user.mirror,
    primaryAddress: user.primaryAddress,
  });
}

/** The Instant PlayPass routes. */
export function ippRoutes(p: Platform): Route[] {
  const user = hmacAuth(p, 'user');
  return [
    {
      method: 'POST',
      pattern: '/api/instantPlayPass/register',
      steps: [
        user,
        async (ctx) => {
          const gameId = field(ctx.body, 'gameId') || ctx.apiKey!.plyrId;
          const primaryAddress = randomAddress();
          const plyrId = guestPlyrId(primaryAddress);
          if (p.state.users.has(plyrId)) return reply(400, { error: 'PLYR[ID] already exists' });
          const now = p.now();
          const mirror = randomAddress();
          p.state.addUser({
            plyrId,
            primaryAddress,
            mirror,
            secret: 'null',
            chainId: 16180,
            avatar: avatarUrl(p.origin()),
            nonce: new Map([[String(gameId), 1]]),
            deadline: new Map([[String(gameId), now + GUEST_EXPIRES_IN]]),
            isInstantPlayPass: true,
          });
          const claims = { plyrId, nonce: 1, gameId, primaryAddress, mirrorAddress: mirror };
          const sessionJwt = await p.jwt.sign(claims, GUEST_EXPIRES_IN, now);
          // `tokens` is iterated after the user exists: a missing list fails with 500 but the guest stays.
          for (const token of iterate(field(ctx.body, 'tokens'), 'tokens')) {
            const symbol = lowerOrThrow(token, 'token');
            p.state.approve(plyrId, lowerOrThrow(gameId, 'gameId'), symbol, GUEST_APPROVAL, GUEST_EXPIRES_IN);
          }
          p.state.logActivity(plyrId, null, 'register', { mirrorAddress: mirror, primaryAddress });
          return reply(200, {
            sessionJwt,
            plyrId,
            gameId,
            primaryAddress,
            mirrorAddress: mirror,
            avatar: avatarUrl(p.origin()),
            isIPP: true,
            ippClaimed: false,
          });
        },
      ],
    },
    {
      method: 'POST',
      pattern: '/api/instantPlayPass/reveal/claimingCode',
      steps: [
        user,
        checkSessionJwt(p),
        (ctx) => {
          const gameId = ctx.apiKey!.plyrId;
          const guest = ctx.user!;
          if (!guest.isInstantPlayPass)
            return reply(401, { error: 'Only Instant Play Pass user can reveal claiming code' });
          const existing = p.state.claims.get(guest.plyrId);
          // Upsert keyed by {plyrId, gameId} on a collection where plyrId is unique: another game's key collides.
          if (existing && existing.gameId !== gameId)
            throw libraryError(
              duplicateKeyMessage('mirrorclaims', 'plyrId', JSON.stringify(guest.plyrId)),
              'MongoServerError',
            );
          const code = newClaimingCode();
          p.state.claims.set(guest.plyrId, {
            plyrId: guest.plyrId,
            gameId,
            mirror: guest.mirror,
            primaryAddress: guest.primaryAddress,
            code,
          });
          p.state.logActivity(guest.plyrId, null, 'revealClaimingCode', {
            mirrorAddress: guest.mirror,
            primaryAddress: guest.primaryAddress,
          });
          return reply(200, {
            plyrId: guest.plyrId,
            gameId,
            mirrorAddress: guest.mirror,
            primaryAddress: guest.primaryAddress,
            claimingCode: code,
            claimingUrl: `${p.frontendUrl()}/signup?claimingCode=${code}`,
          });
        },
      ],
    },
    {
      method: 'GET',
      pattern: '/api/instantPlayPass/verify/claimingCode/:code',
      steps: [
        user,
        (ctx) => {
          const claim = p.state.findClaimByCode(ctx.params.code!.toUpperCase());
          return claim
            ? reply(200, { plyrId: claim.plyrId, verified: true })
            : reply(404, { error: 'Claiming code not found' });
        },
      ],
    },
  ];
}
