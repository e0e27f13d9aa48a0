/**
 * plyr-kit core: the engine-agnostic PLYR client.
 * @packageDocumentation
 */
export { isPlyrError, PlyrError } from './core/errors.js';
export type { PlyrErrorCode, PlyrErrorOptions } from './core/errors.js';
export type * from './core/types.js';
