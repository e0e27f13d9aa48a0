/**
 * In-game chip routes (docs/platform/plyr-game.md#in-game-chips): create, mint, burn, transfer (always sync: the
 * task-status object on SUCCESS, **500 `{error}`** on FAILED or TIMEOUT, so a 500 can hide a chip move that happened),
 * and the balance and info reads. The chip controllers catch nothing: a bad chip address is a 500 with a stack.
 */
import { field, type Platform, type RequestContext, type Route, reply } from '../plyr/context.js';
import { hmacAuth } from '../plyr/hmac-auth.js';
import { type ChipState, holderCount } from './chips.js';
import type { GameEconomy } from './economy.js';
import type { GameTaskName } from './task-names.js';
import { formatEther, viemError } from './units.js';

/** viem's lenient `getAddress`: any 0x + 40 hex digits, checksummed; anything else `InvalidAddressError`. */
function chipAddress(value: unknown): string {
  if (typeof value !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(value))
    throw viemError('InvalidAddressError', `Address "${String(value)}" is invalid.`);
  return value.toLowerCase();
}

/** The chip routes. */
export function chipRoutes(p: Platform, game: GameEconomy): Route[] {
  const user = hmacAuth(p, 'user');
  const gameOf = (ctx: RequestContext) => ctx.apiKey!.plyrId.toLowerCase();

  /** `insertTask(…, sync = true)`, then 200 with the status object or 500 with its `errorMessage`. */
  const runChipTask = async (name: GameTaskName, params: Record<string, unknown>) => {
    const answer = await game.waitSync(game.enqueue(name, params));
    if (answer.status === 'SUCCESS') return reply(200, answer);
    return reply(500, { error: 'errorMessage' in answer ? answer.errorMessage : undefined });
  };

  /** `isChipsBelongToGame`: every chip a chip of this game. */
  const allOwned = (gameId: string, chips: unknown): boolean => {
    const list = Array.isArray(chips) ? chips : typeof chips === 'string' ? [...chips] : [];
    return list.every((chip) => game.chips.get(chipAddress(chip))?.gameId === gameId);
  };

  /** mint and burn. */
  const supply = (name: 'mintGameChip' | 'burnGameChip') => async (ctx: RequestContext) => {
    const [chips, plyrIds, amounts] = ['chips', 'plyrIds', 'amounts'].map((k) => field(ctx.body, k));
    if (!chips || !plyrIds || !amounts)
      return reply(400, { error: 'chip, plyrIds, and amounts are required' });
    if ((plyrIds as { length?: unknown }).length !== (amounts as { length?: unknown }).length)
      return reply(400, { error: 'plyrIds and amounts must be the same length' });
    if (!allOwned(gameOf(ctx), chips)) return reply(400, { error: 'chips do not belong to this game' });
    return runChipTask(name, { gameId: gameOf(ctx), chips, plyrIds, amounts });
  };

  const view = (chip: ChipState) => ({ name: chip.name, symbol: chip.symbol, image: chip.image });

  return [
    {
      method: 'POST',
      pattern: '/api/game/chip/create',
      steps: [
        user,
        (ctx) => {
          const [name, symbol, image] = ['name', 'symbol', 'image'].map((k) => field(ctx.body, k));
          if (!name || !symbol) return reply(400, { error: 'name, symbol, and image are required' });
          return runChipTask('createGameChip', { gameId: gameOf(ctx), name, symbol, image: image || '' });
        },
      ],
    },
    { method: 'POST', pattern: '/api/game/chip/mint', steps: [user, supply('mintGameChip')] },
    { method: 'POST', pattern: '/api/game/chip/burn', steps: [user, supply('burnGameChip')] },
    {
      method: 'POST',
      pattern: '/api/game/chip/transfer',
      steps: [
        user,
        (ctx) => {
          const [chips, fromPlyrIds, toPlyrIds, amounts] = [
            'chips',
            'fromPlyrIds',
            'toPlyrIds',
            'amounts',
          ].map((k) => field(ctx.body, k));
          if (!chips || !fromPlyrIds || !toPlyrIds || !amounts)
            return reply(400, { error: 'chip, fromPlyrIds, toPlyrIds, and amounts are required' });
          const length = (v: unknown) => (v as { length?: unknown }).length;
          if (length(fromPlyrIds) !== length(amounts) || length(toPlyrIds) !== length(amounts))
            return reply(400, { error: 'fromPlyrIds, toPlyrIds, and amounts must be the same length' });
          if (!allOwned(gameOf(ctx), chips)) return reply(400, { error: 'chips do not belong to this game' });
          return runChipTask('transferGameChip', {
            gameId: gameOf(ctx),
            chips,
            fromPlyrIds,
            toPlyrIds,
            amounts,
          });
        },
      ],
    },
    {
      method: 'GET',
      pattern: '/api/game/chip/balance',
      steps: [
        user,
        (ctx) => {
          const plyrId = ctx.query.get('plyrId');
          const gameId = ctx.query.get('gameId');
          const chip = ctx.query.get('chip');
          if (!plyrId) return reply(400, { error: 'plyrId is required' });
          const holder = p.state.users.get(plyrId.toLowerCase());
          if (!holder) return reply(404, { error: 'user not found' });
          const wanted = chip === null ? undefined : chipAddress(chip);
          const found = [...game.chips.values()].filter(
            (c) =>
              (gameId === null || c.gameId === gameId.toLowerCase()) &&
              (!wanted || c.chip.toLowerCase() === wanted),
          );
          if (found.length === 0) return reply(404, { error: 'chip not found' });
          const wallet = game.accountOfUser(holder).address;
          const answer: Record<string, Record<string, unknown>> = {};
          for (const c of found) {
            answer[c.gameId] ??= {};
            answer[c.gameId]![c.chip] = { ...view(c), balance: formatEther(c.balances.get(wallet) ?? 0n) };
          }
          return reply(200, answer);
        },
      ],
    },
    {
      method: 'GET',
      pattern: '/api/game/chip/info',
      steps: [
        user,
        (ctx) => {
          const gameId = ctx.query.get('gameId');
          const chip = ctx.query.get('chip');
          if (!gameId && !chip) return reply(400, { error: 'gameId or chip are required' });
          const wanted = chip ? chipAddress(chip) : undefined;
          const found = [...game.chips.values()].filter(
            (c) =>
              (!gameId || c.gameId === gameId.toLowerCase()) && (!wanted || c.chip.toLowerCase() === wanted),
          );
          if (found.length === 0) return reply(404, { error: 'chip not found' });
          return reply(
            200,
            found.map((c) => ({
              gameId: c.gameId,
              chip: c.chip,
              ...view(c),
              totalSupply: formatEther(c.totalSupply),
              holderCount: String(holderCount(c)),
            })),
          );
        },
      ],
    },
  ];
}
