/**
 * How many decimals an MG+ amount may carry, per currency, and exact decimal arithmetic on such amounts. The
 * studio's server checks every bet and payout against it before money moves, and the sandbox wallet keeps its books
 * with it, so an amount is never rounded on one side and not on the other (a bet of 0.123456789 EUR is refused, not
 * recorded as sent while the wallet moves 0.12).
 *
 * MG+ reports amounts scaled for display: with `currencyTruncation` N = 10^k > 1, one unit shown is N real units,
 * so a shown amount carries the currency's decimals plus k (IDR, 2 decimals, truncation 1000: 1500.505 shown is
 * 1 500 505.00 rupiah). Pure data and functions: no Node or DOM imports, so the server and sandbox share it.
 */

/** ISO 4217 currencies whose minor unit is not 2 decimals. */
const ISO_NOT_TWO: Readonly<Record<string, number>> = {
  bif: 0,
  clp: 0,
  djf: 0,
  gnf: 0,
  isk: 0,
  jpy: 0,
  kmf: 0,
  krw: 0,
  pyg: 0,
  rwf: 0,
  ugx: 0,
  uyi: 0,
  vnd: 0,
  vuv: 0,
  xaf: 0,
  xof: 0,
  xpf: 0,
  bhd: 3,
  iqd: 3,
  jod: 3,
  kwd: 3,
  lyd: 3,
  omr: 3,
  tnd: 3,
  clf: 4,
  uyw: 4,
};

/** ISO 4217 active currencies with 2 decimals. */
const ISO_TWO =
  'aed afn all amd ang aoa ars aud awg azn bam bbd bdt bgn bmd bnd bob bov brl bsd btn bwp byn bzd cad cdf che ' +
  'chf chw cny cop cou crc cup cve czk dkk dop dzd egp ern etb eur fjd fkp gbp gel ghs gip gmd gtq gyd hkd hnl ' +
  'htg huf idr ils inr irr jmd kes kgs khr kpw kyd kzt lak lbp lkr lrd lsl mad mdl mga mkd mmk mnt mop mru mur ' +
  'mvr mwk mxn mxv myr mzn nad ngn nio nok npr nzd pab pen pgk php pkr pln qar ron rsd rub sar sbd scr sdg sek ' +
  'sgd shp sle sll sos srd ssp stn svc syp szl thb tjs tmt top try ttd twd tzs uah usd usn uyu uzs ved ves wst ' +
  'xcd xcg yer zar zmw zwg zwl';

/**
 * Crypto currencies as casino wallets commonly keep them. A chain may have more decimals (ETH has 18) than a
 * wallet keeps: set what your MG+ wallet keeps with the client's `amounts.currencies`.
 */
const CRYPTO: Readonly<Record<string, number>> = {
  btc: 8,
  mbtc: 5,
  ubtc: 2,
  bch: 8,
  ltc: 8,
  doge: 8,
  eth: 8,
  meth: 5,
  bnb: 8,
  sol: 9,
  usdt: 6,
  usdc: 6,
  trx: 6,
  xrp: 6,
  ada: 6,
};

/**
 * Decimals per lower-case currency code: ISO 4217 minor units and common crypto codes. Virtual currencies (casino
 * coins) are not in it: a game that uses one names its decimals (`amounts: { currencies: { gc: 2 } }`).
 */
export const CURRENCY_DECIMALS: Readonly<Record<string, number>> = Object.freeze({
  ...Object.fromEntries(ISO_TWO.split(' ').map((code) => [code, 2])),
  ...ISO_NOT_TWO,
  ...CRYPTO,
});

/** Most decimals any amount may have: beyond this a binary float cannot carry a decimal amount exactly. */
export const MAX_AMOUNT_DECIMALS = 15;

/**
 * The decimals a shown amount may carry for a player: the currency's, plus k when `currencyTruncation` is 10^k.
 * `undefined` when the currency is in neither `overrides` nor {@link CURRENCY_DECIMALS}, or the truncation is not a
 * power of ten (no decimal scale is known for it then).
 */
export function amountDecimals(
  currency: string,
  currencyTruncation = 1,
  overrides?: Readonly<Record<string, number>>,
): number | undefined {
  const code = currency.toLowerCase();
  const own = overrides !== undefined && Object.hasOwn(overrides, code) ? overrides[code] : undefined;
  const base = own ?? (Object.hasOwn(CURRENCY_DECIMALS, code) ? CURRENCY_DECIMALS[code] : undefined);
  if (base === undefined || !Number.isInteger(currencyTruncation) || currencyTruncation < 1) return undefined;
  const k = Math.round(Math.log10(currencyTruncation));
  if (10 ** k !== currencyTruncation) return undefined;
  return base + k;
}

/**
 * The decimal digits of a finite number as JavaScript writes it (its shortest round-trip form): 0.1 → 1,
 * 1e-7 → 7, 2.5e-10 → 11, 1e21 → 0.
 */
export function decimalPlaces(amount: number): number {
  const [mantissa = '', exponent = '0'] = String(Math.abs(amount)).split('e');
  const fraction = mantissa.split('.')[1]?.length ?? 0;
  return Math.max(0, fraction - Number(exponent));
}

/**
 * `amount` in units of 10^-decimals, exactly, or `undefined` when it has more decimals than that (or is not a
 * finite number). Read from the number's shortest round-trip form, so 0.1 + 0.2 (0.30000000000000004) is not 0.3.
 */
export function toUnits(amount: number, decimals: number): bigint | undefined {
  if (!Number.isFinite(amount) || decimalPlaces(amount) > decimals) return undefined;
  const [mantissa = '0', exponent = '0'] = String(Math.abs(amount)).split('e');
  const [whole = '0', fraction = ''] = mantissa.split('.');
  // Not negative: decimalPlaces(amount) ≤ decimals.
  const shift = decimals + Number(exponent) - fraction.length;
  const units = BigInt(whole + fraction) * 10n ** BigInt(shift);
  return amount < 0 ? -units : units;
}

/** The decimal text of `units` × 10^-decimals ("1000.5", "-0.00000001"), for JSON and messages. */
export function unitsToText(units: bigint, decimals: number): string {
  const sign = units < 0n ? '-' : '';
  const digits = (units < 0n ? -units : units).toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals).replace(/0+$/, '');
  return `${sign}${whole}${fraction === '' ? '' : `.${fraction}`}`;
}
