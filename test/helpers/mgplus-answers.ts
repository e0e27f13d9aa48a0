/**
 * MG+ answers for stand-ins of MG+ (stub servers, fake `fetch`): the relay reads them with the studio's MG+ client,
 * so they must be as well-formed as the guide requires.
 */

/** A well-formed MG+ authenticate answer (the guide's wire format); `overrides` replace or add fields. */
export function authenticateAnswer(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    playerId: '44-10000-00042',
    playerToken: 'stub-player-token-0123456789abcd',
    brand: 'plyr_social',
    balance: 25.5,
    balanceInfo: { currency: 'eur', currencyTruncation: 1 },
    sessionInfo: { lobbyUrl: 'https://lobby.example/', depositUrl: 'https://lobby.example/deposit' },
    freeGameInfo: [],
    ...overrides,
  };
}
