/**
 * Amounts for display. MG+ sends amounts in the player's real currency units plus a currency truncation N: for
 * N > 1 the game shows amounts divided by N (1 shown = N real units, e.g. IDR in thousands). ISO 4217 currencies
 * go through `Intl.NumberFormat` currency style; crypto and virtual codes, which Intl does not know (or knows only
 * as well-formed but unknown codes with the wrong precision), are shown as a number and a label.
 */
import type { CurrencyDisplay } from './types.js';

/** Crypto currencies MG+ operators use, with their usual display label and precision. */
export const CRYPTO_CURRENCIES: Readonly<Record<string, CurrencyDisplay>> = {
  btc: { label: 'BTC', digits: 8 },
  mbtc: { label: 'mBTC', digits: 5 },
  ubtc: { label: 'µBTC', digits: 2 },
  bch: { label: 'BCH', digits: 8 },
  ltc: { label: 'LTC', digits: 8 },
  eth: { label: 'ETH', digits: 6 },
  meth: { label: 'mETH', digits: 4 },
  usdt: { label: 'USDT', digits: 2 },
  usdc: { label: 'USDC', digits: 2 },
  doge: { label: 'DOGE', digits: 2 },
  xrp: { label: 'XRP', digits: 2 },
  trx: { label: 'TRX', digits: 2 },
  sol: { label: 'SOL', digits: 4 },
  bnb: { label: 'BNB', digits: 4 },
  ada: { label: 'ADA', digits: 2 },
};

/** Options of {@link formatBalance}. */
export interface FormatBalanceOptions {
  /** Lower- or upper-case currency code. */
  currency: string;
  /** MG+ `currencyTruncation` (integer ≥ 1). Default 1. */
  currencyTruncation?: number;
  /** BCP 47 locale. Default: the runtime's. */
  locale?: string;
  /** Extra (or overriding) crypto/virtual currencies keyed by lower-case code. */
  currencies?: Record<string, CurrencyDisplay>;
}

let isoCodes: Set<string> | null | undefined;

/** True when `code` (upper-case) is an ISO 4217 code the runtime's Intl knows. */
function isIsoCurrency(code: string): boolean {
  if (isoCodes === undefined) {
    const intl = Intl as typeof Intl & { supportedValuesOf?: (key: 'currency') => string[] };
    isoCodes =
      typeof intl.supportedValuesOf === 'function' ? new Set(intl.supportedValuesOf('currency')) : null;
  }
  // Runtimes without supportedValuesOf: any three-letter code that Intl accepts.
  return isoCodes === null ? /^[A-Z]{3}$/.test(code) : isoCodes.has(code);
}

/** The amount as shown: real units divided by the truncation. */
export function toDisplayAmount(amount: number, currencyTruncation = 1): number {
  return currencyTruncation > 1 ? amount / currencyTruncation : amount;
}

/** The real amount of a shown one: the inverse of {@link toDisplayAmount}. */
export function fromDisplayAmount(shown: number, currencyTruncation = 1): number {
  return currencyTruncation > 1 ? shown * currencyTruncation : shown;
}

/**
 * Format an amount in real units for display, e.g. `€1,234.50`, `0.05234567 BTC`, `2,500 GC`, and for IDR with
 * truncation 1000, `IDR 1,500.5` for 1 500 500 real rupiah. With a truncation N > 1 up to log10(N) more fraction
 * digits are shown, so that no real unit is rounded away (a balance is never shown higher than it is).
 */
export function formatBalance(amount: number, options: FormatBalanceOptions): string {
  const code = options.currency.trim();
  const lower = code.toLowerCase();
  const truncation = options.currencyTruncation ?? 1;
  const shown = toDisplayAmount(amount, truncation);
  // Dividing by N moves real units behind the decimal point: show them rather than round a balance up.
  const extra = truncation > 1 ? Math.ceil(Math.log10(truncation)) : 0;
  const custom = options.currencies?.[lower] ?? CRYPTO_CURRENCIES[lower];
  if (custom !== undefined) {
    const digits = Math.max(0, Math.trunc(custom.digits));
    const number = new Intl.NumberFormat(options.locale, {
      minimumFractionDigits: Math.min(2, digits),
      maximumFractionDigits: Math.min(20, digits + extra),
    }).format(shown);
    return `${number} ${custom.label}`;
  }
  const upper = code.toUpperCase();
  if (isIsoCurrency(upper)) {
    try {
      const format = new Intl.NumberFormat(options.locale, { style: 'currency', currency: upper });
      if (extra === 0) return format.format(shown);
      const { minimumFractionDigits = 0, maximumFractionDigits = 2 } = format.resolvedOptions();
      return new Intl.NumberFormat(options.locale, {
        style: 'currency',
        currency: upper,
        minimumFractionDigits,
        maximumFractionDigits: Math.min(20, maximumFractionDigits + extra),
      }).format(shown);
    } catch {
      // Intl refused the code after all: fall through to the plain form.
    }
  }
  // A virtual currency (e.g. casino coins): whole numbers unless there are cents, then the code.
  const number = new Intl.NumberFormat(options.locale, {
    minimumFractionDigits: Number.isInteger(shown) ? 0 : 2,
    maximumFractionDigits: 2 + extra,
  }).format(shown);
  return upper === '' ? number : `${number} ${upper}`;
}
