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
export { type RateLimitScope, REFUSAL_STATUS, type RefusalBody, type RefusalCode } from './errors.js';
export type { HmacImplementation } from './hmac.js';
export type { TrustProxy } from './mgplus-client-ip.js';
export {
  createRelayHandler,
  MGPLUS_RELAY_ROUTES,
  type RelayHandler,
  type RelayHandlerOptions,
  type RelayRateLimitOptions,
  type RelayRequestInfo,
} from './mgplus-relay.js';
export {
  clientIpOf,
  type FetchHandler,
  type NodeListener,
  type NodeListenerOptions,
  toNodeListener,
} from './node-adapter.js';
export type { OriginsOption } from './origin.js';
export { type BucketOptions, DEFAULT_RATE_LIMITS, type RateLimitOptions } from './rate-limit.js';
export { DEFAULT_PARAM_PATTERN, PLAYER_AUTH_ROUTES, type RouteRule } from './routes.js';
export {
  createSigningHandler,
  type SigningHandler,
  type SigningHandlerOptions,
  type SigningRequestInfo,
} from './signing-handler.js';
export type {
  AmountRule,
  ArrayRule,
  BodySchema,
  FieldRule,
  IntegerRule,
  StringRule,
} from './validate.js';
