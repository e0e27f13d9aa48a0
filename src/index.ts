/**
 * plyr-kit core: the engine-agnostic PLYR client.
 * @packageDocumentation
 */
export { createPlyr } from './core/client.js';
export { connectPageUrl } from './core/connect/url.js';
export type { PlyrErrorCode, PlyrErrorOptions } from './core/errors.js';
export { isPlyrError, PlyrError } from './core/errors.js';
export { PLYR_EVENT_NAMES } from './core/events.js';
export { decodeSessionJwt } from './core/jwt.js';
export type * from './core/types.js';
export { isPlyrId } from './core/validate.js';
export * from './realplay/index.js';
