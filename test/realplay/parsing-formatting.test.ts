/**
 * The client's pure parts: launch-token reading and checks, the authenticate answer parser, balance formatting
 * (currencies, crypto, virtual coins, truncation), bet limits and platform detection.
 */
import { describe, expect, it } from '@jest/globals';
import { isPlyrError, type PlyrError } from '../../src/core/errors.js';
import {
  betLimits,
  checkLaunchToken,
  clampBet,
  detectPlatform,
  formatBalance,
  isLaunchToken,
  LAUNCH_TOKEN_PATTERN,
  MAX_LAUNCH_TOKEN_LENGTH,
  parseAuthenticateResponse,
  parseFreeGameInfo,
  readLaunchToken,
  realAmount,
} from '../../src/realplay/index.js';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (claims: Record<string, unknown>) =>
  `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}.c2lnbmF0dXJl`;
const NOW = Date.UTC(2030, 0, 1);

function thrown(fn: () => unknown): PlyrError {
  try {
    fn();
  } catch (error) {
    if (isPlyrError(error)) return error;
    throw error;
  }
  throw new Error('did not throw');
}

describe('readLaunchToken', () => {
  it('reads the default launchToken parameter, or a configured one', () => {
    expect(readLaunchToken('https://game.example/play?x=1&launchToken=a.b.c')).toBe('a.b.c');
    expect(readLaunchToken('https://game.example/?token=a.b.c', 'token')).toBe('a.b.c');
  });

  it.each([
    'https://game.example/play',
    'https://game.example/play?launchToken=',
    'https://game.example/play?launchToken=%20',
    'https://game.example/play?LaunchToken=a.b.c',
    'not a url',
  ])('throws LAUNCH_TOKEN_MISSING for %p', (url) => {
    expect(thrown(() => readLaunchToken(url)).code).toBe('LAUNCH_TOKEN_MISSING');
  });

  it('names the configured parameter in the message', () => {
    expect(thrown(() => readLaunchToken('https://g.example/', 'lt')).message).toContain('"lt"');
  });
});

describe('checkLaunchToken', () => {
  it('accepts the MG+ guide example and other opaque tokens: MG+ judges them', () => {
    for (const token of [
      'eyJhbG9hshdgjh38Gsjsk3jdl',
      'abc.def',
      'a.b.c.d',
      'a+b/c==',
      'not-a-jwt',
      '0123456789abcdef',
      'x',
      '~!$%&*()',
      'A'.repeat(4096),
    ])
      expect(checkLaunchToken(token)).toEqual({});
    expect(isLaunchToken('eyJhbG9hshdgjh38Gsjsk3jdl')).toBe(true);
    expect(LAUNCH_TOKEN_PATTERN.test('A'.repeat(MAX_LAUNCH_TOKEN_LENGTH))).toBe(true);
  });

  it("reads a JWT's exp as a hint only, and never refuses by the local clock", () => {
    expect(checkLaunchToken(jwt({ sub: 'p', exp: NOW / 1000 + 60 }))).toEqual({ expiresAt: NOW + 60_000 });
    // Long past by any clock: still sent, MG+ decides.
    expect(checkLaunchToken(jwt({ sub: 'p', exp: 1 }))).toEqual({ expiresAt: 1000 });
    expect(checkLaunchToken(jwt({ sub: 'p' }))).toEqual({});
    expect(checkLaunchToken(jwt({ sub: 'p', exp: 'tomorrow' }))).toEqual({});
    expect(checkLaunchToken('AAAA.BBBB.CCCC')).toEqual({});
    expect(checkLaunchToken(`${b64({ alg: 'HS256' })}.${b64([1])}.sig`)).toEqual({});
  });

  it.each([
    ['empty', ''],
    ['a number', 42],
    ['null', null],
    ['too long', 'A'.repeat(MAX_LAUNCH_TOKEN_LENGTH + 1)],
    ['a space', 'abc def'],
    ['a line break', 'abc\ndef'],
    ['a control character', 'abc\u0000'],
    ['non-ASCII', 'tökén'],
  ])('rejects %s with LAUNCH_TOKEN_INVALID, without the token in the message', (_name, token) => {
    const error = thrown(() => checkLaunchToken(token));
    expect(error.code).toBe('LAUNCH_TOKEN_INVALID');
    if (typeof token === 'string' && token !== '') expect(error.message).not.toContain(token);
    expect(isLaunchToken(token)).toBe(false);
  });
});

const answer = () => ({
  playerId: '44-12345-67890',
  playerToken: 'secret-player-token',
  brand: 'test_brand',
  balance: 1500.5,
  balanceInfo: { currency: 'USD', currencyTruncation: 1 },
  sessionInfo: {
    lobbyUrl: 'https://operator.example/lobby',
    depositUrl: 'https://operator.example/deposit',
    gameConfig: {
      maxExposure: 5000,
      minBet: 0.1,
      maxBet: 100,
      defaultBet: '1.5',
      paylines: 20,
      reels: [5, 3],
    },
  },
  freeGameInfo: [
    {
      instanceId: 1,
      offerId: 99,
      offerName: 'Sample Free Spins',
      instanceInfo: {
        canBeRejected: false,
        nearestCostPerBet: 5,
        numberOfRoundsRemaining: 3,
        numberOfRoundsAwarded: 10,
        instanceStartDateUtc: '2025-05-23T11:54:37Z',
        instanceEndDateUtc: '2025-05-25T13:34:37.250Z',
      },
    },
  ],
});

describe('parseAuthenticateResponse', () => {
  it('types every field, keeps extra gameConfig keys and parses free-game dates', () => {
    const { player, playerToken } = parseAuthenticateResponse(answer());
    expect(playerToken).toBe('secret-player-token');
    expect(player).toEqual({
      playerId: '44-12345-67890',
      brand: 'test_brand',
      isTestPlayer: true,
      balance: 1500.5,
      currency: 'usd',
      currencyTruncation: 1,
      lobbyUrl: 'https://operator.example/lobby',
      depositUrl: 'https://operator.example/deposit',
      gameConfig: {
        maxExposure: 5000,
        minBet: 0.1,
        maxBet: 100,
        defaultBet: 1.5,
        paylines: 20,
        reels: [5, 3],
      },
      freeGames: [
        {
          instanceId: 1,
          offerId: 99,
          offerName: 'Sample Free Spins',
          canBeRejected: false,
          nearestCostPerBet: 5,
          numberOfRoundsRemaining: 3,
          numberOfRoundsAwarded: 10,
          startsAt: new Date(Date.UTC(2025, 4, 23, 11, 54, 37)),
          endsAt: new Date(Date.UTC(2025, 4, 25, 13, 34, 37, 250)),
        },
      ],
    });
    expect(player).not.toHaveProperty('playerToken');
  });

  it('reads property names case-insensitively', () => {
    const { player } = parseAuthenticateResponse({
      PlayerId: 'p-1',
      PLAYERTOKEN: 't',
      brand: 'b',
      Balance: 2,
      BalanceInfo: { Currency: 'eur', CurrencyTruncation: 1 },
      sessioninfo: { GameConfig: { MinBet: 1, MAXBET: 2 } },
      FreeGameInfo: [],
    });
    expect(player).toMatchObject({ playerId: 'p-1', balance: 2, currency: 'eur', isTestPlayer: false });
    expect(player.gameConfig).toEqual({ minBet: 1, maxBet: 2 });
  });

  it('allows the optional parts to be absent (sessionInfo itself is required, its fields are not)', () => {
    const { player } = parseAuthenticateResponse({
      playerId: 'p',
      playerToken: 't',
      brand: 'b',
      balance: 0,
      balanceInfo: { currency: 'eur', currencyTruncation: 1 },
      sessionInfo: {},
    });
    expect(player).toEqual({
      playerId: 'p',
      brand: 'b',
      isTestPlayer: false,
      balance: 0,
      currency: 'eur',
      currencyTruncation: 1,
      gameConfig: {},
      freeGames: [],
    });
  });

  it("reads the relay's sessionId, with or without the player token (kept only when the relay passes it)", () => {
    const { playerToken: _token, ...withoutToken } = answer();
    expect(parseAuthenticateResponse({ ...withoutToken, sessionId: 'rp_1.abc' })).toMatchObject({
      sessionId: 'rp_1.abc',
      playerToken: null,
    });
    expect(parseAuthenticateResponse({ ...answer(), SessionId: 'rp_2' })).toMatchObject({
      sessionId: 'rp_2',
      playerToken: 'secret-player-token',
    });
    expect(parseAuthenticateResponse(answer())).toMatchObject({
      sessionId: null,
      playerToken: 'secret-player-token',
    });
  });

  it('drops lobby and deposit URLs that are not http(s), since games navigate to them', () => {
    const body = answer();
    body.sessionInfo.lobbyUrl = 'javascript:alert(1)';
    body.sessionInfo.depositUrl = '/relative';
    const { player } = parseAuthenticateResponse(body);
    expect(player.lobbyUrl).toBeUndefined();
    expect(player.depositUrl).toBeUndefined();
  });

  const broken: Array<[string, (b: ReturnType<typeof answer>) => unknown]> = [
    ['no playerId', (b) => ({ ...b, playerId: undefined })],
    ['neither playerToken nor sessionId', (b) => ({ ...b, playerToken: '' })],
    ['a sessionId that is not a string', (b) => ({ ...b, sessionId: 42 })],
    ['a sessionId with spaces', (b) => ({ ...b, sessionId: 'a b' })],
    ['a playerToken that is not a string', (b) => ({ ...b, playerToken: 7, sessionId: 's' })],
    ['a string balance that is not a number', (b) => ({ ...b, balance: 'lots' })],
    ['no balanceInfo', (b) => ({ ...b, balanceInfo: undefined })],
    // The guide marks sessionInfo required.
    ['no sessionInfo', (b) => ({ ...b, sessionInfo: undefined })],
    ['a null sessionInfo', (b) => ({ ...b, sessionInfo: null })],
    ['a sessionInfo that is not an object', (b) => ({ ...b, sessionInfo: 'lobby' })],
    ['a truncation of 0', (b) => ({ ...b, balanceInfo: { currency: 'eur', currencyTruncation: 0 } })],
    ['a fractional truncation', (b) => ({ ...b, balanceInfo: { currency: 'eur', currencyTruncation: 1.5 } })],
    ['a negative minBet', (b) => ({ ...b, sessionInfo: { gameConfig: { minBet: -1 } } })],
    ['freeGameInfo not an array', (b) => ({ ...b, freeGameInfo: {} })],
    [
      'a free-game date without zone',
      (b) => {
        b.freeGameInfo[0]!.instanceInfo.instanceEndDateUtc = '2025-05-25T13:34:37';
        return b;
      },
    ],
    [
      'a free-game date that is not a date',
      (b) => {
        b.freeGameInfo[0]!.instanceInfo.instanceStartDateUtc = '2025-13-45T99:00:00Z';
        return b;
      },
    ],
    [
      'a non-integer round count',
      (b) => {
        b.freeGameInfo[0]!.instanceInfo.numberOfRoundsRemaining = 2.5;
        return b;
      },
    ],
    ['an array body', () => []],
  ];
  it.each(broken)('throws SERVER for %s, without the player token in the cause', (_name, mutate) => {
    const error = thrown(() => parseAuthenticateResponse(mutate(answer())));
    expect(error.code).toBe('SERVER');
    expect(JSON.stringify(error.cause ?? null)).not.toContain('secret-player-token');
  });

  it('keeps the session id out of an error cause too', () => {
    const error = thrown(() =>
      parseAuthenticateResponse({ ...answer(), sessionId: 'secret-session', brand: '' }),
    );
    expect(JSON.stringify(error.cause)).not.toContain('secret-session');
  });
});

describe('parseFreeGameInfo', () => {
  it('parses an MG+ freeGameInfo list as authenticate does, and no list as no offers', () => {
    const raw = answer().freeGameInfo;
    expect(parseFreeGameInfo(raw)).toEqual(parseAuthenticateResponse(answer()).player.freeGames);
    expect(parseFreeGameInfo(undefined)).toEqual([]);
    expect(parseFreeGameInfo(null)).toEqual([]);
  });

  it('throws SERVER for a malformed list', () => {
    const error = thrown(() => parseFreeGameInfo([{ offerId: 1 }]));
    expect(error.code).toBe('SERVER');
    expect(error.message).toMatch(/freeGameInfo\[0\]/);
    expect(thrown(() => parseFreeGameInfo({})).code).toBe('SERVER');
  });
});

describe('formatBalance', () => {
  const en = (amount: number, currency: string, currencyTruncation = 1) =>
    formatBalance(amount, { currency, currencyTruncation, locale: 'en-US' });

  it('formats ISO currencies with Intl (lower- or upper-case codes)', () => {
    expect(en(1000.5, 'eur')).toBe('€1,000.50');
    expect(en(1000.5, 'USD')).toBe('$1,000.50');
    expect(en(1234, 'jpy')).toBe('¥1,234');
    expect(formatBalance(1000.5, { currency: 'eur', locale: 'de-DE' })).toBe('1.000,50\u00a0€');
  });

  it('shows a balance with truncation > 1 as MG+ reports it (already scaled), not divided again', () => {
    // The guide: "1 VND shown represents 1000 VND"; games display the reported balance.
    expect(en(1500.5, 'idr', 1000)).toBe('IDR\u00a01,500.50');
    expect(formatBalance(1500.5, { currency: 'idr', currencyTruncation: 1000, locale: 'en-US' })).toBe(
      en(1500.5, 'idr'),
    );
    expect(en(123.45, 'eur', 10)).toBe('€123.45');
    expect(en(2500, 'gc', 100)).toBe('2,500 GC');
  });

  it('gives the real amount (balance × truncation) for reporting only', () => {
    expect(realAmount(1500.5, 1000)).toBe(1_500_500);
    expect(realAmount(1.1, 1000)).toBe(1100);
    expect(realAmount(12.34, 1)).toBe(12.34);
    expect(realAmount(12.34)).toBe(12.34);
    expect(realAmount(25.01, 100)).toBe(2501);
  });

  it('formats crypto with its own precision and label', () => {
    expect(en(0.05234567, 'btc')).toBe('0.05234567 BTC');
    expect(en(0.05, 'BTC')).toBe('0.05 BTC');
    expect(en(52.345678, 'mbtc')).toBe('52.34568 mBTC');
    expect(en(1234.5, 'usdt')).toBe('1,234.50 USDT');
  });

  it('formats virtual coins as a number and the code', () => {
    expect(en(2500, 'gc', 100)).toBe('2,500 GC');
    expect(en(2500.5, 'gc', 100)).toBe('2,500.50 GC');
    expect(en(2500.01, 'gc')).toBe('2,500.01 GC');
    expect(en(42, 'coins')).toBe('42 COINS');
  });

  it('uses registered currencies before the built-in table', () => {
    expect(
      formatBalance(12.3456, {
        currency: 'sc',
        locale: 'en-US',
        currencies: { sc: { label: 'Sweeps', digits: 3 } },
      }),
    ).toBe('12.346 Sweeps');
    expect(
      formatBalance(1, { currency: 'btc', locale: 'en-US', currencies: { btc: { label: '₿', digits: 2 } } }),
    ).toBe('1.00 ₿');
  });
});

describe('bet limits', () => {
  it('start at the default bet, clamped into the range', () => {
    expect(betLimits({ minBet: 0.1, maxBet: 100, defaultBet: 1 })).toEqual({
      min: 0.1,
      max: 100,
      default: 1,
    });
    expect(betLimits({ minBet: 0.1, maxBet: 100, defaultBet: 500 }).default).toBe(100);
    expect(betLimits({ minBet: 0.5, maxBet: 100 }).default).toBe(0.5);
  });

  it('ignore maxExposure, a payout (liability) cap and not a bet limit', () => {
    expect(betLimits({ minBet: 1, maxExposure: 50 }).max).toBe(Number.POSITIVE_INFINITY);
    expect(betLimits({ minBet: 1, maxBet: 100, defaultBet: 80, maxExposure: 50 })).toEqual({
      min: 1,
      max: 100,
      default: 80,
    });
    expect(clampBet(90, betLimits({ minBet: 1, maxBet: 100, maxExposure: 50 }))).toBe(90);
    expect(betLimits({})).toEqual({ min: 0, max: Number.POSITIVE_INFINITY, default: 0 });
  });

  it('refuse a range with minBet above maxBet', () => {
    expect(thrown(() => betLimits({ minBet: 10, maxBet: 1 })).code).toBe('SERVER');
  });

  it('clamp bets to the range', () => {
    const range = { min: 0.1, max: 100 };
    expect(clampBet(0.01, range)).toBe(0.1);
    expect(clampBet(250, range)).toBe(100);
    expect(clampBet(2.5, range)).toBe(2.5);
    expect(clampBet(Number.NaN, range)).toBe(0.1);
  });
});

describe('detectPlatform', () => {
  it.each([
    [{ userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148' }, 'mobile'],
    [{ userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) Chrome/120 Mobile Safari/537.36' }, 'mobile'],
    [
      { userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) Safari/605.1.15', maxTouchPoints: 5 },
      'mobile',
    ],
    [{ userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120', userAgentData: { mobile: true } }, 'mobile'],
    [
      { userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) Safari/605.1.15', maxTouchPoints: 0 },
      'desktop',
    ],
    [{ userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120' }, 'desktop'],
    [undefined, 'desktop'],
  ])('%p → %s', (nav, platform) => {
    expect(detectPlatform(nav)).toBe(platform);
  });
});
