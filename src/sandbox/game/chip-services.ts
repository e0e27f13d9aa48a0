/**
 * The agent's chip task functions (the platform's `services/gameChip.js`, docs/platform/plyr-game.md#in-game-chips):
 * names get `.plyr` appended (the mirror wallet's name), amounts are read with `parseEther(amount.toString())`, and
 * the activity log is written per line (type `gameChip`) whatever the receipt says.
 */
import { isAddress } from '../plyr/address.js';
import {
  type AgentContext,
  itemOf,
  listOf,
  RECEIPT_FAILED,
  type Service,
  type ServiceResult,
  uintArray,
} from './agent-context.js';
import type { Receipt } from './chain.js';
import { burnChips, createChip, mintChips, transferChips } from './chips.js';
import { parseEther, textOf, viemError } from './units.js';

const log = (
  ctx: AgentContext,
  plyrId: unknown,
  gameId: unknown,
  action: string,
  data: Record<string, unknown>,
) => ctx.state.logActivity(plyrId, gameId, action, data, 'gameChip');

/** `plyrIds.map(id => id.slice(-5) === '.plyr' ? id : id + '.plyr')`. */
function walletNames(value: unknown, expression: string): string[] {
  if (!Array.isArray(value)) throw new TypeError(`${expression}.map is not a function`);
  return value.map((id: unknown) => {
    if (typeof id !== 'string') throw new TypeError('plyrId.slice is not a function');
    return id.endsWith('.plyr') ? id : `${id}.plyr`;
  });
}

/** `amounts.map(a => parseEther(a.toString()))`, then the uint256 encoding. */
function chipAmounts(value: unknown): bigint[] {
  if (!Array.isArray(value)) throw new TypeError('amounts.map is not a function');
  return value.map((a: unknown) => parseEther(textOf(a)));
}

/** The `address[]` encoding of the chips (viem's strict address check). */
function chipAddresses(value: unknown): string[] {
  if (!Array.isArray(value))
    throw viemError('InvalidArrayError', `Value "${String(value)}" is not a valid array.`);
  for (const chip of value)
    if (!isAddress(chip)) throw viemError('InvalidAddressError', `Address "${String(chip)}" is invalid.`);
  return value as string[];
}

function settle(ctx: AgentContext, receipt: Receipt<unknown>): ServiceResult {
  if (receipt.status !== 'success') throw new Error(RECEIPT_FAILED);
  ctx.afterReceipt();
  return { hash: receipt.hash, result: {} };
}

async function create(p: Record<string, unknown>, ctx: AgentContext): Promise<ServiceResult> {
  const gameId = String(p.gameId);
  const name = String(p.name);
  const symbol = String(p.symbol);
  const image = typeof p.image === 'string' ? p.image : String(p.image ?? '');
  const receipt = await ctx.send({ method: 'createGameChip', gameId, roomId: null }, () =>
    createChip(ctx.world, gameId, name, symbol, image),
  );
  if (receipt.status !== 'success' || !receipt.value) {
    log(ctx, p.gameId, p.gameId, 'create', { gameId: p.gameId, hash: receipt.hash, success: receipt.status });
    throw new Error(RECEIPT_FAILED);
  }
  const chip = receipt.value;
  log(ctx, chip.gameId, chip.gameId, 'create', {
    gameId: chip.gameId,
    chip: chip.chip,
    hash: receipt.hash,
    success: receipt.status,
  });
  ctx.afterReceipt();
  return {
    hash: receipt.hash,
    result: { gameId: chip.gameId, chip: chip.chip, name, symbol, image: p.image, hash: receipt.hash },
  };
}

/** Mint or burn: the same arguments, a different router function. */
const mintOrBurn =
  (action: 'mint' | 'burn'): Service =>
  async (p, ctx) => {
    const names = walletNames(p.plyrIds, 'plyrIds');
    const amounts = chipAmounts(p.amounts);
    const chips = chipAddresses(p.chips);
    uintArray(amounts);
    const method = action === 'mint' ? 'mintGameChips' : 'burnGameChips';
    const run = action === 'mint' ? mintChips : burnChips;
    const receipt = await ctx.send({ method, gameId: String(p.gameId), roomId: null }, () =>
      run(ctx.world, chips, names, amounts),
    );
    const plyrIds = listOf(p.plyrIds);
    for (let i = 0; i < plyrIds.length; i++)
      log(ctx, plyrIds[i], p.gameId, action, {
        gameId: p.gameId,
        plyrId: plyrIds[i],
        hash: receipt.hash,
        chip: itemOf(p.chips, i),
        amount: itemOf(p.amounts, i),
        success: receipt.status,
      });
    return settle(ctx, receipt);
  };

async function transfer(p: Record<string, unknown>, ctx: AgentContext): Promise<ServiceResult> {
  const from = walletNames(p.fromPlyrIds, 'fromPlyrIds');
  const to = walletNames(p.toPlyrIds, 'toPlyrIds');
  const amounts = chipAmounts(p.amounts);
  const chips = chipAddresses(p.chips);
  uintArray(amounts);
  const receipt = await ctx.send(
    { method: 'gameTransferGameChips', gameId: String(p.gameId), roomId: null },
    () => transferChips(ctx.world, chips, from, to, amounts),
  );
  const senders = listOf(p.fromPlyrIds);
  for (let i = 0; i < senders.length; i++)
    log(ctx, senders[i], p.gameId, 'transfer', {
      gameId: p.gameId,
      fromPlyrId: senders[i],
      toPlyrId: itemOf(p.toPlyrIds, i),
      hash: receipt.hash,
      chip: itemOf(p.chips, i),
      amount: itemOf(p.amounts, i),
      success: receipt.status,
    });
  return settle(ctx, receipt);
}

/** The chip task functions by task name. */
export const CHIP_SERVICES: Record<string, Service> = {
  createGameChip: create,
  mintGameChip: mintOrBurn('mint'),
  burnGameChip: mintOrBurn('burn'),
  transferGameChip: transfer,
};
