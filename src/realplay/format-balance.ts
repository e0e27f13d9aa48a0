/**
 * Amounts for display. MG+ reports balances already scaled for display: with a currency truncation N > 1, "1 shown
 * represents N real units" (e.g. IDR in thousands), and the guide says games show the balance as reported; N only
 * serves the provider's financial reporting (see {@link realAmount}). ISO 4217 currencies go through
 * `Intl.NumberFormat` currency style; crypto and virtual codes, which Intl does not know (or knows only as
 * well-formed but unknown codes with the wrong precision), are shown as a number and a label.
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
  /**
   * MG+ `currencyTruncation`. Accepted so a player's `balanceInfo` can be passed as is; it does not change the
   * display, since MG+ reports amounts already scaled (use {@link realAmount} for the real amount).
   */
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

/**
 * The real amount behind a reported one, for financial reporting only: `amount × currencyTruncation` (e.g. 1500.5
 * reported IDR with truncation 1000 is 1 500 500 rupiah). Never for display, and never sent back to MG+, which
 * expects amounts in the reported scale. Floating-point noise of the product is rounded away (15 significant digits).
 */
export function realAmount(amount: number, currencyTruncation = 1): number {
  const factor = Number.isInteger(currencyTruncation) && currencyTruncation > 1 ? currencyTruncation : 1;
  return Number((amount * factor).toPrecision(15));
}

/**
 * Format an amount as MG+ reports it, e.g. `€1,234.50`, `0.05234567 BTC`, `2,500 GC`, and for IDR with truncation
 * 1000, `IDR 1,500.50` for a reported 1500.5: the truncation does not change what is shown (see the module note).
 */
export function formatBalance(amount: number, options: FormatBalanceOptions): string {
  const code = options.currency.trim();
  const lower = code.toLowerCase();
  const custom = options.currencies?.[lower] ?? CRYPTO_CURRENCIES[lower];
  if (custom !== undefined) {
    const digits = Math.max(0, Math.trunc(custom.digits));
    const number = new Intl.NumberFormat(options.locale, {
      minimumFractionDigits: Math.min(2, digits),
      maximumFractionDigits: Math.min(20, digits),
    }).format(amount);
    return `${number} ${custom.label}`;
  }
  const upper = code.toUpperCase();
  if (isIsoCurrency(upper)) {
    try {
      const format = new Intl.NumberFormat(options.locale, { style: 'currency', currency: upper });
      const { maximumFractionDigits = 2 } = format.resolvedOptions();
      if (maximumFractionDigits >= 2 || Number.isInteger(amount)) return format.format(amount);
      // A currency shown without cents (IDR, JPY, ...) with a reported fraction: show cents rather than round.
      return new Intl.NumberFormat(options.locale, {
        style: 'currency',
        currency: upper,
        minimumFractionDigits: 2,
        maximumFractionDigits: 2,
      }).format(amount);
    } catch {
      // Intl refused the code after all: fall through to the plain form.
    }
  }
  // A virtual currency (e.g. casino coins): whole numbers unless there are cents, then the code.
  const number = new Intl.NumberFormat(options.locale, {
    minimumFractionDigits: Number.isInteger(amount) ? 0 : 2,
    maximumFractionDigits: 2,
  }).format(amount);
  return upper === '' ? number : `${number} ${upper}`;
}
