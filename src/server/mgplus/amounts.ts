/**
 * Amounts that cannot be wrong: every bet and payout is checked before money moves. An amount is a finite number,
 * positive (a payout may be 0: a lost round), with no more decimals than the player's currency has at its reported
 * scale (`amountDecimals`), at most 15 significant digits (so the decimal the studio meant is the decimal MG+ reads),
 * and at most `maxAmount`. A payout also stays within the cap, `gameConfig.maxExposure` by default. A refusal is an
 * {@link MgPlusError} with a stable code and `retryable: false`.
 */
import { amountDecimals, toUnits } from '../../realplay/currency-decimals.js';
import { MgPlusError } from './errors.js';
import type { MgPlusSession } from './types.js';

/** How the client checks amounts (`createMgPlusClient({ amounts })`). */
export interface MgPlusAmountOptions {
  /**
   * Decimals per lower-case currency code, over the built-in table (`CURRENCY_DECIMALS`: ISO 4217 and common
   * crypto codes). Name every virtual currency your operators use, e.g. `{ gc: 2 }`.
   */
  currencies?: Record<string, number>;
  /**
   * A currency in neither table (or a session without `currency`): `'refuse'` (default: the round is refused with
   * `CURRENCY_UNKNOWN`, nothing is sent), or the currency's decimals to assume (the truncation's digits add to
   * them, as for a known currency).
   */
  unknownCurrency?: 'refuse' | number;
  /** Largest bet or payout, in the player's reported currency units. Default 1 000 000 000. */
  maxAmount?: number;
  /**
   * The most a round may pay out: `'maxExposure'` (default: the session's `gameConfig.maxExposure` when MG+ sent
   * one), a fixed amount, or `'off'`. A payout above it is refused (`PAYOUT_OVER_CAP`) and the bet rolled back: cap
   * wins in the game's own maths.
   */
  payoutCap?: 'maxExposure' | number | 'off';
}

/** The amount rules with defaults filled in. */
export interface AmountRules {
  currencies: Readonly<Record<string, number>>;
  unknownCurrency: 'refuse' | number;
  maxAmount: number;
  payoutCap: 'maxExposure' | number | 'off';
}

const DECIMALS = (value: unknown) =>
  Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 15;

/** Fills the defaults and checks the options (a TypeError names the bad one). */
export function amountRules(options: MgPlusAmountOptions = {}): AmountRules {
  const currencies: Record<string, number> = {};
  for (const [code, decimals] of Object.entries(options.currencies ?? {})) {
    if (!DECIMALS(decimals))
      throw new TypeError(`createMgPlusClient: \`amounts.currencies.${code}\` must be a whole number 0-15.`);
    currencies[code.toLowerCase()] = decimals;
  }
  const unknownCurrency = options.unknownCurrency ?? 'refuse';
  if (unknownCurrency !== 'refuse' && !DECIMALS(unknownCurrency))
    throw new TypeError(
      "createMgPlusClient: `amounts.unknownCurrency` must be 'refuse' or a whole number 0-15.",
    );
  const maxAmount = options.maxAmount ?? 1_000_000_000;
  if (!(typeof maxAmount === 'number' && maxAmount > 0 && Number.isFinite(maxAmount)))
    throw new TypeError('createMgPlusClient: `amounts.maxAmount` must be a positive number.');
  const payoutCap = options.payoutCap ?? 'maxExposure';
  if (
    payoutCap !== 'maxExposure' &&
    payoutCap !== 'off' &&
    !(typeof payoutCap === 'number' && payoutCap >= 0 && Number.isFinite(payoutCap))
  )
    throw new TypeError(
      "createMgPlusClient: `amounts.payoutCap` must be 'maxExposure', 'off' or an amount ≥ 0.",
    );
  return { currencies, unknownCurrency, maxAmount, payoutCap };
}

/** The codes of an amount refused before it was sent. */
export type MgPlusAmountErrorCode = 'AMOUNT_INVALID' | 'CURRENCY_UNKNOWN' | 'PAYOUT_OVER_CAP';

function refuse(code: MgPlusAmountErrorCode, message: string): MgPlusError {
  return new MgPlusError(code, `MG+ round: ${message}`, { status: 400, retryable: false });
}

/** What the checks read of a session. */
type AmountSession = Pick<MgPlusSession, 'currency' | 'currencyTruncation' | 'gameConfig'>;

/** The decimals `session`'s amounts may carry, or a `CURRENCY_UNKNOWN` error. */
function decimalsFor(rules: AmountRules, session: AmountSession): number {
  const currency = session.currency;
  const known =
    typeof currency === 'string'
      ? amountDecimals(currency, session.currencyTruncation ?? 1, rules.currencies)
      : undefined;
  if (known !== undefined) return known;
  if (rules.unknownCurrency !== 'refuse') {
    // The allowed decimals stand for the currency's own: the truncation's digits still add to them.
    const code = (currency ?? '').toLowerCase();
    const scaled = amountDecimals(code, session.currencyTruncation ?? 1, { [code]: rules.unknownCurrency });
    return scaled ?? rules.unknownCurrency;
  }
  throw refuse(
    'CURRENCY_UNKNOWN',
    `no decimals known for currency "${currency ?? '(none)'}" with truncation ${session.currencyTruncation ?? 1}; ` +
      'name them in createMgPlusClient({ amounts: { currencies: { code: decimals } } }).',
  );
}

/**
 * Checks a bet (`> 0`) or a payout (`≥ 0`, within the cap) for `session`; returns it, or throws an
 * {@link MgPlusError} (`AMOUNT_INVALID`, `CURRENCY_UNKNOWN`, `PAYOUT_OVER_CAP`).
 */
export function checkAmount(
  rules: AmountRules,
  session: AmountSession,
  kind: 'bet' | 'payout',
  amount: unknown,
): number {
  if (typeof amount !== 'number' || !Number.isFinite(amount))
    throw refuse('AMOUNT_INVALID', `the ${kind} must be a finite number.`);
  if (kind === 'bet' ? !(amount > 0) : !(amount >= 0))
    throw refuse('AMOUNT_INVALID', `the ${kind} must be ${kind === 'bet' ? 'positive' : '0 or more'}.`);
  if (amount > rules.maxAmount)
    throw refuse('AMOUNT_INVALID', `the ${kind} ${amount} is over the largest amount (${rules.maxAmount}).`);
  const decimals = decimalsFor(rules, session);
  const units = toUnits(amount, decimals);
  if (units === undefined)
    throw refuse(
      'AMOUNT_INVALID',
      `the ${kind} ${amount} has more than ${decimals} decimals for this currency.`,
    );
  if (units >= 10n ** 15n)
    throw refuse('AMOUNT_INVALID', `the ${kind} ${amount} has more than 15 significant digits.`);
  if (kind === 'payout') {
    const cap = rules.payoutCap === 'maxExposure' ? session.gameConfig?.maxExposure : rules.payoutCap;
    if (typeof cap === 'number' && amount > cap)
      throw refuse('PAYOUT_OVER_CAP', `the payout ${amount} is over the cap of ${cap} (maxExposure).`);
  }
  return amount;
}
