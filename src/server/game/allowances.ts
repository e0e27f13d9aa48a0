/**
 * The allowance check before each pay: what the player approved for this game (`GET /api/game/allowance`, which
 * counts an expired approval as 0, so a pay the player's consent no longer covers is refused here even though the
 * platform's own check ignores expiry). Read once and then kept for `ttlMs`, less what this process's own pays took
 * (pays of one player run one at a time, so the kept figure stays right); read again before refusing on a kept one.
 */
import { checkTokenAmount, DEFAULT_TOKEN_DECIMALS, fromTokenUnits, toTokenUnits } from './amounts.js';
import { answerError, PlyrGameError } from './errors.js';
import type { GameIntentLine } from './journal.js';
import { callPlatform, type GameTransport } from './transport.js';

const key = (plyrId: string, token: string) => `${plyrId.toLowerCase()}\u0000${token.toLowerCase()}`;

/** The platform stores an allowance as a JS number: read it as the decimal it prints as (`undefined` if it can't). */
function unitsOfNumber(value: unknown): bigint | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return undefined;
  return toTokenUnits(String(value), DEFAULT_TOKEN_DECIMALS);
}

/** The allowance check and its kept figures. */
export class AllowanceCheck {
  readonly #kept = new Map<string, { units: bigint; until: number }>();

  constructor(
    private readonly transport: GameTransport,
    private readonly gameId: string,
    private readonly ttlMs: number,
  ) {}

  /** The allowance of `plyrId` for `token` now (0 when missing or expired); `undefined` when unreadable. */
  async read(plyrId: string, token: string): Promise<bigint | undefined> {
    const path = `/api/game/allowance/${[plyrId, this.gameId, token].map(encodeURIComponent).join('/')}`;
    const { status, body } = await callPlatform(this.transport, 'GET', path);
    if (status !== 200) throw answerError(status, body, 'allowance');
    const units = unitsOfNumber((body as { allowance?: unknown } | undefined)?.allowance);
    if (units !== undefined)
      this.#kept.set(key(plyrId, token), { units, until: this.transport.now() + this.ttlMs });
    return units;
  }

  /**
   * Refuses (`ALLOWANCE_TOO_LOW`, nothing sent) when the lines take more from a player than they approved. An
   * allowance the platform reports in a form that cannot be read as a decimal is left to the platform's own check.
   */
  async check(lines: readonly GameIntentLine[]): Promise<void> {
    const wanted = new Map<string, { plyrId: string; token: string; units: bigint }>();
    for (const { plyrId, token, amount } of lines) {
      const k = key(plyrId, token);
      const row = wanted.get(k) ?? { plyrId, token, units: 0n };
      row.units += checkTokenAmount(amount, DEFAULT_TOKEN_DECIMALS, 'amount');
      wanted.set(k, row);
    }
    for (const [k, { plyrId, token, units }] of wanted) {
      const kept = this.#kept.get(k);
      let have =
        kept !== undefined && kept.until > this.transport.now() ? kept.units : await this.read(plyrId, token);
      if (have !== undefined && have < units && kept !== undefined) have = await this.read(plyrId, token);
      if (have !== undefined && have < units)
        throw new PlyrGameError(
          'ALLOWANCE_TOO_LOW',
          `${plyrId} approved ${fromTokenUnits(have, DEFAULT_TOKEN_DECIMALS)} ${token} for this game (expired approvals count as 0); the pay needs ${fromTokenUnits(units, DEFAULT_TOKEN_DECIMALS)}.`,
          { outcome: 'refused' },
        );
    }
  }

  /** After a pay that happened: what it took comes off the kept figures. */
  spent(lines: readonly GameIntentLine[]): void {
    for (const { plyrId, token, amount } of lines) {
      const kept = this.#kept.get(key(plyrId, token));
      const units = toTokenUnits(amount, DEFAULT_TOKEN_DECIMALS) ?? 0n;
      if (kept !== undefined) kept.units = kept.units > units ? kept.units - units : 0n;
    }
  }

  /** After a refusal or an unknown outcome: the kept figures of these players are read again next time. */
  forget(lines: readonly GameIntentLine[]): void {
    for (const { plyrId, token } of lines) this.#kept.delete(key(plyrId, token));
  }
}
