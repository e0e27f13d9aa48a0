/**
 * Balances, the token list and task status (docs/platform/plyr-game.md#balances-and-the-token-list,
 * docs/platform/plyr-game.md#tasks): `GET /api/user/balance/:plyrId[/:tokenName]` (mirror wallet balances, the
 * PLYR[ID] looked up exactly as given), `GET /api/balance/:address`, `GET /api/tokenlist[/:tokenId]` (no HMAC) and
 * `GET /api/task/status/:id`.
 */
import { getAddress, isAddress } from '../plyr/address.js';
import { TOKEN_LIST } from '../plyr/approvals.js';
import { type Platform, type Route, reply } from '../plyr/context.js';
import { libraryError } from '../plyr/errors.js';
import { hmacAuth } from '../plyr/hmac-auth.js';
import { checkUserExistsInParams } from '../plyr/session-auth.js';
import type { Holder } from './chain.js';
import type { GameEconomy } from './economy.js';
import { BOOK_TOKENS, decimalsOf, tokenList } from './tokens.js';
import { formatUnits } from './units.js';

/** `{plyr, <each other listed token>}` of a holder, `formatUnits` text. */
const balancesOf = (holder: Holder | undefined): Record<string, string> =>
  Object.fromEntries(BOOK_TOKENS.map((t) => [t, formatUnits(holder?.balances.get(t) ?? 0n, decimalsOf(t))]));

/** The wallet routes. */
export function walletRoutes(p: Platform, game: GameEconomy): Route[] {
  const user = hmacAuth(p, 'user');

  /** The holder at an address: a player's mirror, a room, or nothing (zero balances). */
  const holderAt = (address: string): Holder | undefined => {
    const checksummed = getAddress(address);
    for (const u of p.state.users.values()) if (u.mirror === checksummed) return game.accountOfUser(u);
    for (const account of game.chain.accounts.values()) if (account.address === checksummed) return account;
    for (const room of game.chain.rooms.values()) if (room.address === checksummed) return room;
    return undefined;
  };

  return [
    {
      method: 'GET',
      pattern: '/api/user/balance/:plyrId',
      steps: [
        user,
        checkUserExistsInParams(p),
        (ctx) => reply(200, balancesOf(game.accountOfUser(ctx.user!))),
      ],
    },
    {
      method: 'GET',
      pattern: '/api/user/balance/:plyrId/:tokenName',
      steps: [
        user,
        checkUserExistsInParams(p),
        (ctx) => {
          const tokenName = ctx.params.tokenName!;
          if (!isAddress(tokenName) && !TOKEN_LIST[tokenName.toLowerCase()])
            return reply(401, { error: 'Invalid tokenName' });
          const address = isAddress(tokenName)
            ? tokenName.toLowerCase()
            : TOKEN_LIST[tokenName.toLowerCase()]!.address;
          const token = BOOK_TOKENS.find(
            (t) => TOKEN_LIST[t]!.address.toLowerCase() === address.toLowerCase(),
          );
          // A contract that is not a token answers nothing, and viem's read fails.
          if (!token)
            throw libraryError(
              'The contract function "balanceOf" returned no data ("0x").',
              'ContractFunctionExecutionError',
            );
          const held = game.accountOfUser(ctx.user!).balances.get(token) ?? 0n;
          return reply(200, { [tokenName]: formatUnits(held, decimalsOf(token)) });
        },
      ],
    },
    {
      method: 'GET',
      pattern: '/api/balance/:address',
      steps: [
        user,
        (ctx) => {
          const address = ctx.params.address!;
          if (!isAddress(address)) return reply(400, { error: 'Invalid address' });
          return reply(200, balancesOf(holderAt(address)));
        },
      ],
    },
    { method: 'GET', pattern: '/api/tokenlist', steps: [() => reply(200, tokenList(p.now()))] },
    {
      method: 'GET',
      pattern: '/api/tokenlist/:tokenId',
      steps: [
        (ctx) => {
          const list = tokenList(p.now());
          const tokens = list.tokens.filter((t) => t.apiId === ctx.params.tokenId);
          // Not found: 404 with the list object and no tokens (the `{error}` body is overwritten).
          return reply(tokens.length > 0 ? 200 : 404, { ...list, tokens });
        },
      ],
    },
    {
      method: 'GET',
      pattern: '/api/task/status/:id',
      steps: [user, (ctx) => reply(200, game.tasks.status(ctx.params.id!))],
    },
  ];
}
