/**
 * The agent's room task functions (the platform's `services/game.js`, docs/platform/plyr-game.md#tasks): read the
 * queued params as the platform does, send one transaction, write the activity log (`data.hash`, `data.success`)
 * whatever the receipt says, throw `Transaction Receipt Failed` on a revert, and after a successful pay-type
 * transaction spend the allowances. `closeGameRoom` always fails: the contract's `close` takes a third argument
 * (`team`) that the platform never passes, so encoding throws before anything is sent.
 */
import { lowerOrThrow } from '../plyr/errors.js';
import {
  type AgentContext,
  itemOf,
  listOf,
  RECEIPT_FAILED,
  type ResolvedLines,
  resolveLines,
  type Service,
  type ServiceResult,
  stringArray,
  uintArray,
} from './agent-context.js';
import { spendAllowances } from './allowances.js';
import type { Receipt } from './chain.js';
import * as contract from './contract.js';
import { textOf, uint256, viemError } from './units.js';

const log = (
  ctx: AgentContext,
  plyrId: unknown,
  gameId: unknown,
  action: string,
  data: Record<string, unknown>,
) => ctx.state.logActivity(plyrId, gameId, action, data, 'game');

/** Ends the task after the log: a revert throws, a success passes the agent's failure point. */
function settle(ctx: AgentContext, receipt: Receipt<unknown>): void {
  if (receipt.status !== 'success') throw new Error(RECEIPT_FAILED);
  ctx.afterReceipt();
}

/** Sends a batch call (lines, room id and player list encoded first, in the argument order). */
async function sendBatch(
  ctx: AgentContext,
  method: string,
  p: Record<string, unknown>,
  lines: ResolvedLines,
  run: (gameId: string, roomId: bigint, batch: contract.Batch) => void,
): Promise<Receipt<void>> {
  const gameId = String(p.gameId);
  const roomId = uint256(p.roomId);
  const batch = { plyrIds: stringArray(p.plyrIds), tokens: lines.tokens, amounts: uintArray(lines.amounts) };
  return ctx.send({ method, gameId, roomId: String(roomId) }, () => run(gameId, roomId, batch));
}

/** Logs one line per player of a batch, as the platform's loops do. */
function logLines(
  ctx: AgentContext,
  p: Record<string, unknown>,
  action: string,
  receipt: Receipt<unknown>,
  roomId: unknown,
): void {
  const plyrIds = listOf(p.plyrIds);
  for (let i = 0; i < plyrIds.length; i++) {
    log(ctx, plyrIds[i], p.gameId, action, {
      gameId: p.gameId,
      roomId,
      token: lowerOrThrow(itemOf(p.tokens, i), 'tokens[i]'),
      amount: itemOf(p.amounts, i),
      hash: receipt.hash,
      success: receipt.status,
    });
  }
}

const done = (receipt: Receipt<unknown>, result: Record<string, unknown> = {}): ServiceResult => ({
  hash: receipt.hash,
  result,
});

/** Earn-family calls: earn lines, then whatever else the contract does. */
const earnFamily =
  (method: string, action: string, run: typeof contract.batchEarn): Service =>
  async (p, ctx) => {
    const lines = resolveLines(p.tokens, p.amounts, true);
    const receipt = await sendBatch(ctx, method, p, lines, (g, r, b) => run(ctx.world, g, r, b));
    logLines(ctx, p, action, receipt, p.roomId);
    settle(ctx, receipt);
    return done(receipt);
  };

/** Pay-family calls: pay lines, log, and spend the allowances after a success. */
const payFamily =
  (method: string, action: string, run: typeof contract.batchPay): Service =>
  async (p, ctx) => {
    const lines = resolveLines(p.tokens, p.amounts, false);
    const receipt = await sendBatch(ctx, method, p, lines, (g, r, b) => run(ctx.world, g, r, b));
    logLines(ctx, p, action, receipt, textOf(p.roomId, 'roomId'));
    settle(ctx, receipt);
    spendAllowances(ctx.state, String(p.gameId), listOf(p.plyrIds), listOf(p.tokens), listOf(p.amounts));
    return done(receipt);
  };

/** Join or leave. */
const membership =
  (method: 'join' | 'leave'): Service =>
  async (p, ctx) => {
    const gameId = String(p.gameId);
    const roomId = uint256(p.roomId);
    const plyrIds = stringArray(p.plyrIds);
    const receipt = await ctx.send({ method, gameId, roomId: String(roomId) }, () =>
      (method === 'join' ? contract.join : contract.leave)(ctx.world, gameId, roomId, plyrIds),
    );
    for (const plyrId of listOf(p.plyrIds))
      log(ctx, plyrId, p.gameId, method, {
        gameId: p.gameId,
        roomId: p.roomId,
        hash: receipt.hash,
        success: receipt.status,
      });
    settle(ctx, receipt);
    return done(receipt);
  };

async function createRoom(p: Record<string, unknown>, ctx: AgentContext): Promise<ServiceResult> {
  const gameId = String(p.gameId);
  const expiresIn = uint256(p.expiresIn);
  const receipt = await ctx.send({ method: 'create', gameId, roomId: null }, () =>
    contract.create(ctx.world, gameId, expiresIn),
  );
  if (receipt.status !== 'success' || !receipt.value) {
    log(ctx, p.gameId, p.gameId, 'create', { gameId: p.gameId, hash: receipt.hash, success: receipt.status });
    throw new Error(RECEIPT_FAILED);
  }
  const room = receipt.value;
  receipt.transaction.roomId = String(room.roomId);
  const result = { gameId: room.gameId, roomId: String(room.roomId), roomAddress: room.address };
  log(ctx, room.gameId, room.gameId, 'create', { ...result, hash: receipt.hash, success: receipt.status });
  ctx.afterReceipt();
  return done(receipt, result);
}

async function createJoinPay(p: Record<string, unknown>, ctx: AgentContext): Promise<ServiceResult> {
  const lines = resolveLines(p.tokens, p.amounts, false);
  const gameId = String(p.gameId);
  const expiresIn = uint256(p.expiresIn);
  const batch = { plyrIds: stringArray(p.plyrIds), tokens: lines.tokens, amounts: uintArray(lines.amounts) };
  const receipt = await ctx.send({ method: 'createJoinPay', gameId, roomId: null }, () =>
    contract.createJoinPay(ctx.world, gameId, expiresIn, batch),
  );
  const plyrIds = listOf(p.plyrIds);
  const lineData = (i: number) => ({
    token: lowerOrThrow(itemOf(p.tokens, i), 'tokens[i]'),
    amount: itemOf(p.amounts, i),
    hash: receipt.hash,
    success: receipt.status,
  });
  if (receipt.status !== 'success' || !receipt.value) {
    for (let i = 0; i < plyrIds.length; i++)
      log(ctx, plyrIds[i], p.gameId, 'createJoinPay', { gameId: p.gameId, ...lineData(i) });
    throw new Error(RECEIPT_FAILED);
  }
  const room = receipt.value;
  const roomId = String(room.roomId);
  receipt.transaction.roomId = roomId;
  for (let i = 0; i < plyrIds.length; i++)
    log(ctx, plyrIds[i], room.gameId, 'createJoinPay', { gameId: room.gameId, roomId, ...lineData(i) });
  ctx.afterReceipt();
  spendAllowances(ctx.state, gameId, plyrIds, listOf(p.tokens), listOf(p.amounts));
  return done(receipt, { gameId: room.gameId, roomId, roomAddress: room.address });
}

async function endRoom(p: Record<string, unknown>, ctx: AgentContext): Promise<ServiceResult> {
  const gameId = String(p.gameId);
  const roomId = uint256(p.roomId);
  const receipt = await ctx.send({ method: 'end', gameId, roomId: String(roomId) }, () =>
    contract.end(ctx.world, gameId, roomId),
  );
  log(ctx, p.gameId, p.gameId, 'end', {
    gameId: p.gameId,
    roomId: p.roomId,
    hash: receipt.hash,
    success: receipt.status,
  });
  settle(ctx, receipt);
  return done(receipt);
}

async function closeRoom(): Promise<ServiceResult> {
  throw viemError(
    'AbiEncodingLengthMismatchError',
    'ABI encoding params/values length mismatch.\nExpected length (params): 3\nGiven length (values): 2',
  );
}

/** The room task functions by task name. */
export const ROOM_SERVICES: Record<string, Service> = {
  createGameRoom: createRoom,
  joinGameRoom: membership('join'),
  leaveGameRoom: membership('leave'),
  batchPayGameRoom: payFamily('batchPay', 'pay', contract.batchPay),
  joinPayGameRoom: payFamily('joinPay', 'joinPay', contract.joinPay),
  createJoinPayGameRoom: createJoinPay,
  batchEarnGameRoom: earnFamily('batchEarn', 'earn', contract.batchEarn),
  earnLeaveGameRoom: earnFamily('earnLeave', 'earnLeave', contract.earnLeave),
  earnLeaveEndGameRoom: earnFamily('earnLeaveEnd', 'earnLeaveEnd', contract.earnLeaveEnd),
  endGameRoom: endRoom,
  closeGameRoom: closeRoom,
};
