/**
 * The token-moving calls of the client, each one intent (`moves.ts`): the players' payments carry their session
 * JWTs (the platform's proof that they play), payouts name PLYR[ID]s. Every call is sent in sync mode.
 */
import { PlyrGameError } from './errors.js';
import type { GameIntentKind, GameIntentLine } from './journal.js';
import { type MoveContext, move, plyrIdOfJwt } from './moves.js';
import type { GameMoveOutcome, GamePayment, GamePayout } from './types.js';

/** A chip movement: `plyrId` receives a mint, loses a burn. */
export interface GameChipLine {
  plyrId: string;
  amount: string;
}

/** The token-moving calls (see {@link GameMoveOutcome} for what they resolve with). */
export interface GameMoves {
  /** Players pay into a room they joined (checked against their allowances first). */
  pay(options: { roomId: string; payments: GamePayment[] }): Promise<GameMoveOutcome>;
  /** A room pays players (or the game's own PLYR[ID]); the platform keeps its fee of each line. */
  earn(options: { roomId: string; payouts: GamePayout[] }): Promise<GameMoveOutcome>;
  /** Players join a room and pay into it, in one transaction. */
  joinPay(options: { roomId: string; payments: GamePayment[] }): Promise<GameMoveOutcome>;
  /** Creates a room, joins the players and takes their payments, in one transaction (`roomId` in the outcome). */
  createJoinPay(options: { payments: GamePayment[]; expiresIn?: number }): Promise<GameMoveOutcome>;
  /** Pays out and the players leave, in one transaction. */
  earnLeave(options: { roomId: string; payouts: GamePayout[] }): Promise<GameMoveOutcome>;
  /** Pays out, the players leave and the room ends, in one transaction (the room must be left empty). */
  earnLeaveEnd(options: { roomId: string; payouts: GamePayout[] }): Promise<GameMoveOutcome>;
  /** Mints one of this game's chips to players. */
  mintChips(options: { chip: string; lines: GameChipLine[] }): Promise<GameMoveOutcome>;
  /** Burns one of this game's chips from players. */
  burnChips(options: { chip: string; lines: GameChipLine[] }): Promise<GameMoveOutcome>;
  /** Moves one of this game's chips between players. */
  transferChips(options: {
    chip: string;
    transfers: Array<{ from: string; to: string; amount: string }>;
  }): Promise<GameMoveOutcome>;
}

function roomOf(roomId: unknown): string {
  if (typeof roomId !== 'string' || !/^[0-9]+$/.test(roomId))
    throw new PlyrGameError(
      'INPUT_INVALID',
      '`roomId` must be a string of decimal digits (the platform’s room id).',
      {
        outcome: 'refused',
      },
    );
  return roomId;
}

function listOf<T>(value: T[] | undefined, name: string): T[] {
  if (!Array.isArray(value) || value.length === 0)
    throw new PlyrGameError('INPUT_INVALID', `\`${name}\` must be a non-empty array.`, {
      outcome: 'refused',
    });
  return value;
}

/** The money calls on `ctx` (async: a bad argument rejects, it never throws); `started` starts the recovery loop. */
export function gameMoves(ctx: MoveContext, started: () => void): GameMoves {
  /** A payment body and its lines. */
  const payments = (list: GamePayment[] | undefined) => {
    const rows = listOf(list, 'payments');
    const lines: GameIntentLine[] = rows.map((p) => ({
      plyrId: plyrIdOfJwt(p?.sessionJwt),
      token: String(p.token).toLowerCase(),
      amount: p.amount,
    }));
    const body = {
      sessionJwts: rows.map((p) => p.sessionJwt),
      tokens: lines.map((l) => l.token),
      amounts: lines.map((l) => l.amount),
    };
    return { lines, body, takesFrom: lines.map((l) => l.plyrId) };
  };
  const payouts = (list: GamePayout[] | undefined) => {
    const lines: GameIntentLine[] = listOf(list, 'payouts').map((p) => ({
      plyrId: String(p?.plyrId ?? '').toLowerCase(),
      token: String(p?.token ?? '').toLowerCase(),
      amount: p?.amount,
    }));
    const body = {
      plyrIds: lines.map((l) => l.plyrId),
      tokens: lines.map((l) => l.token),
      amounts: lines.map((l) => l.amount),
    };
    return { lines, body };
  };
  const chips = (chip: unknown, lines: GameIntentLine[]) => {
    if (typeof chip !== 'string' || chip === '')
      throw new PlyrGameError('INPUT_INVALID', '`chip` (the chip’s address) is required.', {
        outcome: 'refused',
      });
    return lines.map((l) => ({ ...l, token: chip }));
  };
  const go: typeof move = (c, spec) => {
    started();
    return move(c, spec);
  };

  /** Chip lines `{ plyrId, amount }` as intent lines (the chip is filled in by `chipMove`). */
  const plain = (lines: GameChipLine[] | undefined): GameIntentLine[] =>
    listOf(lines, 'lines').map((x) => ({
      plyrId: String(x?.plyrId ?? '').toLowerCase(),
      token: '',
      amount: x?.amount,
    }));
  /** A chip write: always sync on the platform; its body names the chip on every line. */
  async function chipMove(kind: GameIntentKind, verb: string, chip: string, lines: GameIntentLine[]) {
    const l = chips(chip, lines);
    const body: Record<string, unknown> = { chips: l.map((x) => x.token), amounts: l.map((x) => x.amount) };
    if (kind === 'chipTransfer') {
      body.fromPlyrIds = l.map((x) => x.plyrId);
      body.toPlyrIds = l.map((x) => x.toPlyrId);
    } else body.plyrIds = l.map((x) => x.plyrId);
    return go(ctx, {
      kind,
      path: `/api/game/chip/${verb}`,
      body,
      lines: l,
      takesFrom: l.map((x) => x.plyrId),
    });
  }

  /** Players pay into the room `roomId` (`pay`, `joinPay`): checked against their allowances first. */
  async function roomPays(kind: 'pay' | 'joinPay', roomId: string, list: GamePayment[] | undefined) {
    const p = payments(list);
    const room = roomOf(roomId);
    const body = { roomId: room, ...p.body, sync: true };
    return go(ctx, {
      kind,
      path: `/api/game/${kind}`,
      body,
      lines: p.lines,
      roomId: room,
      takesFrom: p.takesFrom,
      allowance: true,
    });
  }
  /** The room `roomId` pays out (`earn`, `earnLeave`, `earnLeaveEnd`). */
  async function roomPayouts(
    kind: 'earn' | 'earnLeave' | 'earnLeaveEnd',
    roomId: string,
    list: GamePayout[] | undefined,
  ) {
    const p = payouts(list);
    const room = roomOf(roomId);
    const body = { roomId: room, ...p.body, sync: true };
    // earnLeaveEnd ends the room, which the chain allows only once it is empty: a second copy's payouts find nothing
    // to pay and revert, so an unknown outcome is sent again rather than left to a person.
    const resendable = kind === 'earnLeaveEnd';
    return go(ctx, { kind, path: `/api/game/${kind}`, body, lines: p.lines, roomId: room, resendable });
  }

  return {
    pay: ({ roomId, payments: list }) => roomPays('pay', roomId, list),
    joinPay: ({ roomId, payments: list }) => roomPays('joinPay', roomId, list),
    async createJoinPay({ payments: list, expiresIn }) {
      const p = payments(list);
      const body: Record<string, unknown> = { ...p.body, sync: true };
      if (expiresIn !== undefined) body.expiresIn = expiresIn;
      const path = '/api/game/createJoinPay';
      return go(ctx, {
        kind: 'createJoinPay',
        path,
        body,
        lines: p.lines,
        takesFrom: p.takesFrom,
        allowance: true,
      });
    },
    earn: ({ roomId, payouts: list }) => roomPayouts('earn', roomId, list),
    earnLeave: ({ roomId, payouts: list }) => roomPayouts('earnLeave', roomId, list),
    earnLeaveEnd: ({ roomId, payouts: list }) => roomPayouts('earnLeaveEnd', roomId, list),
    mintChips: ({ chip, lines }) => chipMove('chipMint', 'mint', chip, plain(lines)),
    burnChips: ({ chip, lines }) => chipMove('chipBurn', 'burn', chip, plain(lines)),
    transferChips: ({ chip, transfers }) =>
      chipMove(
        'chipTransfer',
        'transfer',
        chip,
        listOf(transfers, 'transfers').map((x) => ({
          plyrId: String(x?.from ?? '').toLowerCase(),
          toPlyrId: String(x?.to ?? '').toLowerCase(),
          token: '',
          amount: x?.amount,
        })),
      ),
  };
}
