/** The real-play panel's texts, and the sentence a player reads for a real-play failure. */
import type { PlyrErrorCode } from '../core/errors.js';
import { format } from './strings.js';

/** Every text of the real-play panel, in English by default; `{code}` is an error code. */
export interface RealPlayStrings {
  /** Title of the panel. */
  realPlayTitle: string;
  /** `LAUNCH_TOKEN_MISSING`: the page was not opened by a casino. */
  errorLaunchTokenMissing: string;
  /** `LAUNCH_TOKEN_INVALID`. */
  errorLaunchTokenInvalid: string;
  /** `LAUNCH_TOKEN_EXPIRED`. */
  errorLaunchTokenExpired: string;
  /** `PLAYER_UNAUTHORIZED`. */
  errorPlayerUnauthorized: string;
  /** `REGION_BLOCKED`. */
  errorRegionBlocked: string;
  /** `NETWORK`. */
  errorCasinoNetwork: string;
  /** `TIMEOUT`. */
  errorCasinoTimeout: string;
  /** Anything else; `{code}` is the error code. */
  errorCasinoUnknown: string;
  /** The button back to the casino's lobby. */
  toLobby: string;
  /** The button that tries again. */
  tryAgain: string;
  /** The button that closes the panel. */
  close: string;
}

/** The English texts of the real-play panel. */
export const DEFAULT_REAL_PLAY_STRINGS: Readonly<RealPlayStrings> = Object.freeze({
  realPlayTitle: 'Real-money play',
  errorLaunchTokenMissing: 'Open this game from your casino to play for real money.',
  errorLaunchTokenInvalid: 'This game link is not valid. Go back to the casino and open the game again.',
  errorLaunchTokenExpired: 'This game link has expired. Go back to the casino and open the game again.',
  errorPlayerUnauthorized:
    'The casino did not accept this session. Go back to the casino and open the game again.',
  errorRegionBlocked: 'Real-money play is not available from here.',
  errorCasinoNetwork: 'Cannot reach the casino. Check your connection and try again.',
  errorCasinoTimeout: 'The casino is taking too long to answer. Try again.',
  errorCasinoUnknown: 'Something went wrong ({code}). Try again.',
  toLobby: 'Back to the casino',
  tryAgain: 'Try again',
  close: 'Close',
});

const TEXT: Partial<Record<PlyrErrorCode, keyof RealPlayStrings>> = {
  LAUNCH_TOKEN_MISSING: 'errorLaunchTokenMissing',
  LAUNCH_TOKEN_INVALID: 'errorLaunchTokenInvalid',
  LAUNCH_TOKEN_EXPIRED: 'errorLaunchTokenExpired',
  PLAYER_UNAUTHORIZED: 'errorPlayerUnauthorized',
  REGION_BLOCKED: 'errorRegionBlocked',
  NETWORK: 'errorCasinoNetwork',
  TIMEOUT: 'errorCasinoTimeout',
};

/** Failures only the casino's lobby mends: trying again cannot help. */
export const LOBBY_ONLY = new Set<string>([
  'LAUNCH_TOKEN_MISSING',
  'LAUNCH_TOKEN_INVALID',
  'LAUNCH_TOKEN_EXPIRED',
  'PLAYER_UNAUTHORIZED',
  'REGION_BLOCKED',
]);

/** The player's sentence for a real-play failure (duck-typed: the error may come from another copy of plyr-kit). */
export function realPlayMessage(error: unknown, strings: RealPlayStrings): string {
  const code = String((error as { code?: unknown } | null)?.code ?? 'UNKNOWN');
  const key = TEXT[code as PlyrErrorCode];
  return key ? strings[key] : format(strings.errorCasinoUnknown, { code });
}
