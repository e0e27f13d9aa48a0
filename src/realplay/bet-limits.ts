/**
 * Bet range of a real-play session from MG+'s `gameConfig`, in amounts as MG+ reports them. `maxExposure` plays no
 * part: it caps what the game may pay out (liability), not what the player may bet.
 */
import { PlyrError } from '../core/errors.js';
import type { BetLimits, GameConfig } from './types.js';

function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/**
 * The bet range of a `gameConfig`: `minBet` (default 0), `maxBet` (default unbounded; `maxExposure` is a payout
 * cap, not a bet limit), and the starting bet: `defaultBet` clamped to the range, else `minBet`. Throws `SERVER`
 * when `minBet > maxBet`, as no bet could be placed.
 */
export function betLimits(config: GameConfig): BetLimits {
  const min = finite(config.minBet) ?? 0;
  const max = finite(config.maxBet) ?? Number.POSITIVE_INFINITY;
  if (min > max)
    throw new PlyrError('SERVER', 'MG+ sent a bet range with minBet above maxBet.', {
      cause: { minBet: config.minBet, maxBet: config.maxBet },
    });
  const preferred = finite(config.defaultBet) ?? min;
  return { min, max, default: clampBet(preferred, { min, max }) };
}

/** `amount` moved into `[min, max]`; a non-finite amount gives `min`. */
export function clampBet(amount: number, limits: Pick<BetLimits, 'min' | 'max'>): number {
  if (!Number.isFinite(amount)) return limits.min;
  return Math.min(limits.max, Math.max(limits.min, amount));
}
