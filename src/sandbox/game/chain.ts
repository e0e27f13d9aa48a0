/**
 * The sandbox's stand-in for the PLYR chain under the game economy: token balances of players' mirror wallets, of
 * game rooms and of the platform's fee account, the rooms themselves, and every transaction mined. All amounts are
 * BigInt base units, so nothing is ever rounded.
 *
 * A transaction runs synchronously inside {@link Chain.execute}: each change is journalled with its undo, and a
 * {@link Revert} anywhere rolls the whole transaction back (the chain's all-or-nothing), leaving a reverted
 * transaction on record, as a mined revert does on chain.
 */
import { randomBytes } from 'node:crypto';
import { keccak256, toChecksumAddress } from '../plyr/address.js';
import { formatUnits } from './units.js';

/** A failed `require` on chain: the transaction is mined and reverted. */
export class Revert extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'Revert';
  }
}

/** Anything that holds tokens: a player's (or game's) account, a room, the fee account. */
export interface Holder {
  /** How moves name it: a PLYR[ID] (or game id), `room:<gameId>/<roomId>`, or `fees`. */
  readonly name: string;
  readonly balances: Map<string, bigint>;
}

/** An account: a mirror wallet. */
export interface Account extends Holder {
  readonly address: string;
  /** What it held when the sandbox first opened it. */
  readonly initial: Map<string, bigint>;
}

/** A game room (GameRoom contract). */
export interface RoomState extends Holder {
  readonly gameId: string;
  readonly roomId: bigint;
  readonly address: string;
  /** Deadline in ms since the epoch (only `close` would read it). */
  readonly deadline: number;
  ended: boolean;
  readonly joined: Set<string>;
  /** Tokens ever paid or earned in this room (`end` checks their balances). */
  readonly tokens: Set<string>;
}

/** One token move of a mined transaction. */
export interface ChainMove {
  from: string;
  to: string;
  token: string;
  /** Human units, exact (`formatUnits`). */
  amount: string;
}

/** Who sent a transaction and for what. */
export interface TransactionInfo {
  taskId: string;
  method: string;
  gameId: string;
  roomId: string | null;
}

/** A mined transaction. */
export interface ChainTransaction extends TransactionInfo {
  hash: string;
  status: 'success' | 'reverted';
  moves: ChainMove[];
  /** Why it reverted (sandbox detail, not part of the platform's answers). */
  revertReason?: string;
  /** When it was mined (sandbox clock, ISO 8601). */
  minedAt: string;
}

/** What mining returned. */
export interface Receipt<T> {
  hash: string;
  status: 'success' | 'reverted';
  /** The transaction's return value (only when it succeeded). */
  value?: T;
  /** Its record (a task function may fill in the room a create made). */
  transaction: ChainTransaction;
}

/** A stable pseudo address for a name (a room, a chip, a name without a wallet). */
export const nameAddress = (text: string): string =>
  toChecksumAddress(`0x${keccak256(text).subarray(12).toString('hex')}`);

const roomKey = (gameId: string, roomId: bigint) => `${gameId}\n${roomId}`;

/** The chain's state. */
export class Chain {
  readonly accounts = new Map<string, Account>();
  readonly fees: Holder = { name: 'fees', balances: new Map() };
  readonly rooms = new Map<string, RoomState>();
  readonly transactions: ChainTransaction[] = [];
  readonly #roomCount = new Map<string, bigint>();
  #journal: (() => void)[] | undefined;
  #moves: ChainMove[] = [];

  constructor(
    private readonly now: () => number,
    private readonly decimalsOf: (token: string) => number,
  ) {}

  /** The account at `address`, opened (with `seed` as its first balances) if new. Not part of any transaction. */
  open(address: string, name: string, seed?: ReadonlyMap<string, bigint>): Account {
    let account = this.accounts.get(address);
    if (!account) {
      account = { name, address, balances: new Map(seed), initial: new Map(seed) };
      this.accounts.set(address, account);
    }
    return account;
  }

  /** A room, if created. */
  room(gameId: string, roomId: bigint): RoomState | undefined {
    return this.rooms.get(roomKey(gameId, roomId));
  }

  /** Runs `body` as one transaction: mined (success or reverted) and recorded. */
  execute<T>(info: TransactionInfo, body: () => T): Receipt<T> {
    if (this.#journal) throw new Error('A transaction is already running');
    const { taskId, method, gameId, roomId } = info;
    const journal: (() => void)[] = [];
    this.#journal = journal;
    this.#moves = [];
    const hash = `0x${randomBytes(32).toString('hex')}`;
    const minedAt = new Date(this.now()).toISOString();
    try {
      const value = body();
      const transaction: ChainTransaction = {
        hash,
        taskId,
        method,
        gameId,
        roomId,
        status: 'success',
        moves: this.#moves,
        minedAt,
      };
      this.transactions.push(transaction);
      return { hash, status: 'success', value, transaction };
    } catch (error) {
      if (!(error instanceof Revert)) throw error;
      for (const undo of journal.reverse()) undo();
      const transaction: ChainTransaction = {
        hash,
        taskId,
        method,
        gameId,
        roomId,
        status: 'reverted',
        moves: [],
        revertReason: error.message,
        minedAt,
      };
      this.transactions.push(transaction);
      return { hash, status: 'reverted', transaction };
    } finally {
      this.#journal = undefined;
    }
  }

  /** Records how to undo a change made inside the running transaction. */
  journal(undo: () => void): void {
    if (!this.#journal) throw new Error('State changes only inside a transaction');
    this.#journal.push(undo);
  }

  #set(holder: Holder, token: string, value: bigint): void {
    const before = holder.balances.get(token);
    holder.balances.set(token, value);
    this.journal(() =>
      before === undefined ? holder.balances.delete(token) : holder.balances.set(token, before),
    );
  }

  /** Moves `amount` base units; reverts with `reason` when `from` holds less. */
  transfer(from: Holder, to: Holder, token: string, amount: bigint, reason: string): void {
    const available = from.balances.get(token) ?? 0n;
    if (available < amount) throw new Revert(reason);
    this.#set(from, token, available - amount);
    this.#set(to, token, (to.balances.get(token) ?? 0n) + amount);
    this.#moves.push({
      from: from.name,
      to: to.name,
      token,
      amount: formatUnits(amount, this.decimalsOf(token)),
    });
  }

  /** Creates room `gameRoomCount[gameId] + 1` (GameRuleV1 `_create`). */
  createRoom(gameId: string, expiresIn: bigint): RoomState {
    const roomId = (this.#roomCount.get(gameId) ?? 0n) + 1n;
    this.#roomCount.set(gameId, roomId);
    const key = roomKey(gameId, roomId);
    const seconds = Number(expiresIn);
    const room: RoomState = {
      name: `room:${gameId}/${roomId}`,
      balances: new Map(),
      gameId,
      roomId,
      address: nameAddress(`GameRoom ${JSON.stringify([gameId, String(roomId)])}`),
      deadline: this.now() + (Number.isFinite(seconds) ? seconds * 1000 : Number.MAX_SAFE_INTEGER),
      ended: false,
      joined: new Set(),
      tokens: new Set(),
    };
    this.rooms.set(key, room);
    this.journal(() => {
      this.rooms.delete(key);
      this.#roomCount.set(gameId, roomId - 1n);
    });
    return room;
  }

  /** Sets or clears a player's joined flag. */
  setJoined(room: RoomState, plyrId: string, joined: boolean): void {
    const before = room.joined.has(plyrId);
    if (joined) room.joined.add(plyrId);
    else room.joined.delete(plyrId);
    this.journal(() => (before ? room.joined.add(plyrId) : room.joined.delete(plyrId)));
  }

  /** Registers a token with a room (GameRoom `registerToken`). */
  registerToken(room: RoomState, token: string): void {
    if (room.tokens.has(token)) return;
    room.tokens.add(token);
    this.journal(() => room.tokens.delete(token));
  }

  /** Marks a room ended. */
  markEnded(room: RoomState): void {
    const before = room.ended;
    room.ended = true;
    this.journal(() => {
      room.ended = before;
    });
  }
}
