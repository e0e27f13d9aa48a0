/**
 * Real play on MG+: authenticate a launch through the studio's relay, then show balance, bets and free games.
 * Exported from `plyr-kit`.
 * @packageDocumentation
 */
export { betLimits, clampBet } from './bet-limits.js';
export { createRealPlay } from './create-real-play.js';
export { detectPlatform, type NavigatorLike } from './detect-platform.js';
export type { FormatBalanceOptions } from './format-balance.js';
export { CRYPTO_CURRENCIES, formatBalance, realAmount } from './format-balance.js';
export type { LaunchTokenInfo } from './launch-token.js';
export { checkLaunchToken, DEFAULT_LAUNCH_TOKEN_PARAM, readLaunchToken } from './launch-token.js';
export { isLaunchToken, LAUNCH_TOKEN_PATTERN, MAX_LAUNCH_TOKEN_LENGTH } from './launch-token-rule.js';
export { isMgPlusError, MgPlusError } from './mgplus-error.js';
export type { MgPlusErrorCode, MgPlusErrorInfo } from './mgplus-error-codes.js';
export { MGPLUS_ERROR_CODES, MGPLUS_ERRORS, mgplusErrorInfo } from './mgplus-error-codes.js';
export type { MgPlusFreeGame, MgPlusGameConfig } from './mgplus-wire.js';
export type { AuthenticateResult } from './parse-authenticate.js';
export { parseAuthenticateResponse, parseFreeGameInfo } from './parse-authenticate.js';
export type * from './types.js';
