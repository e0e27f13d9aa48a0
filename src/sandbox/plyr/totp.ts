/**
 * TOTP as the platform checks it (docs/platform/plyr-api.md#totp-parameters): otplib 12's `authenticator` preset
 * (base32 secret, HMAC-SHA1, 6 digits, 30 s step) with `window: 1`, evaluated at the sandbox clock instead of
 * `Date.now()`.
 */
import { authenticator } from 'otplib';

const at = (epochMs: number) => authenticator.clone({ step: 30, window: 1, digits: 6, epoch: epochMs });

/** The code of `secret` at `epochMs`. */
export const totpCode = (secret: string, epochMs: number): string => at(epochMs).generate(secret);

/**
 * Whether `token` is accepted at `epochMs` (previous, current or next step). Like otplib's strict `===`, only a
 * string can match: a JSON number never does.
 */
export const totpAccepts = (token: unknown, secret: string, epochMs: number): boolean =>
  typeof token === 'string' && at(epochMs).check(token, secret);

/** A fresh base32 secret (20 random bytes), as an authenticator app would scan. */
export const newTotpSecret = (): string => authenticator.generateSecret(20);
