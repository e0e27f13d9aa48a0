/**
 * Input checks that run before any request: a bad argument rejects with `INVALID_INPUT` and nothing is sent
 * (a wrong-typed 2FA code would otherwise use the code up and count towards the lock-out,
 * docs/platform/plyr-api.md#otp-check-and-lock-out).
 */
import { PlyrError } from './errors.js';

/** The `INVALID_INPUT` error for a bad `what`. */
export const invalid = (what: string): PlyrError => new PlyrError('INVALID_INPUT', `Invalid ${what}`);

/**
 * docs/platform/plyr-api.md#plyrid-syntax: lower-cased; 5–64 chars of `[a-z0-9-]`; no leading, trailing or double
 * `-`; at least one letter.
 */
export function isPlyrId(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const id = value.toLowerCase();
  return /^[a-z0-9](?:[a-z0-9]|-(?!-)){3,62}[a-z0-9]$/.test(id) && /[a-z]/.test(id);
}

/** A PLYR[ID], returned lower-case. */
export function plyrId(value: unknown): string {
  if (!isPlyrId(value)) throw invalid('PLYR[ID]');
  return value.toLowerCase();
}

/** A PLYR[ID] or a `0x` wallet address (as given: a mixed-case address must keep its checksum). */
export function plyrIdOrAddress(value: unknown): string {
  if (typeof value === 'string' && /^0x[0-9a-fA-F]{40}$/.test(value)) return value;
  return plyrId(value);
}

/** A 6-digit 2FA code, as a string (a number would never match and would count towards the lock-out). */
export function otp(value: unknown): string {
  if (typeof value !== 'string' || !/^\d{6}$/.test(value.trim())) throw invalid('otp (6-digit string)');
  return value.trim();
}

/** Session lifetime: a positive whole number of seconds, or nothing (the platform's 24 h). */
export function expiresIn(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || (value as number) <= 0) throw invalid('expiresIn');
  return value as number;
}

/** Token symbols or addresses: an array of non-empty strings (non-empty when `required`). */
export function tokens(value: unknown, required: boolean): string[] {
  if (
    !Array.isArray(value) ||
    (required && value.length === 0) ||
    !value.every((t) => typeof t === 'string' && t.trim() !== '')
  )
    throw invalid('tokens');
  return value.map((t: string) => t.trim());
}

/** Amounts: one positive number (or numeric string) per token. */
export function amounts(value: unknown, count: number): Array<number | string> {
  if (
    !Array.isArray(value) ||
    value.length !== count ||
    !value.every(
      (a) =>
        (typeof a === 'number' || (typeof a === 'string' && a.trim() !== '')) &&
        Number(a) > 0 &&
        Number(a) < Infinity,
    )
  )
    throw invalid('amounts');
  return value as Array<number | string>;
}

/** A claiming code `XXXX-XXXX-XXXX-XXXX` (hex, any case, dashes and spaces optional), returned normalised. */
export function claimingCode(value: unknown): string {
  const hex = typeof value === 'string' ? value.replace(/[\s-]/g, '').toUpperCase() : '';
  if (!/^[0-9A-F]{16}$/.test(hex)) throw invalid('claiming code');
  return hex.replace(/(.{4})(?!$)/g, '$1-');
}
