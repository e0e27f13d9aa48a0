/**
 * The game-room contracts (GameRuleV1 + GameRoom, docs/platform/plyr-game.md#on-chain-rules) on the sandbox chain.
 * Each function runs inside one {@link Chain.execute}: a failed `require` reverts everything it did.
 * - the game's own id always counts as joined; there is no capacity, no ended or deadline guard;
 * - pay moves from the player's mirror wallet to the room; earn moves from the room to the player's mirror, minus
 *   the platform fee (`amount × feePercent / 100`, rounded down in base units), which goes to the fee account;
 * - `end` reverts while any token paid or earned in the room has a balance; it moves nothing.
 */
import { type Account, type Chain, Revert, type RoomState } from './chain.js';

/** What the contracts need around the chain. */
export interface ContractWorld {
  chain: Chain;
  /** The mirror wallet of a name (a PLYR[ID] or a game id), opened on first use. */
  account(name: string): Account;
  /** GameRuleV1 `platformFee`, in percent. */
  feePercent: bigint;
}

/** A player line of a batch call. */
export interface Line {
  plyrId: string;
  token: string;
  amount: bigint;
}

const insufficient = (token: string) =>
  token === 'plyr' ? 'Address: insufficient balance' : 'ERC20InsufficientBalance';

function roomOf(w: ContractWorld, gameId: string, roomId: bigint): RoomState {
  const room = w.chain.room(gameId, roomId);
  if (!room) throw new Revert('GameRuleV1: room not found');
  return room;
}

const joinedIn = (room: RoomState, plyrId: string) => room.joined.has(plyrId) || plyrId === room.gameId;

/** GameRuleV1 `isJoined` (a view: false for a room that does not exist). */
export function isJoined(chain: Chain, gameId: string, roomId: bigint, plyrId: string): boolean {
  const room = chain.room(gameId, roomId);
  return room !== undefined && joinedIn(room, plyrId);
}

/** `create`: a new room; answers its id and address. */
export function create(w: ContractWorld, gameId: string, expiresIn: bigint): RoomState {
  return w.chain.createRoom(gameId, expiresIn);
}

/** `join` (room must exist). */
export function join(w: ContractWorld, gameId: string, roomId: bigint, plyrIds: string[]): void {
  const room = roomOf(w, gameId, roomId);
  for (const plyrId of plyrIds) w.chain.setJoined(room, plyrId, true);
}

/** `leave` (room must exist). */
export function leave(w: ContractWorld, gameId: string, roomId: bigint, plyrIds: string[]): void {
  const room = roomOf(w, gameId, roomId);
  for (const plyrId of plyrIds) w.chain.setJoined(room, plyrId, false);
}

/** `_pay`: player's mirror → room. */
export function pay(w: ContractWorld, gameId: string, roomId: bigint, line: Line): void {
  const room = roomOf(w, gameId, roomId);
  if (!joinedIn(room, line.plyrId)) throw new Revert('GameRuleV1: plyr not joined');
  w.chain.registerToken(room, line.token);
  w.chain.transfer(w.account(line.plyrId), room, line.token, line.amount, insufficient(line.token));
}

/** `_earn`: room → player's mirror (`<plyrId>.plyr`), fee → fee account. */
export function earn(w: ContractWorld, gameId: string, roomId: bigint, line: Line): void {
  const room = roomOf(w, gameId, roomId);
  if (!joinedIn(room, line.plyrId)) throw new Revert('GameRuleV1: plyr not joined');
  w.chain.registerToken(room, line.token);
  const fee = (line.amount * w.feePercent) / 100n;
  w.chain.transfer(room, w.account(line.plyrId), line.token, line.amount - fee, insufficient(line.token));
  w.chain.transfer(room, w.chain.fees, line.token, fee, insufficient(line.token));
}

/** `end`: reverts while a registered token has a balance in the room. */
export function end(w: ContractWorld, gameId: string, roomId: bigint): void {
  const room = roomOf(w, gameId, roomId);
  for (const token of room.tokens) {
    if ((room.balances.get(token) ?? 0n) !== 0n)
      throw new Revert(token === 'plyr' ? 'NativeCoinBalanceNotZero' : 'TokenBalanceNotZero');
  }
  w.chain.markEnded(room);
}

/** The lines of a batch, as the contract loops over `plyrIds` (a missing token or amount is a Panic). */
function lines(plyrIds: string[], tokens: string[], amounts: bigint[]): Line[] {
  return plyrIds.map((plyrId, i) => {
    const token = tokens[i];
    const amount = amounts[i];
    if (token === undefined || amount === undefined) throw new Revert('Panic: array out-of-bounds access');
    return { plyrId, token, amount };
  });
}

/** `batchPay`. */
export function batchPay(w: ContractWorld, gameId: string, roomId: bigint, batch: Batch): void {
  for (const line of lines(batch.plyrIds, batch.tokens, batch.amounts)) pay(w, gameId, roomId, line);
}

/** `batchEarn`. */
export function batchEarn(w: ContractWorld, gameId: string, roomId: bigint, batch: Batch): void {
  for (const line of lines(batch.plyrIds, batch.tokens, batch.amounts)) earn(w, gameId, roomId, line);
}

/** Parallel lists of a batch call. */
export interface Batch {
  plyrIds: string[];
  tokens: string[];
  amounts: bigint[];
}

/** `createJoinPay`: create, join everyone, pay each line. */
export function createJoinPay(w: ContractWorld, gameId: string, expiresIn: bigint, batch: Batch): RoomState {
  const room = create(w, gameId, expiresIn);
  for (const plyrId of batch.plyrIds) w.chain.setJoined(room, plyrId, true);
  batchPay(w, gameId, room.roomId, batch);
  return room;
}

/** `joinPay`: join everyone, pay each line. */
export function joinPay(w: ContractWorld, gameId: string, roomId: bigint, batch: Batch): void {
  join(w, gameId, roomId, batch.plyrIds);
  batchPay(w, gameId, roomId, batch);
}

/** `earnLeave`: earn each line, then everyone leaves. */
export function earnLeave(w: ContractWorld, gameId: string, roomId: bigint, batch: Batch): void {
  batchEarn(w, gameId, roomId, batch);
  leave(w, gameId, roomId, batch.plyrIds);
}

/** `earnLeaveEnd`: earn each line, everyone leaves, the room ends (reverts if anything is left in it). */
export function earnLeaveEnd(w: ContractWorld, gameId: string, roomId: bigint, batch: Batch): void {
  earnLeave(w, gameId, roomId, batch);
  end(w, gameId, roomId);
}
