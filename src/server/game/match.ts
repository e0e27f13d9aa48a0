/**
 * The common case, an entry-fee match: `openMatch` creates a room with every player's entry in one transaction
 * (createJoinPay); `settleMatch` pays the winners and ends the room in one transaction (earnLeaveEnd). The client
 * keeps the room's pot: payouts cannot exceed what was paid in; the platform's earn fee (2 % by default, as the
 * contract has it) is accounted on every line; what the payouts leave goes to the game's own PLYR[ID], which always
 * counts as joined, so the room ends empty (a room with a balance cannot end). A room the platform made twice (its
 * worker re-sent the createJoinPay) is found by the audit and its entries are given back.
 */
import { DEFAULT_TOKEN_DECIMALS, fromTokenUnits, type TokenAmount, toTokenUnits } from './amounts.js';
import type { GameCalls } from './calls.js';
import { PlyrGameError } from './errors.js';
import type { GameIntentLine, GameIntentRecord } from './journal.js';
import type { GameMoves } from './moves-api.js';
import type { GameMoveOutcome, GamePayment, GamePayout } from './types.js';

/** An open match: plain JSON, for the game to keep until it settles. */
export interface GameMatch {
  roomId: string;
  /** The intent that opened it. */
  intentId: string;
  /** Each player's entry. */
  entries: GameIntentLine[];
  /** What the room holds per token. */
  pot: Record<string, TokenAmount>;
}

/** What `openMatch` resolves with: the open match, or the opening's outcome when it is not known yet. */
export type GameMatchOpening =
  | { status: 'open'; match: GameMatch }
  | { status: 'pending'; intentId: string }
  | { status: 'attention'; intentId: string; notes: string[] };

/** One line of a settlement: what left the room, the platform's fee, what the receiver got. */
export interface GameSettlementLine {
  plyrId: string;
  token: string;
  /** `payout`: the game's; `remainder`: the rest, to the game's own id; `refund`: an entry the platform took twice. */
  kind: 'payout' | 'remainder' | 'refund';
  amount: TokenAmount;
  fee: TokenAmount;
  net: TokenAmount;
}

/** What `settleMatch` resolves with. */
export type GameMatchClosing =
  | {
      status: 'settled';
      roomId: string;
      intentId: string;
      lines: GameSettlementLine[];
      fees: Record<string, TokenAmount>;
    }
  | { status: 'pending'; roomId: string; intentId: string; lines: GameSettlementLine[] }
  | { status: 'attention'; roomId: string; intentId: string; lines: GameSettlementLine[]; notes: string[] };

/** The match calls. */
export interface GameMatchApi {
  /** Opens a match: a room with every player's entry, in one transaction. */
  openMatch(options: { entries: GamePayment[]; expiresIn?: number }): Promise<GameMatchOpening>;
  /**
   * Settles a match: `payouts` (what leaves the room for each; they receive it less the fee), the remainder to the
   * game's own id, the room ended. Rejects `POT_EXCEEDED` (nothing sent) when the payouts exceed the pot, and
   * `ROOM_NOT_ENDED` when the room could not be ended (nothing moved; the report says why).
   */
  settleMatch(match: GameMatch, payouts: GamePayout[]): Promise<GameMatchClosing>;
  /** The match an opening intent made, once it is done (after an `openMatch` answered pending). */
  matchOf(intentId: string): Promise<GameMatch | undefined>;
}

/** What the match calls need from the client. */
export interface MatchDeps {
  moves: GameMoves;
  calls: Pick<GameCalls, 'isJoined'>;
  gameId: string;
  feePercent: number;
  /** The intent's record after its audit for the platform's own double. */
  audited(intentId: string): Promise<GameIntentRecord | undefined>;
}

const units = (amount: TokenAmount) => toTokenUnits(amount, DEFAULT_TOKEN_DECIMALS) ?? 0n;
const text = (value: bigint) => fromTokenUnits(value, DEFAULT_TOKEN_DECIMALS);

function potOf(entries: readonly GameIntentLine[]): Record<string, TokenAmount> {
  const sums = new Map<string, bigint>();
  for (const e of entries) sums.set(e.token, (sums.get(e.token) ?? 0n) + units(e.amount));
  return Object.fromEntries([...sums].map(([token, sum]) => [token, text(sum)]));
}

const matchOfRecord = (record: GameIntentRecord): GameMatch | undefined =>
  record.state === 'done' && record.roomId !== undefined
    ? { roomId: record.roomId, intentId: record.intentId, entries: record.lines, pot: potOf(record.lines) }
    : undefined;

/** The match calls over the client's moves. */
export function matchApi(deps: MatchDeps): GameMatchApi {
  const bps = BigInt(Math.round(deps.feePercent * 100));
  const line = (
    plyrId: string,
    token: string,
    kind: GameSettlementLine['kind'],
    amount: bigint,
  ): GameSettlementLine => {
    const fee = (amount * bps) / 10_000n;
    return { plyrId, token, kind, amount: text(amount), fee: text(fee), net: text(amount - fee) };
  };

  /** Pays `lines` out of `roomId` and ends it. */
  async function close(roomId: string, lines: GameSettlementLine[]): Promise<GameMatchClosing> {
    let outcome: GameMoveOutcome;
    try {
      outcome = await deps.moves.earnLeaveEnd({
        roomId,
        payouts: lines.map(({ plyrId, token, amount }) => ({ plyrId, token, amount })),
      });
    } catch (error) {
      throw new PlyrGameError(
        'ROOM_NOT_ENDED',
        `Room ${roomId} was not settled: ${(error as Error).message}`,
        {
          outcome: 'refused',
          cause: error,
          ...((error as PlyrGameError).intentId ? { intentId: (error as PlyrGameError).intentId } : {}),
        },
      );
    }
    if (outcome.status === 'attention')
      return { status: 'attention', roomId, intentId: outcome.intentId, lines, notes: outcome.notes };
    if (outcome.status === 'pending') return { status: 'pending', roomId, intentId: outcome.intentId, lines };
    const fees: Record<string, bigint> = {};
    for (const l of lines) fees[l.token] = (fees[l.token] ?? 0n) + units(l.fee);
    return {
      status: 'settled',
      roomId,
      intentId: outcome.intentId,
      lines,
      fees: Object.fromEntries(Object.entries(fees).map(([token, fee]) => [token, text(fee)])),
    };
  }

  /**
   * Gives back the entries of rooms the platform made twice for one opening (its worker re-sent it); a room whose
   * players already left was given back before. A refund that fails leaves that room to the report (`rooms` on the
   * opening's intent) and does not stop the match's own settlement.
   */
  async function refundDoubles(record: GameIntentRecord, roomId: string): Promise<void> {
    for (const orphan of (record.rooms ?? []).filter((r) => r !== roomId)) {
      const first = record.lines[0];
      if (first === undefined || !(await deps.calls.isJoined({ roomId: orphan, plyrId: first.plyrId })))
        continue;
      const refunds = record.lines.map((e) => line(e.plyrId, e.token, 'refund', units(e.amount)));
      await close(orphan, refunds).catch(() => undefined);
    }
  }

  return {
    async openMatch({ entries, expiresIn }) {
      const outcome = await deps.moves.createJoinPay({
        payments: entries,
        ...(expiresIn === undefined ? {} : { expiresIn }),
      });
      if (outcome.status === 'pending') return { status: 'pending', intentId: outcome.intentId };
      if (outcome.status === 'attention')
        return { status: 'attention', intentId: outcome.intentId, notes: outcome.notes };
      const record = await deps.audited(outcome.intentId);
      const match = record === undefined ? undefined : matchOfRecord(record);
      if (match === undefined)
        throw new PlyrGameError('INVALID_RESPONSE', 'createJoinPay is done but its room is not known.', {
          outcome: 'unknown',
          intentId: outcome.intentId,
        });
      return { status: 'open', match };
    },

    async settleMatch(match, payouts) {
      const pot = new Map(Object.entries(match.pot).map(([token, amount]) => [token, units(amount)]));
      const lines: GameSettlementLine[] = [];
      const paid = new Map<string, bigint>();
      for (const p of payouts) {
        const token = String(p.token).toLowerCase();
        const amount = toTokenUnits(p.amount, DEFAULT_TOKEN_DECIMALS);
        if (amount === undefined || amount <= 0n)
          throw new PlyrGameError(
            'AMOUNT_INVALID',
            `settleMatch: ${JSON.stringify(p.amount)} is not a positive decimal string.`,
            { outcome: 'refused' },
          );
        paid.set(token, (paid.get(token) ?? 0n) + amount);
        if ((paid.get(token) ?? 0n) > (pot.get(token) ?? 0n))
          throw new PlyrGameError(
            'POT_EXCEEDED',
            `settleMatch: payouts of ${token} exceed the pot of ${text(pot.get(token) ?? 0n)}.`,
            { outcome: 'refused' },
          );
        lines.push(line(String(p.plyrId).toLowerCase(), token, 'payout', amount));
      }
      for (const [token, held] of pot) {
        const rest = held - (paid.get(token) ?? 0n);
        if (rest > 0n) lines.push(line(deps.gameId, token, 'remainder', rest));
      }
      const record = await deps.audited(match.intentId);
      if (record !== undefined) await refundDoubles(record, match.roomId);
      return close(match.roomId, lines);
    },

    async matchOf(intentId) {
      const record = await deps.audited(intentId);
      return record === undefined ? undefined : matchOfRecord(record);
    },
  };
}
