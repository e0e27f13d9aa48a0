/** Test helper: the typed error a promise rejects with (anything else, or a resolution, fails the test). */
import { isPlyrError, type PlyrError } from '../../src/core/errors.js';

/** Awaits `promise` and returns its error when `is` accepts it; throws when it resolves or rejects with something else. */
export async function rejectionOf<E>(
  promise: Promise<unknown>,
  is: (error: unknown) => error is E,
): Promise<E> {
  try {
    await promise;
  } catch (error) {
    if (is(error)) return error;
    throw error;
  }
  throw new Error('did not reject');
}

/** Awaits `promise` and returns its PlyrError; throws when it resolves or rejects with something else. */
export function rejection(promise: Promise<unknown>): Promise<PlyrError> {
  return rejectionOf(promise, isPlyrError);
}
