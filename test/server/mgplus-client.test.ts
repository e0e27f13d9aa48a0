/**
 * createMgPlusClient against the sandbox MG+ (and a scripted stand-in for a misbehaving MG+) over loopback: the
 * security headers, retries with the same body, the mapping of every failure to one typed error, lenient parsing.
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MGPLUS_ERROR_CODES as GUIDE_ERROR_CODES } from '../../src/realplay/mgplus-error-codes.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import {
  createMemorySessionStore,
  createMgPlusClient,
  isMgPlusError,
  MGPLUS_ERROR_CODES,
  type MgPlusClient,
  type MgPlusError,
  type MgPlusSession,
} from '../../src/server/index.js';
import {
  clientFor,
  MG_GAME,
  MG_PROVIDER,
  MG_SECRET,
  mgSignature,
  PLAYER_IP,
  passThroughRecorder,
  sessionFor,
  startMgSandbox,
} from '../helpers/mgplus-wallet.js';
import { rejectionOf } from '../helpers/rejection.js';
import { listenOnLoopback } from '../helpers/server-harness.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const mgError = (promise: Promise<unknown>): Promise<MgPlusError> => rejectionOf(promise, isMgPlusError);

describe('against the sandbox MG+', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startMgSandbox();
  });
  afterAll(() => sandbox.close());

  it('signs the exact body, sends a fresh X-Request-ID per attempt and Bearer after authenticate', async () => {
    const recorder = passThroughRecorder();
    const mg = clientFor(sandbox, { fetch: recorder.fetch });
    const session = await sessionFor(sandbox, mg);
    await mg.balance(session);
    sandbox.mgplus.faults.once({ kind: 'retry-required', call: 'transaction' });
    sandbox.mgplus.faults.once({ kind: 'drop-after', call: 'transaction' });
    const before = sandbox.mgplus.ledger().entries.length;
    await mg.transaction(session, {
      transactionId: 'tx-1',
      roundId: 'r-1',
      amount: 2,
      transactionType: 'debit',
    });

    const [auth, balance, ...tx] = recorder.calls;
    expect(recorder.calls).toHaveLength(5);
    expect(auth!.url).toBe(`${sandbox.url}/v1/authenticate`);
    expect(auth!.headers.authorization).toBeUndefined();
    expect(JSON.parse(auth!.body)).toEqual({
      launchToken: expect.any(String),
      provider: MG_PROVIDER,
      game: MG_GAME,
      ip: PLAYER_IP,
      platform: 'desktop',
    });
    expect(balance!.headers.authorization).toBe(`Bearer ${session.playerToken}`);
    for (const call of recorder.calls) {
      expect(call.headers['x-hmac-signature']).toBe(mgSignature(call.body));
      expect(call.headers['x-request-id']).toMatch(UUID);
      expect(call.redirect).toBe('manual');
    }
    // Three attempts of one transaction: the same bytes, three request ids, one move of money.
    expect(new Set(tx.map((c) => c.body)).size).toBe(1);
    expect(new Set(recorder.calls.map((c) => c.headers['x-request-id'])).size).toBe(5);
    expect(tx.map((c) => c.status)).toEqual([500, undefined, 200]);
    expect(tx[2]!.echo).toBe(tx[2]!.headers['x-request-id']);
    const moves = sandbox.mgplus.ledger().entries.slice(before);
    expect(moves).toEqual([expect.objectContaining({ transactionId: 'tx-1', kind: 'debit', change: -2 })]);
  });

  it('maps MG+ refusals to MgPlusError with the table’s retryable flag', async () => {
    const mg = clientFor(sandbox);
    const session = await sessionFor(sandbox, mg, 'btc');
    const poor = await mgError(
      mg.transaction(session, {
        transactionId: 't-big',
        roundId: 'r-big',
        amount: 5,
        transactionType: 'debit',
      }),
    );
    expect(poor).toMatchObject({
      code: 'INSUFFICIENT_FUNDS',
      status: 400,
      retryable: false,
      operation: 'transaction',
    });
    expect(poor.requestId).toMatch(UUID);
    expect(poor.message).not.toContain(session.playerToken);

    const stranger: MgPlusSession = { ...session, playerToken: 'not-a-token' };
    expect(await mgError(mg.balance(stranger))).toMatchObject({ code: 'PLAYER_UNAUTHORIZED', status: 401 });
    const wrongKey = createMgPlusClient({
      baseUrl: sandbox.url,
      sharedSecret: 'other',
      provider: MG_PROVIDER,
    });
    expect(await mgError(wrongKey.balance(session))).toMatchObject({
      code: 'SERVER_UNAUTHORIZED',
      retryable: false,
    });
  });

  it('rolls a debit back once, and the next credit of that round gets DEBIT_ROLLED_BACK', async () => {
    const mg = clientFor(sandbox);
    const session = await sessionFor(sandbox, mg, 'test');
    const start = (await mg.balance(session)).balance;
    await mg.transaction(session, {
      transactionId: 'd-2',
      roundId: 'r-2',
      amount: 3,
      transactionType: 'debit',
    });
    sandbox.mgplus.faults.once({ kind: 'error-after', call: 'rollback' });
    const back = await mg.rollback(session, { transactionId: 'd-2', roundId: 'r-2' });
    expect(back.balance).toBe(start);
    const late = await mgError(
      mg.transaction(session, { transactionId: 'c-2', roundId: 'r-2', amount: 1, transactionType: 'credit' }),
    );
    expect(late).toMatchObject({ code: 'DEBIT_ROLLED_BACK', retryable: false });
    expect((await mg.balance(session)).balance).toBe(start);
  });

  it('signs in base64 when asked', async () => {
    const b64 = await startMgSandbox('base64');
    try {
      const recorder = passThroughRecorder();
      const mg = clientFor(b64, { signatureEncoding: 'base64', fetch: recorder.fetch });
      const session = await sessionFor(b64, mg);
      expect((await mg.balance(session)).balance).toBe(1000.5);
      expect(recorder.calls[1]!.headers['x-hmac-signature']).toBe(
        mgSignature(recorder.calls[1]!.body, 'base64'),
      );
      const hex = clientFor(b64, { signatureEncoding: 'hex' });
      expect(await mgError(hex.balance(session))).toMatchObject({ code: 'SERVER_UNAUTHORIZED' });
    } finally {
      await b64.close();
    }
  });

  it('keeps the player token on the server: an opaque session id for the browser', async () => {
    let clock = 1_000_000;
    const mg = clientFor(sandbox, { now: () => clock, sessions: { ttlMs: 60_000 } });
    const launchToken = await sandbox.mgplus.mintLaunchToken({ player: 'idr' });
    const auth = await mg.authenticate({ launchToken, game: MG_GAME, ip: PLAYER_IP, platform: 'mobile' });
    const { sessionId, publicView } = await mg.openSession(auth);
    expect(sessionId).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(JSON.stringify(publicView)).not.toContain(auth.playerToken);
    expect(publicView).toMatchObject({
      sessionId,
      playerId: auth.playerId,
      balanceInfo: { currency: 'idr' },
    });
    expect((await mg.openSession(auth)).sessionId).not.toBe(sessionId);
    const kept = await mg.session(sessionId);
    expect(kept).toMatchObject({ playerToken: auth.playerToken, playerId: auth.playerId, game: MG_GAME });
    expect(kept).toMatchObject({
      ip: PLAYER_IP,
      currency: 'idr',
      currencyTruncation: 1000,
      provider: MG_PROVIDER,
    });
    expect((await mg.balance(kept!)).balance).toBe(auth.balance);
    clock += 60_001;
    expect(await mg.session(sessionId)).toBeUndefined();
    expect(await mg.session('')).toBeUndefined();

    const optIn = clientFor(sandbox, { sessions: { includePlayerToken: true } });
    expect((await optIn.openSession(auth)).publicView.playerToken).toBe(auth.playerToken);
  });

  it('stores the limits and offers with the session, and keeps a session in use alive (sliding TTL)', async () => {
    let clock = 5_000_000;
    const mg = clientFor(sandbox, { now: () => clock, sessions: { ttlMs: 60_000 } });
    const launchToken = await sandbox.mgplus.mintLaunchToken({ player: 'coins' });
    const auth = await mg.authenticate({ launchToken, game: MG_GAME, ip: PLAYER_IP, platform: 'desktop' });
    const { sessionId } = await mg.openSession(auth);
    const kept = (await mg.session(sessionId))!;
    expect(kept).toMatchObject({
      sessionId,
      gameConfig: { minBet: 1, maxBet: 1000, defaultBet: 10 },
      freeGames: auth.freeGames,
    });
    expect(kept.freeGames.map((o) => o.offerId)).toEqual([501, 502]);
    // Each call with the session renews its TTL: 150 s of play on a 60 s TTL.
    for (let i = 0; i < 3; i++) {
      clock += 50_000;
      await mg.balance(kept);
    }
    clock += 50_000;
    await mg.playRound(kept, { bet: 1, payout: () => 0 });
    clock += 59_999;
    expect(await mg.session(sessionId)).toMatchObject({ sessionId, playerToken: auth.playerToken });
    // Reading the session does not renew it; idle for the TTL, it is gone.
    clock += 60_000;
    expect(await mg.session(sessionId)).toBeUndefined();
    // A call with a session that has expired or was closed meanwhile does not bring it back.
    await mg.balance(kept);
    expect(await mg.session(sessionId)).toBeUndefined();
    const again = await mg.openSession(auth);
    const live = (await mg.session(again.sessionId))!;
    await mg.closeSession(again.sessionId);
    await mg.playRound(live, { bet: 1, payout: () => 0 });
    expect(await mg.session(again.sessionId)).toBeUndefined();
  });

  it('reads authenticate answers into typed fields', async () => {
    const mg = clientFor(sandbox);
    const launchToken = await sandbox.mgplus.mintLaunchToken({ player: 'coins' });
    const auth = await mg.authenticate({ launchToken, game: MG_GAME, ip: PLAYER_IP, platform: 'desktop' });
    expect(auth).toMatchObject({
      playerId: '44-10000-00004',
      brand: 'plyr_social',
      currency: 'gc',
      currencyTruncation: 100,
      sessionInfo: { lobbyUrl: expect.any(String), gameConfig: expect.objectContaining({ minBet: 1 }) },
      session: { playerId: '44-10000-00004', game: MG_GAME, ip: PLAYER_IP },
    });
    expect(auth.freeGames[0]).toMatchObject({ offerId: 501, instanceId: 11, numberOfRoundsRemaining: 5 });
    const expired = await sandbox.mgplus.mintLaunchToken({ expired: true });
    expect(
      await mgError(
        mg.authenticate({ launchToken: expired, game: MG_GAME, ip: PLAYER_IP, platform: 'desktop' }),
      ),
    ).toMatchObject({ code: 'PLAYER_UNAUTHORIZED', operation: 'authenticate', retryable: false });
  });
});

describe('against a misbehaving MG+', () => {
  type Script = (req: IncomingMessage, res: ServerResponse, requestId: string) => void;
  let script: Script = () => {};
  let hits = 0;
  let stub: { url: string; close(): Promise<void> };
  const session: MgPlusSession = { playerId: 'p-1', playerToken: 'tok', game: MG_GAME, ip: PLAYER_IP };
  const json = (res: ServerResponse, status: number, body: unknown, requestId?: string) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (requestId !== undefined) headers['x-request-id'] = requestId;
    res.writeHead(status, headers);
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
  let mg: MgPlusClient;

  beforeAll(async () => {
    stub = await listenOnLoopback((req, res) => {
      hits++;
      req.resume();
      req.on('end', () => script(req, res, String(req.headers['x-request-id'])));
    });
    mg = createMgPlusClient({
      baseUrl: stub.url,
      sharedSecret: MG_SECRET,
      provider: MG_PROVIDER,
      timeoutMs: 300,
      retry: { attempts: 3, baseDelayMs: 1, jitter: false },
    });
  });
  afterAll(() => stub.close());

  const run = async (s: Script) => {
    script = s;
    hits = 0;
    return mgError(mg.balance(session));
  };

  it('keeps gameConfig as sent: known keys as numbers (any case, decimal strings), other keys untouched', async () => {
    script = (_req, res, id) =>
      json(
        res,
        200,
        {
          playerId: 'p-1',
          playerToken: 'tok',
          brand: 'b',
          balance: 10,
          balanceInfo: { currency: 'EUR', currencyTruncation: 1 },
          sessionInfo: {
            gameConfig: { MINBET: '0.5', maxBet: 20, defaultBet: 'two', maxExposure: null, lines: [1, 2] },
          },
        },
        id,
      );
    const auth = await mg.authenticate({
      launchToken: 'opaque',
      game: MG_GAME,
      ip: PLAYER_IP,
      platform: 'desktop',
    });
    expect(auth.sessionInfo.gameConfig).toEqual({ minBet: 0.5, maxBet: 20, lines: [1, 2] });
    const { sessionId } = await mg.openSession(auth);
    expect((await mg.session(sessionId))?.gameConfig).toEqual({ minBet: 0.5, maxBet: 20, lines: [1, 2] });
  });

  it('matches property names case-insensitively and accepts decimal strings', async () => {
    script = (_req, res, id) => json(res, 200, { BALANCE: '12.50', FreeGameInfo: [] }, id);
    expect(await mg.balance(session)).toEqual({ balance: 12.5, freeGames: [] });
  });

  it('refuses answers that do not echo the request id, after retrying', async () => {
    const error = await run((_req, res) => json(res, 200, { balance: 1 }, crypto.randomUUID()));
    expect(error).toMatchObject({ code: 'REQUEST_ID_MISMATCH', retryable: true });
    expect(hits).toBe(3);
  });

  it('maps 5xx without an MG+ body, bad shapes, timeouts, drops and redirects', async () => {
    expect(await run((_req, res) => json(res, 503, 'Service Unavailable'))).toMatchObject({
      code: 'UPSTREAM_5XX',
      status: 503,
      retryable: true,
    });
    expect(await run((_req, res, id) => json(res, 200, { balance: 'lots' }, id))).toMatchObject({
      code: 'INVALID_RESPONSE',
    });
    expect(await run((_req, res, id) => json(res, 404, 'Not Found', id))).toMatchObject({
      code: 'INVALID_RESPONSE',
      status: 404,
      retryable: false,
    });
    expect(hits).toBe(1);
    expect(await run(() => {})).toMatchObject({ code: 'TIMEOUT', retryable: true });
    expect(await run((req) => req.socket.destroy())).toMatchObject({ code: 'NETWORK', retryable: true });
    const redirect = await run((_req, res, id) => {
      res.writeHead(307, { location: `${stub.url}/elsewhere`, 'x-request-id': id });
      res.end();
    });
    expect(redirect).toMatchObject({ code: 'NETWORK' });
    expect(hits).toBe(3); // three attempts, none followed to /elsewhere
  });

  it('retries SESSION_EXPIRED for credits, not for debits', async () => {
    script = (_req, res, id) =>
      json(res, 401, { error: { code: 'SESSION_EXPIRED', message: 'offline' } }, id);
    hits = 0;
    const debit = { transactionId: 't', roundId: 'r', amount: 1, transactionType: 'debit' as const };
    expect(await mgError(mg.transaction(session, debit))).toMatchObject({ code: 'SESSION_EXPIRED' });
    expect(hits).toBe(1);
    hits = 0;
    await mgError(mg.transaction(session, { ...debit, transactionType: 'credit' }));
    expect(hits).toBe(3);
  });
});

it('bounds the in-memory session store: the oldest session goes first', async () => {
  const store = createMemorySessionStore({ maxSessions: 2 });
  const session = (playerId: string) => ({
    sessionId: playerId,
    gameConfig: {},
    freeGames: [],
    playerId,
    playerToken: `token-${playerId}`,
    game: MG_GAME,
    ip: PLAYER_IP,
    provider: MG_PROVIDER,
    brand: 'b',
    currency: 'eur',
    currencyTruncation: 1,
    createdAt: 0,
  });
  await store.put('a', session('a'), 60_000);
  await store.put('b', session('b'), 60_000);
  await store.put('c', session('c'), 60_000);
  expect(await store.get('a')).toBeUndefined();
  expect((await store.get('b'))?.playerToken).toBe('token-b');
  expect((await store.get('c'))?.playerToken).toBe('token-c');
  await store.delete('c');
  expect(await store.get('c')).toBeUndefined();
});

it('documents every MG+ error code with the guide’s retryable flag, in a module the browser can load', () => {
  const retryable = Object.entries(MGPLUS_ERROR_CODES)
    .filter(([, info]) => info.retryable)
    .map(([code]) => code);
  // The guide's codes are listed (independently of the source) in test/realplay/mgplus-error-codes.test.ts.
  expect(Object.keys(MGPLUS_ERROR_CODES)).toEqual(expect.arrayContaining([...GUIDE_ERROR_CODES]));
  expect(retryable.sort()).toEqual(
    [
      'CREDIT_FAILED',
      'DEBIT_FAILED',
      'INVALID_RESPONSE',
      'NETWORK',
      'REQUEST_ID_MISMATCH',
      'RETRY_REQUIRED',
      'SESSION_EXPIRED',
      'TIMEOUT',
      'UPSTREAM_5XX',
    ].sort(),
  );
  // One table for both sides: the server's imports the browser's, and neither pulls in Node or the DOM.
  const server = readFileSync(new URL('../../src/server/mgplus/error-codes.ts', import.meta.url), 'utf8');
  const browser = readFileSync(new URL('../../src/realplay/mgplus-error-codes.ts', import.meta.url), 'utf8');
  expect(server.match(/ from '[^']+'/g)).toEqual([" from '../../realplay/mgplus-error-codes.js'"]);
  expect(browser.match(/^import .*$/gm)).toEqual([expect.stringMatching(/^import type /)]);
});
