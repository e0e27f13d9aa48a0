/**
 * Token amounts as the platform reads them: human-unit decimals (`parseUnits(String(a), decimals)`), here always
 * decimal strings, never binary floats (tokens have 18 decimals; a double cannot hold 0.1 exactly). Checked before
 * anything is sent: a positive decimal with no more decimals than the token has. Arithmetic is exact, on BigInt units.
 */
import { PlyrGameError } from './errors.js';

/** A decimal amount in the token's human units, e.g. `"10"`, `"0.25"`, `"1.000000000000000001"`. */
export type TokenAmount = string;

const DECIMAL = /^(0|[1-9][0-9]*)(?:\.([0-9]+))?$/;

/** The decimals of the platform's own tokens (`plyr`, `gamr`) and the default for others. */
export const DEFAULT_TOKEN_DECIMALS = 18;

/** Units of `amount` at `decimals`, or undefined when it is not a plain decimal with at most that many decimals. */
export function toTokenUnits(amount: unknown, decimals: number): bigint | undefined {
  if (typeof amount !== 'string') return undefined;
  const match = DECIMAL.exec(amount);
  if (match === null) return undefined;
  const fraction = match[2] ?? '';
  if (fraction.length > decimals) return undefined;
  return BigInt(match[1]! + fraction.padEnd(decimals, '0'));
}

/** The decimal text of `units` at `decimals`, as `formatUnits` writes it (`"1.5"`, `"2"`, `"0.000000000000000001"`). */
export function fromTokenUnits(units: bigint, decimals: number): TokenAmount {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction === '' ? '' : `.${fraction}`}`;
}

/**
 * Checks an amount before it is sent: a decimal string, more than 0 (or 0 with `zero: 'allowed'`), with at most
 * `decimals` decimals. Returns its units; throws `AMOUNT_INVALID` (nothing is sent).
 */
export function checkTokenAmount(
  amount: unknown,
  decimals: number,
  what: string,
  zero: 'refused' | 'allowed' = 'refused',
): bigint {
  const units = toTokenUnits(amount, decimals);
  if (units === undefined || (units === 0n && zero === 'refused'))
    throw new PlyrGameError(
      'AMOUNT_INVALID',
      `${what}: ${JSON.stringify(amount)} is not a ${zero === 'refused' ? 'positive ' : ''}decimal string with at most ${decimals} decimals.`,
      { outcome: 'refused' },
    );
  return units;
}
