/** Checks of the platform's 2xx answers: one without what the platform always sends is not a success. */
import { PlyrError } from './errors.js';

/** Throws `SERVER` unless `ok`; `what` names what is missing. */
export function expectAnswer(ok: boolean, what: string): void {
  if (!ok) throw new PlyrError('SERVER', `PLYR: unexpected answer (no ${what})`);
}

/** A non-empty string. */
export const filled = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';
