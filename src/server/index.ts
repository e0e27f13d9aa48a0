/**
 * plyr-kit/server: the reference signing endpoint. The browser never holds the platform HMAC secret; this
 * endpoint signs and forwards (or, opt-in, only signs) only the player requests on its allow-list.
 *
 * ```ts
 * import http from 'node:http';
 * import { createSigningHandler, toNodeListener } from 'plyr-kit/server';
 * const handler = createSigningHandler({ apiKey, secretKey, gameId: 'mygame', apiBase: 'https://api.plyr.network',
 *   basePath: '/plyr/relay', origins: ['https://mygame.example'] });   // relay mode, the default
 * http.createServer(toNodeListener(handler)).listen(8787);
 * ```
 */

export { amountDecimals, CURRENCY_DECIMALS } from '../realplay/currency-decimals.js';
export { checkTokenAmount, fromTokenUnits, type TokenAmount, toTokenUnits } from './game/amounts.js';
export type { GameCalls } from './game/calls.js';
export { createPlyrGameClient, type PlyrGameClient, type PlyrGameClientOptions } from './game/client.js';
export {
  isPlyrGameError,
  PlyrGameError,
  type PlyrGameErrorCode,
  type PlyrGameErrorInit,
} from './game/errors.js';
export type { GameActivityEntry } from './game/evidence.js';
export type { GameIntentTiming } from './game/intents.js';
export {
  createMemoryGameJournal,
  type GameBalanceBaseline,
  type GameIntentAttempt,
  type GameIntentKind,
  type GameIntentLine,
  type GameIntentRecord,
  type GameIntentState,
  type MemoryGameJournalOptions,
  type MemoryPlyrGameJournal,
  type PlyrGameJournal,
} from './game/journal.js';
export type {
  GameMatch,
  GameMatchApi,
  GameMatchClosing,
  GameMatchOpening,
  GameSettlementLine,
} from './game/match.js';
export type { GameChipLine, GameMoves } from './game/moves-api.js';
export type { GameRecoverReport } from './game/recover.js';
export type { GameTaskState, GameTaskStatus } from './game/tasks.js';
export type {
  GameAllowance,
  GameChipBalance,
  GameChipInfo,
  GameMoveOutcome,
  GamePayment,
  GamePayout,
  GameRoom,
  GameSessionInfo,
  GameToken,
} from './game/types.js';
export { type ClientIpFromHeadersOptions, clientIpFromHeaders, type TrustProxy } from './http/client-ip.js';
export { type RateLimitScope, REFUSAL_STATUS, type RefusalBody, type RefusalCode } from './http/errors.js';
export type { HandlerErrorEvent, HandlerErrorHook } from './http/failure-report.js';
export type { ConnectionInfo } from './http/fetch-entry.js';
export type { HmacImplementation } from './http/hmac.js';
export { type NextRouteContext, type NextRouteHandler, toNextRoute } from './http/next-route.js';
export {
  clientIpOf,
  type FetchHandler,
  type NodeListener,
  type NodeListenerOptions,
  toNodeListener,
} from './http/node-adapter.js';
export type { OriginsOption } from './http/origin.js';
export {
  type BucketOptions,
  DEFAULT_RATE_LIMITS,
  type RateLimiterStore,
  type RateLimitOptions,
  type TakeResult,
} from './http/rate-limit.js';
export type { MgPlusRecoveryOptions } from './http/recovery-loop.js';
export type { UpstreamFetch } from './http/upstream.js';
export type { MgPlusAmountErrorCode, MgPlusAmountOptions } from './mgplus/amounts.js';
export {
  checkBet,
  type MgPlusBetCheck,
  type MgPlusBetCheckOptions,
  type MgPlusBetRefusalCode,
  type MgPlusBetRequest,
} from './mgplus/bets.js';
export {
  createMgPlusClient,
  type MgPlusClient,
  type MgPlusClientOptions,
  type MgPlusStores,
} from './mgplus/client.js';
export {
  isKnownMgPlusErrorCode,
  isRetryableMgPlusCode,
  MGPLUS_CLIENT_ERRORS,
  MGPLUS_ERROR_CODES,
  MGPLUS_TRANSPORT_ERRORS,
  type MgPlusApiErrorCode,
  type MgPlusClientErrorCode,
  type MgPlusErrorCode,
  type MgPlusErrorCodeInfo,
  type MgPlusTransportErrorCode,
} from './mgplus/error-codes.js';
export { isMgPlusError, MgPlusError, type MgPlusErrorInit, type MgPlusOperation } from './mgplus/errors.js';
export {
  createMemoryJournal,
  type MemoryJournalOptions,
  type MemoryMgPlusJournal,
  type MgPlusJournal,
  type MgPlusJournalStep,
  type MgPlusRoundRecord,
  type MgPlusRoundState,
} from './mgplus/journal.js';
export type { MgPlusRecoverOptions, MgPlusRecoverReport } from './mgplus/recover.js';
export {
  createRelayHandler,
  MGPLUS_RELAY_ROUTES,
  type RelayHandler,
  type RelayHandlerOptions,
  type RelayRateLimitOptions,
  type RelayRequestInfo,
} from './mgplus/relay.js';
export type { MgPlusRetryOptions } from './mgplus/retry.js';
export type {
  MgPlusRoundFailed,
  MgPlusRoundOutcome,
  MgPlusRoundPending,
  MgPlusRoundSettled,
  MgPlusRoundStatus,
  MgPlusRoundVoid,
} from './mgplus/round-outcome.js';
export type { MgPlusDebitResult, MgPlusPayout, MgPlusRoundPlay } from './mgplus/rounds.js';
export {
  createMemorySessionStore,
  type MemorySessionStoreOptions,
  type MgPlusPublicView,
  type RealPlaySession,
  type RealPlaySessionStore,
} from './mgplus/sessions.js';
export type { MgPlusSignatureEncoding } from './mgplus/signature.js';
export type {
  MgPlusAuthenticateRequest,
  MgPlusAuthenticateResult,
  MgPlusBalanceResult,
  MgPlusFreeGame,
  MgPlusFreeGameRef,
  MgPlusGameConfig,
  MgPlusRollbackRequest,
  MgPlusSession,
  MgPlusSessionInfo,
  MgPlusTransactionRequest,
} from './mgplus/types.js';
export { DEFAULT_PARAM_PATTERN, PLAYER_AUTH_ROUTES, type RouteRule } from './plyr/routes.js';
export { SERVER_ONLY_PATHS } from './plyr/server-only.js';
export {
  createSigningHandler,
  type SigningHandler,
  type SigningHandlerOptions,
  type SigningRequestInfo,
} from './plyr/signing-handler.js';
export type {
  SigningLimitStore,
  TwoFactorGuardOptions,
  TwoFactorOutcome,
  TwoFactorTicket,
} from './plyr/two-factor-limit.js';
export type {
  AmountRule,
  ArrayRule,
  BodySchema,
  FieldRule,
  IntegerRule,
  StringRule,
} from './plyr/validate.js';
export { createMemoryState, type MemoryStateOptions } from './state/memory.js';
export { createRedisState, type RedisStateOptions } from './state/redis.js';
export { type RedisClient, StateUnavailableError } from './state/redis-client.js';
export type { WhenUnavailable } from './state/redis-limits.js';
export type {
  LimitContext,
  RateLimiter,
  ServerState,
  StateHealth,
  TokenThenStrike,
  TwoFactorLimiter,
} from './state/types.js';
export { fromUpstash, type UpstashRedisLike } from './state/upstash.js';
