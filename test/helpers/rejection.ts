/** Test helper: the PlyrError a promise rejects with (anything else, or a resolution, fails the test). */
import { isPlyrError, type PlyrError } from '../../src/core/errors.js';

/** Awaits `promise` and returns its PlyrError; throws when it resolves or rejects with something else. */
export async function rejection(promise: Promise<unknown>): Promise<PlyrError> {
  try {
    await promise;
  } catch (error) {
    if (isPlyrError(error)) return error;
    throw error;
  }
  throw new Error('did not reject');
}
