/**
 * What the game may spend, said in the player's words: the login panel's consent line (before the code is typed)
 * and, from the allowances chunk, the account panel's list. Amounts are shown as given (decimal text), tokens by
 * their upper-case name (`PLYR`), times in the player's own locale.
 */
import type { LoginAndApproveOptions } from '../core/types.js';
import type { PlyrSpend } from './types.js';

/** A day: the session's own default, so the approval ends with the session it came with. */
const DEFAULT_EXPIRES_IN = 86_400;

/** A token as players read it: `PLYR`, `GAMR`; an address as it is. */
export const tokenName = (token: string): string => (/^0x/i.test(token) ? token : token.toUpperCase());

/** A time (ms since the epoch) as the player's locale writes a date and time. */
export const timeText = (ms: number): string =>
  new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * The approval a login asks for: tokens, amounts, and always an `expiresIn` (without one the platform keeps an
 * older approval's lifetime, so the panel could not say until when).
 */
export function approval(
  spend: PlyrSpend,
): Omit<LoginAndApproveOptions, 'plyrId' | 'otp'> & { expiresIn: number } {
  return {
    tokens: spend.tokens.map((line) => line.token),
    amounts: spend.tokens.map((line) => line.amount),
    expiresIn: spend.expiresIn ?? DEFAULT_EXPIRES_IN,
  };
}

/** `10 PLYR, 5 GAMR`. */
export const amountsText = (spend: PlyrSpend): string =>
  spend.tokens.map((line) => `${line.amount} ${tokenName(line.token)}`).join(', ');
