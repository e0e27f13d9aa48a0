/**
 * `otpAuth` (docs/platform/plyr-api.md#otp-check-and-lock-out), in the platform's order: reuse cache (recorded
 * before anything else, raw plyrId) → user → guest refusal → 60 s lock → TOTP check; the 5th failure in a row locks
 * the user and resets the counter.
 */
import { field, type Platform, reply, type Step } from './context.js';
import { lowerOrThrow } from './errors.js';
import { totpAccepts } from './totp.js';

const LOCK_MS = 60 * 1000;

/** The OTP middleware (after `hmacAuth`). */
export const otpAuth =
  (p: Platform): Step =>
  (ctx) => {
    const plyrId = field(ctx.body, 'plyrId');
    const otp = field(ctx.body, 'otp');
    if (p.state.isOtpUsed(plyrId, otp)) return reply(401, { error: '2FA token already used' });

    const user = p.state.users.get(lowerOrThrow(plyrId, 'plyrId'));
    if (!user) return reply(404, { error: 'User not found' });
    if (user.isInstantPlayPass)
      return reply(403, { error: 'User is instant play pass, can not use 2fa to login' });

    const now = p.now();
    if (user.bannedAt > 0 && user.bannedAt > now - LOCK_MS)
      return reply(403, { error: 'User is temporary locked' });

    if (!totpAccepts(otp, user.secret, now)) {
      if (user.loginFailedCount >= 4) {
        user.bannedAt = now;
        user.loginFailedCount = 0;
      } else {
        user.loginFailedCount += 1;
      }
      return reply(401, { error: 'Invalid 2fa token' });
    }
    ctx.user = user;
    return undefined;
  };
