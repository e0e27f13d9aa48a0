/**
 * The player's spending consent for this game (docs/platform/plyr-game.md#allowances): read this game's allowances
 * and revoke them with a 2FA code. Loaded on first use (signing in needs none of it), by `allowances()`, `revoke()`
 * and the read that follows a `loginAndApprove`.
 *
 * The platform keeps an allowance as a database row whose amount is a floating-point Number; it is handed on here
 * as the decimal text that Number is (`0.09999999999999998`, never `1e-7`), so a game never prints an exponent or
 * rounds a player's allowance up. The platform's read leaves out expired rows (its pay check does not: revoking
 * `all` removes those too).
 */
import { isObject } from './answers.js';
import { PlyrError } from './errors.js';
import type { TypedEmitter } from './events.js';
import { expectAnswer } from './expect-answer.js';
import type { Allowance, PlyrClient, PlyrEvents, SignRequest } from './types.js';

/** Sends one platform request (through the client's transport) and resolves to its JSON object answer. */
type Send = (request: SignRequest) => Promise<Record<string, unknown>>;

const DECIMAL = /^\d+(?:\.\d+)?$/;

/**
 * `value` (a Number or numeric text) as plain decimal text: the shortest digits that are exactly that Number, with
 * no exponent. `undefined` for anything else, a negative or non-finite number included.
 */
export function decimalText(value: unknown): string | undefined {
  let number = value;
  if (typeof value === 'string') {
    if (DECIMAL.test(value)) return value;
    number = value.trim() === '' ? Number.NaN : Number(value);
  }
  if (typeof number !== 'number' || !Number.isFinite(number) || number < 0) return undefined;
  const [mantissa = '', exponent] = number.toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const point = Number(exponent) + 1; // how many digits stand before the decimal point
  if (point <= 0) return `0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return digits + '0'.repeat(point - digits.length);
  return `${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** A time as ms since the epoch: a number of ms, or an ISO text; otherwise `null`. */
function time(value: unknown): number | null {
  const ms = typeof value === 'string' ? Date.parse(value) : value;
  return typeof ms === 'number' && Number.isFinite(ms) ? ms : null;
}

/**
 * The rows of an `allowanceByGameId` answer (`{ allowances: [{ token, amount, expiresIn, createdAt, ... }] }`), sorted
 * by token. A row without a token or a readable amount is not an answer the platform gives: `SERVER`.
 */
export function readAllowances(answer: Record<string, unknown>): Allowance[] {
  const rows = answer.allowances;
  expectAnswer(Array.isArray(rows), 'allowances');
  return (rows as unknown[])
    .map((row): Allowance => {
      const r = isObject(row) ? row : {};
      const amount = decimalText(r.amount);
      expectAnswer(typeof r.token === 'string' && r.token !== '' && amount !== undefined, 'token or amount');
      const approvedAt = time(r.createdAt);
      const lifetime = r.expiresIn;
      const expiresAt =
        time(r.expiresAt) ??
        (approvedAt !== null && typeof lifetime === 'number' && Number.isFinite(lifetime)
          ? approvedAt + lifetime * 1000
          : null);
      return { token: (r.token as string).toLowerCase(), amount: amount as string, expiresAt, approvedAt };
    })
    .sort((a, b) => (a.token < b.token ? -1 : a.token > b.token ? 1 : 0));
}

/**
 * One client's allowance calls, and the last list it told (per player), so that `allowances` fires when the list
 * changes and not on every read.
 */
export class AllowanceKeeper {
  #last: { plyrId: string; text: string; list: Allowance[] } | undefined;

  constructor(
    private readonly client: Pick<PlyrClient, 'gameId' | 'session'>,
    private readonly send: Send,
    private readonly events: TypedEmitter<PlyrEvents>,
  ) {}

  #plyrId(): string {
    const { session } = this.client;
    if (!session) throw new PlyrError('NOT_SIGNED_IN', 'Not signed in');
    return session.plyrId;
  }

  /**
   * `GET /api/game/allowanceByGameId/:plyrId/:gameId` of the signed-in player; tells the list when it differs from
   * the last one told (always with `force`).
   */
  async read(force = false): Promise<Allowance[]> {
    return this.#read(this.#plyrId(), force);
  }

  async #read(plyrId: string, force: boolean): Promise<Allowance[]> {
    const list = readAllowances(
      await this.send({
        method: 'GET',
        path: `/api/game/allowanceByGameId/${plyrId}/${this.client.gameId.toLowerCase()}`,
      }),
    );
    this.#remember(plyrId, list, force);
    return list;
  }

  /**
   * `POST /api/game/revoke` (2FA) with a code and token the client checked, then tells what is left: read afresh,
   * or, when that read fails, the last list without the revoked token(s). The revocation stands either way.
   */
  async revoke(otp: string, given: string): Promise<void> {
    const plyrId = this.#plyrId();
    const token = given.toLowerCase();
    await this.send({
      method: 'POST',
      path: '/api/game/revoke',
      body: { plyrId, otp, gameId: this.client.gameId, token },
    });
    await this.#read(plyrId, true).catch(() => {
      const last = this.#last?.plyrId === plyrId ? this.#last.list : undefined;
      if (last) this.#remember(plyrId, token === 'all' ? [] : last.filter((a) => a.token !== token), true);
    });
  }

  #remember(plyrId: string, list: Allowance[], force: boolean): void {
    const text = JSON.stringify(list);
    const last = this.#last;
    if (!force && last?.plyrId === plyrId && last.text === text) return;
    this.#last = { plyrId, text, list };
    this.events.emit('allowances', { plyrId, allowances: list.map((a) => ({ ...a })) });
  }
}
