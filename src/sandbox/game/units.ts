/**
 * Token amounts as the platform's agent reads and writes them (viem 2): an amount arrives in human units, as a JSON
 * number or a string, is turned into text by `amount.toString()` and into base units by `parseUnits(text, decimals)`;
 * balances go out through `formatUnits`. Everything here is exact (BigInt): a JSON number is only ever read through
 * its JavaScript text, as the platform does, so `0.1` means exactly 0.1 and `1e-7` (the text of 0.0000001) is
 * refused as viem refuses it.
 */

/** An error as viem throws it: `shortMessage` is what the agent stores as a failed task's `errorMessage`. */
export interface ViemError extends Error {
  shortMessage: string;
}

/** A viem-style error (`name`, `shortMessage` = `message`). */
export function viemError(name: string, shortMessage: string): ViemError {
  const error = new Error(shortMessage) as ViemError;
  error.name = name;
  error.shortMessage = shortMessage;
  return error;
}

/** The `shortMessage` of an error, if it has one (viem's errors do; plain JavaScript errors do not). */
export function shortMessageOf(error: unknown): string | undefined {
  const short = (error as { shortMessage?: unknown } | null)?.shortMessage;
  return typeof short === 'string' ? short : undefined;
}

/** `value.toString()` as the platform's code evaluates it (V8's TypeError for `undefined` and `null`). */
export function textOf(value: unknown, expression = 'amount'): string {
  if (value === undefined || value === null)
    throw new TypeError(`Cannot read properties of ${String(value)} (reading 'toString')`);
  if (typeof value === 'object' && typeof (value as { toString?: unknown }).toString !== 'function')
    throw new TypeError(`${expression}.toString is not a function`);
  return String(value);
}

const DECIMAL = /^(-?)([0-9]*)\.?([0-9]*)$/;

/**
 * viem's `parseUnits`: a plain decimal (no exponent, no spaces) scaled by 10^decimals. Digits past `decimals` are
 * rounded half up on the last kept digit, as viem does. Anything else throws viem's `InvalidDecimalNumberError`.
 */
export function parseUnits(text: string, decimals: number): bigint {
  if (!DECIMAL.test(text))
    throw viemError('InvalidDecimalNumberError', `Number \`${text}\` is not a valid decimal number.`);
  let [integer = '', fraction = '0'] = text.split('.');
  const negative = integer.startsWith('-');
  if (negative) integer = integer.slice(1);
  fraction = fraction.replace(/0+$/, '');
  if (decimals === 0) {
    if (Math.round(Number(`.${fraction}`)) === 1) integer = `${BigInt(integer) + 1n}`;
    fraction = '';
  } else if (fraction.length > decimals) {
    const left = fraction.slice(0, decimals - 1);
    const unit = fraction.slice(decimals - 1, decimals);
    const right = fraction.slice(decimals);
    const rounded = Math.round(Number(`${unit}.${right}`));
    fraction = rounded > 9 ? `${BigInt(left) + 1n}0`.padStart(left.length + 1, '0') : `${left}${rounded}`;
    if (fraction.length > decimals) {
      fraction = fraction.slice(1);
      integer = `${BigInt(integer) + 1n}`;
    }
    fraction = fraction.slice(0, decimals);
  } else {
    fraction = fraction.padEnd(decimals, '0');
  }
  return BigInt(`${negative ? '-' : ''}${integer}${fraction}`);
}

/** viem's `formatUnits`: base units as a decimal text without trailing zeros (`"1000"`, `"0.98"`, `"-2.5"`). */
export function formatUnits(value: bigint, decimals: number): string {
  let digits = value.toString();
  const negative = digits.startsWith('-');
  if (negative) digits = digits.slice(1);
  digits = digits.padStart(decimals, '0');
  const integer = digits.slice(0, digits.length - decimals) || '0';
  const fraction = digits.slice(digits.length - decimals).replace(/0+$/, '');
  return `${negative ? '-' : ''}${integer}${fraction ? `.${fraction}` : ''}`;
}

/** viem's `parseEther` (18 decimals). */
export const parseEther = (text: string): bigint => parseUnits(text, 18);

/** viem's `formatEther` (18 decimals). */
export const formatEther = (value: bigint): string => formatUnits(value, 18);

/** The largest uint256. */
export const MAX_UINT256 = 2n ** 256n - 1n;

/**
 * A value as viem encodes a `uint256` argument: `BigInt(value)` (so a digit string, a hex string or an integer
 * number; anything else throws JavaScript's own error), then the range check (viem's `IntegerOutOfRangeError`).
 */
export function uint256(value: unknown): bigint {
  // JavaScript's own BigInt() decides what converts (and throws its own TypeError, SyntaxError or RangeError).
  const n = BigInt(value as bigint | boolean | number | string);
  if (n < 0n || n > MAX_UINT256) {
    const suffix = typeof value === 'bigint' ? 'n' : '';
    throw viemError(
      'IntegerOutOfRangeError',
      `Number "${String(value)}${suffix}" is not in safe 256-bit unsigned integer range (0${suffix} to ${MAX_UINT256}${suffix})`,
    );
  }
  return n;
}
