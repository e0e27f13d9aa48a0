/**
 * The player's spending consent through the core client, over real HTTP on loopback: the sandbox platform (its game
 * economy spending the allowance as a studio's server would) and the real signing endpoint in sign and relay mode,
 * IndexedDB from fake-indexeddb. `allowances()` reads this game's unexpired allowances as decimal text, `revoke()`
 * takes them back with a 2FA code, and `allowances` fires when they change.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from '@jest/globals';
import { decimalText, readAllowances } from '../../src/core/allowances.js';
import {
  type Allowance,
  isPlyrError,
  type PlyrClient,
  type PlyrError,
  type PlyrErrorCode,
  type PlyrEvents,
} from '../../src/index.js';
import { nextEvent, useCoreEnv } from '../helpers/core-fixture.js';
import { SandboxClient } from '../helpers/sandbox-client.js';

const env = useCoreEnv();

const HOUR = 3600;

/** Every `allowances` event of `client`, as it comes. */
function told(client: PlyrClient): PlyrEvents['allowances'][] {
  const events: PlyrEvents['allowances'][] = [];
  client.on('allowances', (payload) => events.push(payload));
  return events;
}

async function failure(promise: Promise<unknown>, code: PlyrErrorCode): Promise<PlyrError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isPlyrError(error) ? error.code : error).toBe(code);
  return error as PlyrError;
}

/** Signs `demo-player` in through `client`, approving `tokens`/`amounts` for `expiresIn` seconds. */
async function approve(
  client: PlyrClient,
  tokens: string[] = ['plyr', 'gamr'],
  amounts: Array<number | string> = ['10', 2.5],
  expiresIn = HOUR,
) {
  const event = nextEvent(client, 'allowances');
  const session = await client.loginAndApprove({
    plyrId: 'demo-player',
    otp: env.otp(),
    tokens,
    amounts,
    expiresIn,
  });
  return { session, event: await event, at: env.clock.now() };
}

/** The studio's server (the sandbox's own keys, HMAC in the test): the allowance is spent where the money moves. */
const studio = () =>
  new SandboxClient(env.sandbox.url, env.sandbox.apiKey, env.sandbox.secretKey, env.clock.now);

const platformPaths = () =>
  env.sent
    .filter((r) => r.url.startsWith(env.sandbox.url) || r.url.includes('/plyr/'))
    .map((r) => `${r.method} ${new URL(r.url).pathname}`);

describe.each([
  ['sign mode', () => env.client()],
  ['relay mode', () => env.client({ signer: env.relayUrl })],
])('allowances in %s', (_mode, makeClient) => {
  it('loginAndApprove tells what the player approved, with its expiry; allowances() reads the same, told once', async () => {
    const client = makeClient();
    await client.ready;
    const events = told(client);
    const { event, at } = await approve(client);
    const expected: Allowance[] = [
      { token: 'gamr', amount: '2.5', approvedAt: at, expiresAt: at + HOUR * 1000 },
      { token: 'plyr', amount: '10', approvedAt: at, expiresAt: at + HOUR * 1000 },
    ];
    expect(event).toEqual({ plyrId: 'demo-player', allowances: expected });
    expect(await client.allowances()).toEqual(expected);
    expect(events).toHaveLength(1); // the read found nothing new
  });

  it('revoke takes back one token, then all; each is told, and the platform lists nothing after', async () => {
    const client = makeClient();
    await client.ready;
    await approve(client);
    const events = told(client);
    await client.revoke({ otp: env.otp(), token: 'PLYR' });
    expect(events.map((e) => e.allowances.map((a) => a.token))).toEqual([['gamr']]);
    await client.revoke({ otp: env.otp(), token: 'all' });
    expect(events.at(-1)?.allowances).toEqual([]);
    expect(await client.allowances()).toEqual([]);
    expect(env.sandbox.game.ledger().allowances).toEqual([]);
  });
});

describe('allowances', () => {
  it('gives amounts as the decimals the platform stores: no exponent, no rounding', async () => {
    const client = env.client();
    await approve(client, ['plyr', 'gamr'], [1e-7, 1e21]);
    expect((await client.allowances()).map((a) => a.amount)).toEqual(['1000000000000000000000', '0.0000001']);
  });

  it('a read that differs from the last one is told: the studio spent part of it (0.3 − 0.1 − 0.1 as stored)', async () => {
    const client = env.client();
    const { session } = await approve(client, ['plyr'], ['0.3']);
    const events = told(client);
    const server = studio();
    const created = await server.post('/api/game/create', { sync: true });
    const roomId = (created.json.taskData as { result: { roomId: string } }).result.roomId;
    const jwts = [session.sessionJwt];
    expect((await server.post('/api/game/join', { roomId, sessionJwts: jwts, sync: true })).json.status).toBe(
      'SUCCESS',
    );
    const pay = { roomId, sessionJwts: jwts, tokens: ['plyr'], amounts: ['0.1'], sync: true };
    for (let i = 0; i < 2; i++) expect((await server.post('/api/game/pay', pay)).json.status).toBe('SUCCESS');
    const [left] = await client.allowances();
    expect(left?.amount).toBe('0.09999999999999998'); // what the platform holds: a third 0.1 would be refused
    expect(events.map((e) => e.allowances[0]?.amount)).toEqual(['0.09999999999999998']);
    await client.allowances();
    expect(events).toHaveLength(1);
  });

  it('lists this game only, and leaves out what has expired', async () => {
    const client = env.client();
    await approve(client, ['plyr'], ['5'], 60);
    // The same player approves another game.
    const other = env.sandbox.games[1]!;
    const otherGame = new SandboxClient(env.sandbox.url, other.apiKey, other.secretKey, env.clock.now);
    const approved = await otherGame.post('/api/game/approve', {
      plyrId: 'demo-player',
      otp: env.otp(),
      gameId: other.gameId,
      token: 'gamr',
      amount: 7,
    });
    expect(approved.status).toBe(200);
    expect((await client.allowances()).map((a) => a.token)).toEqual(['plyr']);
    const events = told(client);
    env.clock.advance(61_000);
    expect(await client.allowances()).toEqual([]);
    expect(events.map((e) => e.allowances)).toEqual([[]]);
  });

  it('a new player is told even when the list is the same as the last one told', async () => {
    const client = env.client();
    await client.login({ plyrId: 'second-player', otp: env.otp('second-player') });
    expect(await client.allowances()).toEqual([]);
    const events = told(client);
    await client.login({ plyrId: 'demo-player', otp: env.otp() });
    expect(await client.allowances()).toEqual([]);
    expect(events).toEqual([{ plyrId: 'demo-player', allowances: [] }]);
  });

  it('a failed read after loginAndApprove is told as `error`; the sign-in stands', async () => {
    const client = env.client();
    const error = nextEvent(client, 'error');
    env.sandbox.injectFault({ path: '/api/game/allowanceByGameId', status: 503, body: 'busy', times: 1 });
    const session = await client.loginAndApprove({
      plyrId: 'demo-player',
      otp: env.otp(),
      tokens: ['plyr'],
      amounts: [1],
    });
    expect((await error).code).toBe('SERVER');
    expect(client.session).toEqual(session);
  });

  it('needs a session', async () => {
    const client = env.client();
    await client.ready;
    await failure(client.allowances(), 'NOT_SIGNED_IN');
    await failure(client.revoke({ otp: '123456', token: 'all' }), 'NOT_SIGNED_IN');
    expect(platformPaths()).toEqual([]);
  });
});

describe('revoke', () => {
  it('refuses bad input before anything is sent', async () => {
    const client = env.client();
    await approve(client);
    env.sent.length = 0;
    for (const options of [
      { otp: '12345', token: 'all' },
      { otp: 123456, token: 'all' },
      { otp: '123456', token: '' },
      { otp: '123456' },
      undefined,
    ])
      await failure(client.revoke(options as never), 'INVALID_INPUT');
    expect(platformPaths()).toEqual([]);
  });

  it('explains codes as a login does: wrong, already used, locked; nothing is revoked', async () => {
    const client = env.client();
    await approve(client);
    const right = env.otp();
    const wrong = String((Number(right) + 500_000) % 1_000_000).padStart(6, '0');
    await failure(client.revoke({ otp: wrong, token: 'all' }), 'INVALID_OTP');
    const reused = await failure(client.revoke({ otp: wrong, token: 'all' }), 'OTP_ALREADY_USED');
    expect(reused.retryAfterMs).toBeGreaterThan(0);
    for (let i = 1; i < 5; i++) {
      const code = String((Number(right) + 500_000 + i * 1111) % 1_000_000).padStart(6, '0');
      await failure(client.revoke({ otp: code, token: 'all' }), 'INVALID_OTP');
    }
    const locked = await failure(client.revoke({ otp: env.otp(), token: 'all' }), 'ACCOUNT_LOCKED');
    expect(locked.retryAfterMs).toBe(60_000);
    expect((await client.allowances()).map((a) => a.token)).toEqual(['gamr', 'plyr']);
  });

  it('a guest has no code to revoke with: GUEST_ACCOUNT', async () => {
    const client = env.client();
    await client.registerGuest();
    await failure(client.revoke({ otp: '123456', token: 'all' }), 'GUEST_ACCOUNT');
  });

  it('when the read after it fails, tells the last list without what was revoked', async () => {
    const client = env.client();
    await approve(client);
    const events = told(client);
    env.sandbox.injectFault({ path: '/api/game/allowanceByGameId', status: 503, body: 'busy', times: 1 });
    await client.revoke({ otp: env.otp(), token: 'gamr' });
    expect(events.map((e) => e.allowances.map((a) => a.token))).toEqual([['plyr']]);
    expect(env.sandbox.game.ledger().allowances).toEqual([expect.objectContaining({ token: 'plyr' })]);
  });
});

describe('reading answers', () => {
  it('decimalText writes Numbers as plain decimals and passes decimal text through', () => {
    expect(
      [0, 10, 0.1, 123.45, 1e-7, 1e21, 0.3 - 0.1 - 0.1, 5.551115123125783e-17, '2.50', ' 7 ', '1e-7'].map(
        decimalText,
      ),
    ).toEqual([
      '0',
      '10',
      '0.1',
      '123.45',
      '0.0000001',
      '1000000000000000000000',
      '0.09999999999999998',
      '0.00000000000000005551115123125783',
      '2.50',
      '7',
      '0.0000001',
    ]);
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY, '', 'ten', null, undefined, {}])
      expect(decimalText(bad)).toBeUndefined();
  });

  it('an answer without the list, or a row without token or amount, is SERVER', () => {
    for (const answer of [
      {},
      { allowances: {} },
      { allowances: [{ amount: 1 }] },
      { allowances: [{ token: 'plyr' }] },
    ])
      expect(() => readAllowances(answer)).toThrow(expect.objectContaining({ code: 'SERVER' }));
    expect(
      readAllowances({ allowances: [{ token: 'PLYR', amount: 1, createdAt: 'not a date', expiresIn: 60 }] }),
    ).toEqual([{ token: 'plyr', amount: '1', approvedAt: null, expiresAt: null }]);
  });
});
