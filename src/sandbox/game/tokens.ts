/**
 * The sandbox's token list (docs/platform/plyr-game.md#tokens-and-amounts): the platform's testnet list cut down to
 * the two tokens the sandbox keeps books for, `plyr` (the native coin) and `gamr`. `GET /api/tokenlist` serves it
 * as the platform serves its cached copy of the public list, with the price fields the platform adds (no price
 * source is reachable offline, so `price` and `priceSource` are `null`).
 */
import { TOKEN_LIST } from '../plyr/approvals.js';

/** The token names the books know, in the order the platform's balance answer lists them. */
export const BOOK_TOKENS = Object.keys(TOKEN_LIST);

/** Decimals of a known token name (lower-case). */
export const decimalsOf = (token: string): number => TOKEN_LIST[token]?.decimals ?? 18;

const CHAIN = {
  nativeChainId: 62831,
  nativeChainName: 'PLYR',
  nativeChainLogoURI: 'https://plyr.network/api_icons/chains/62831.png',
};

/** The entries of the public token list for the sandbox's tokens (chain 62831, PLYR TAU testnet). */
const TOKENS = [
  {
    chainId: 62831,
    address: TOKEN_LIST.plyr!.address,
    name: 'PLYR',
    symbol: 'PLYR',
    decimals: 18,
    logoURI: 'https://plyr.network/api_icons/plyr.png',
    apiId: 'plyr',
    website: 'https://plyr.network',
    category: 'layer1',
    shortDescription: 'PLYR is the native token for PLYR Network',
    ...CHAIN,
    nativeContractAddress: TOKEN_LIST.plyr!.address,
    isGameStake: true,
    disabledOnUI: false,
  },
  {
    chainId: 62831,
    address: TOKEN_LIST.gamr!.address,
    name: 'GAMR',
    symbol: 'GAMR',
    decimals: 18,
    logoURI: 'https://plyr.network/api_icons/gamr.png',
    apiId: 'gamr',
    website: 'https://plyr.network',
    category: 'gaming',
    shortDescription: 'GAMR is the token for PLYR gaming platform',
    ...CHAIN,
    nativeContractAddress: TOKEN_LIST.gamr!.address,
    isGameStake: true,
    disabledOnUI: false,
  },
];

const REFRESH_MS = 10 * 60 * 1000;

/** The token-list object at `nowMs`: the list's header, then each token with its price fields. */
export function tokenList(nowMs: number): { tokens: Record<string, unknown>[] } & Record<string, unknown> {
  // The platform refreshes every 10 minutes; the stamps say when this copy was made and when the next one is due.
  const updatedAt = new Date(nowMs - (nowMs % REFRESH_MS)).toISOString();
  const nextUpdatedAt = new Date(nowMs - (nowMs % REFRESH_MS) + REFRESH_MS).toISOString();
  return {
    name: 'PLYR[API] Tokenlist',
    timestamp: '2025-05-29T00:05:00Z',
    version: { major: 0, minor: 1, patch: 36 },
    tokens: TOKENS.map((t) => ({ ...t, price: null, priceSource: null, updatedAt, nextUpdatedAt })),
  };
}
