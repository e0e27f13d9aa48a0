/**
 * playRound and recover against the sandbox wallet over loopback: every round ends closed, a retried call keeps its
 * transactionId, an unknown debit is rolled back, a crashed round is settled from the journal by a new client.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Sandbox } from '../../src/sandbox/index.js';
import {
  createMemoryJournal,
  isMgPlusError,
  type MgPlusError,
  type MgPlusJournal,
  type MgPlusRoundRecord,
  type MgPlusSession,
  checkBet as standaloneCheckBet,
} from '../../src/server/index.js';
import {
  clientFor,
  MG_GAME,
  PLAYER_IP,
  roundLeftByCrash,
  sessionFor,
  settled,
  startMgSandbox,
} from '../helpers/mgplus-wallet.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startMgSandbox();
});
afterAll(() => sandbox.close());

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('did not reject');
}

const movesOf = (roundId: string) => sandbox.mgplus.ledger().entries.filter((e) => e.roundId === roundId);
const balanceOf = (session: MgPlusSession) => sandbox.mgplus.ledger().balances[session.playerId]!;

it('plays a won round: debit, payout on the server, closing credit', async () => {
  const journal = createMemoryJournal();
  const mg = clientFor(sandbox, { journal });
  const session = await sessionFor(sandbox, mg, 'test');
  const start = balanceOf(session);
  let seen: unknown;
  const round = settled(
    await mg.playRound(session, {
      bet: 2,
      gameInfo: { lines: 10 },
      payout: (debit) => {
        seen = debit;
        return { amount: 7.5, gameInfo: { reels: 'AAA' } };
      },
    }),
  );
  expect(seen).toMatchObject({
    balance: start - 2,
    roundId: round.roundId,
    transactionId: round.debitTransactionId,
  });
  expect(round).toMatchObject({ bet: 2, win: 7.5, balance: start + 5.5 });
  expect(movesOf(round.roundId)).toEqual([
    expect.objectContaining({ kind: 'debit', transactionId: round.debitTransactionId, change: -2 }),
    expect.objectContaining({ kind: 'credit', transactionId: round.creditTransactionId, change: 7.5 }),
  ]);
  expect(await journal.load(round.roundId)).toMatchObject({
    state: 'settled',
    steps: [{ state: 'done' }, { state: 'done' }],
  });
  expect(sandbox.mgplus.ledger().openRounds).toEqual([]);
});

it('closes a lost round with a zero credit', async () => {
  const mg = clientFor(sandbox);
  const session = await sessionFor(sandbox, mg, 'test');
  const round = await mg.playRound(session, { bet: 1, payout: () => 0 });
  expect(movesOf(round.roundId).map((e) => [e.kind, e.amount])).toEqual([
    ['debit', 1],
    ['credit', 0],
  ]);
  expect(sandbox.mgplus.ledger().openRounds).not.toContain(round.roundId);
});

it('ends a round on INSUFFICIENT_FUNDS without asking for a payout', async () => {
  const journal = createMemoryJournal();
  const mg = clientFor(sandbox, { journal });
  const session = await sessionFor(sandbox, mg, 'btc');
  let asked = false;
  const error = (await failure(
    mg.playRound(session, {
      bet: 1,
      roundId: 'poor-round',
      payout: () => {
        asked = true;
        return 1;
      },
    }),
  )) as MgPlusError;
  expect(isMgPlusError(error) && error.code).toBe('INSUFFICIENT_FUNDS');
  expect(asked).toBe(false);
  expect((await journal.load('poor-round'))?.state).toBe('cancelled');
  expect(movesOf('poor-round')).toEqual([]);
});

it('retries a debit whose answer was lost after the money moved, with the same id: one move', async () => {
  const mg = clientFor(sandbox);
  const session = await sessionFor(sandbox, mg, 'test');
  sandbox.mgplus.faults.once({ kind: 'drop-after', transactionType: 'debit' });
  sandbox.mgplus.faults.once({ kind: 'error-after', transactionType: 'debit' });
  sandbox.mgplus.faults.once({ kind: 'drop-after', transactionType: 'credit' });
  const round = await mg.playRound(session, { bet: 3, payout: () => 1 });
  expect(movesOf(round.roundId).map((e) => [e.kind, e.change])).toEqual([
    ['debit', -3],
    ['credit', 1],
  ]);
});

it('rolls back a debit whose outcome stays unknown', async () => {
  const journal = createMemoryJournal();
  const mg = clientFor(sandbox, { journal, retry: { attempts: 2, baseDelayMs: 1, jitter: false } });
  const session = await sessionFor(sandbox, mg, 'test');
  const start = balanceOf(session);
  sandbox.mgplus.faults.once({ kind: 'drop-after', transactionType: 'debit', times: 2 });
  const error = (await failure(
    mg.playRound(session, { bet: 4, roundId: 'unknown-debit', payout: () => 9 }),
  )) as MgPlusError;
  expect(error).toMatchObject({ code: 'NETWORK', retryable: true });
  expect(movesOf('unknown-debit').map((e) => [e.kind, e.change])).toEqual([
    ['debit', -4],
    ['rollback', 4],
  ]);
  expect(balanceOf(session)).toBe(start);
  expect((await journal.load('unknown-debit'))?.state).toBe('cancelled');
});

it('never lets a late debit overtake its rollback', async () => {
  const mg = clientFor(sandbox, { timeoutMs: 100, retry: { attempts: 1 } });
  const session = await sessionFor(sandbox, mg, 'test');
  const start = balanceOf(session);
  sandbox.mgplus.faults.once({ kind: 'slow', transactionType: 'debit', delayMs: 300 });
  const error = (await failure(
    mg.playRound(session, { bet: 5, roundId: 'slow-debit', payout: () => 0 }),
  )) as MgPlusError;
  expect(error.code).toBe('TIMEOUT');
  await new Promise((resolve) => setTimeout(resolve, 350)); // the debit reaches the books now
  expect(movesOf('slow-debit')).toEqual([]);
  expect(balanceOf(session)).toBe(start);
});

it('rolls the debit back when the payout fails or is not an amount', async () => {
  const journal = createMemoryJournal();
  const mg = clientFor(sandbox, { journal });
  const session = await sessionFor(sandbox, mg, 'test');
  const start = balanceOf(session);
  const thrown = await failure(
    mg.playRound(session, {
      bet: 1,
      roundId: 'payout-throws',
      payout: () => {
        throw new Error('reels jammed');
      },
    }),
  );
  expect(thrown.message).toBe('reels jammed');
  const nan = await failure(
    mg.playRound(session, { bet: 1, roundId: 'payout-nan', payout: () => Number.NaN }),
  );
  expect(nan).toMatchObject({ code: 'AMOUNT_INVALID', retryable: false });
  for (const id of ['payout-throws', 'payout-nan']) {
    expect((await journal.load(id))?.state).toBe('cancelled');
    expect(movesOf(id).map((e) => e.kind)).toEqual(['debit', 'rollback']);
  }
  expect(balanceOf(session)).toBe(start);
});

it('keeps a round whose credit stays unknown open, and recover() sends the same credit again', async () => {
  const journal = createMemoryJournal();
  const mg = clientFor(sandbox, { journal, rounds: { settleWithinMs: 200 }, recovery: false });
  const session = await sessionFor(sandbox, mg, 'test');
  const start = balanceOf(session);
  sandbox.mgplus.faults.once({ kind: 'error-before', transactionType: 'credit', times: 1000 });
  const round = await mg.playRound(session, { bet: 2, roundId: 'credit-unknown', payout: () => 6 });
  sandbox.mgplus.faults.clear();
  // The last attempt's outcome: the wallet's 5xx, or its own timeout when the deadline cut it short.
  expect(round).toMatchObject({
    status: 'pending',
    stage: 'credit',
    code: expect.stringMatching(/^(UPSTREAM_5XX|TIMEOUT)$/),
    win: 6,
  });
  const open = (await journal.unfinished()) as MgPlusRoundRecord[];
  expect(open.map((r) => r.roundId)).toEqual(['credit-unknown']);
  const creditId = open[0]!.steps[1]!.transactionId;

  const restarted = clientFor(sandbox, { journal });
  expect(await restarted.recover()).toMatchObject({ examined: 1, settled: 1, stillOpen: [] });
  expect(movesOf('credit-unknown')).toEqual([
    expect.objectContaining({ kind: 'debit' }),
    expect.objectContaining({ kind: 'credit', transactionId: creditId, amount: 6 }),
  ]);
  expect(balanceOf(session)).toBe(start + 4);
  expect(await journal.unfinished()).toEqual([]);
});

const dieInPayout = (journal: MgPlusJournal, session: MgPlusSession, roundId: string) =>
  roundLeftByCrash(sandbox, journal, session, roundId, 50);

it('recovers a round whose process died before the payout: rollback by default, zero credit on request', async () => {
  const journal = createMemoryJournal();
  const session = await sessionFor(sandbox, clientFor(sandbox), 'test');
  const start = balanceOf(session);
  await dieInPayout(journal, session, 'died-1');
  await dieInPayout(journal, session, 'died-2');
  expect(await clientFor(sandbox, { journal }).recover({ minAgeMs: 60_000 })).toMatchObject({ examined: 0 });
  expect(await journal.unfinished()).toHaveLength(2); // too recent for a cautious recover()

  const report = await clientFor(sandbox, { journal }).recover();
  expect(report).toMatchObject({ examined: 2, cancelled: 2, stillOpen: [] });
  expect(movesOf('died-1').map((e) => e.kind)).toEqual(['debit', 'rollback']);
  expect(movesOf('died-2').map((e) => e.kind)).toEqual(['debit', 'rollback']);
  expect(balanceOf(session)).toBe(start);

  const kept = createMemoryJournal();
  await dieInPayout(kept, session, 'died-3');
  expect(await clientFor(sandbox, { journal: kept }).recover({ undecided: 'close' })).toMatchObject({
    settled: 1,
  });
  expect(movesOf('died-3').map((e) => [e.kind, e.amount])).toEqual([
    ['debit', 1],
    ['credit', 0],
  ]);
  expect(balanceOf(session)).toBe(start - 1);
});

it('leaves rounds in play to their client, and refuses a round id played before', async () => {
  const journal = createMemoryJournal();
  const mg = clientFor(sandbox, { journal });
  const session = await sessionFor(sandbox, mg, 'test');
  let release: (win: number) => void = () => {};
  let debited: () => void = () => {};
  const reached = new Promise<void>((resolve) => {
    debited = resolve;
  });
  const playing = mg.playRound(session, {
    bet: 1,
    roundId: 'in-play',
    payout: () => {
      debited();
      return new Promise<number>((resolve) => {
        release = resolve;
      });
    },
  });
  await reached;
  expect(await mg.recover()).toMatchObject({ examined: 0 });
  release(3);
  expect(await playing).toMatchObject({ win: 3 });
  expect(movesOf('in-play').map((e) => e.kind)).toEqual(['debit', 'credit']);
  const again = await failure(mg.playRound(session, { bet: 1, roundId: 'in-play', payout: () => 0 }));
  expect(again).toBeInstanceOf(TypeError);
  expect(movesOf('in-play')).toHaveLength(2);
});

it('plays free-game rounds: the offer pays, rounds remaining count down', async () => {
  const mg = clientFor(sandbox);
  const launchToken = await sandbox.mgplus.mintLaunchToken({ player: 'coins' });
  const auth = await mg.authenticate({ launchToken, game: MG_GAME, ip: PLAYER_IP, platform: 'desktop' });
  const offer = auth.freeGames.find((o) => o.numberOfRoundsRemaining > 0)!;
  const start = balanceOf(auth.session);
  const round = settled(
    await mg.playRound(auth.session, {
      bet: offer.nearestCostPerBet,
      freeGame: { offerId: offer.offerId, instanceId: offer.instanceId },
      payout: (debit) => {
        expect(debit.balance).toBe(start);
        return 500;
      },
    }),
  );
  expect(round.balance).toBe(start + 500);
  const left = round.freeGames!.find((o) => o.instanceId === offer.instanceId)!;
  expect(left.numberOfRoundsRemaining).toBe(offer.numberOfRoundsRemaining - 1);
  expect((await mg.balance(auth.session)).freeGames).toContainEqual(left);
});

it('checkBet refuses paid bets outside the limits and free rounds that are not on offer now', async () => {
  const mg = clientFor(sandbox);
  const launchToken = await sandbox.mgplus.mintLaunchToken({ player: 'coins' });
  const auth = await mg.authenticate({ launchToken, game: MG_GAME, ip: PLAYER_IP, platform: 'desktop' });
  const session = (await mg.session((await mg.openSession(auth)).sessionId))!;
  expect(session.gameConfig).toEqual({ minBet: 1, maxBet: 1000, defaultBet: 10 });
  const out = { ok: false, code: 'BET_OUT_OF_RANGE', message: expect.any(String) };
  const checkBet: typeof mg.checkBet = (...args) => mg.checkBet(...args);
  const unavailable = { ok: false, code: 'FREE_GAME_UNAVAILABLE', message: expect.any(String) };
  expect(checkBet(session, { bet: 1 })).toEqual({ ok: true, bet: 1 });
  expect(checkBet(session, { bet: 1000 })).toEqual({ ok: true, bet: 1000 });
  for (const bet of [0.99, 1000.01, 0, -1, Number.NaN, Number.POSITIVE_INFINITY])
    expect(checkBet(session, { bet })).toEqual(out);
  const daily = { offerId: 501, instanceId: 11 };
  const offer = session.freeGames.find((o) => o.instanceId === 11)!;
  expect(checkBet(session, { bet: 9, freeGame: daily })).toEqual(out);
  // Unknown instance, an offer id that does not match the instance, an offer that starts in two days.
  expect(checkBet(session, { bet: 10, freeGame: { offerId: 501, instanceId: 99 } })).toEqual(unavailable);
  expect(checkBet(session, { bet: 10, freeGame: { offerId: 502, instanceId: 11 } })).toEqual(unavailable);
  expect(checkBet(session, { bet: 25, freeGame: { offerId: 502, instanceId: 12 } })).toEqual(unavailable);
  // The daily offer runs from its start (inclusive) to its end (exclusive).
  const start = Date.parse(offer.instanceStartDateUtc);
  const end = Date.parse(offer.instanceEndDateUtc);
  expect(checkBet(session, { bet: 10, freeGame: daily }, { now: start })).toMatchObject({ ok: true });
  expect(checkBet(session, { bet: 10, freeGame: daily }, { now: start - 1 })).toEqual(unavailable);
  expect(checkBet(session, { bet: 10, freeGame: daily }, { now: end - 1 })).toMatchObject({ ok: true });
  expect(checkBet(session, { bet: 10, freeGame: daily }, { now: end })).toEqual(unavailable);
  // No limits from MG+: any positive paid bet (maxExposure caps payouts, not bets).
  expect(standaloneCheckBet({ gameConfig: { maxExposure: 5 }, freeGames: [] }, { bet: 50 })).toMatchObject({
    ok: true,
  });
  // The standalone check knows only the built-in currencies: the sandbox's coin needs the client's rules.
  expect(standaloneCheckBet(session, { bet: 1 })).toMatchObject({ ok: false, code: 'BET_INVALID' });
  expect(standaloneCheckBet(session, { bet: 1 }, { amounts: { currencies: { gc: 2 } } })).toMatchObject({
    ok: true,
  });
  expect(checkBet(session, { bet: 1.00001 })).toMatchObject({ ok: false, code: 'BET_INVALID' }); // gc ×100: 4 decimals
});

it('writes the stored session back after a free round: the offer counted down, until checkBet refuses it', async () => {
  const mg = clientFor(sandbox);
  const launchToken = await sandbox.mgplus.mintLaunchToken({ player: 'coins' });
  const auth = await mg.authenticate({ launchToken, game: MG_GAME, ip: PLAYER_IP, platform: 'desktop' });
  const { sessionId } = await mg.openSession(auth);
  const daily = { offerId: 501, instanceId: 11 };
  const remaining = async () =>
    (await mg.session(sessionId))!.freeGames.find((o) => o.instanceId === daily.instanceId)!
      .numberOfRoundsRemaining;
  const before = await remaining();
  expect(before).toBeGreaterThan(0);
  let left = before;
  while (left > 0) {
    const session = (await mg.session(sessionId))!;
    const checked = mg.checkBet(session, { bet: 10, freeGame: daily });
    expect(checked).toMatchObject({
      ok: true,
      bet: 10,
      offer: { offerId: 501, numberOfRoundsRemaining: left },
    });
    await mg.playRound(session, { bet: 10, freeGame: daily, payout: () => 0 });
    expect(await remaining()).toBe(left - 1);
    left -= 1;
  }
  const spent = (await mg.session(sessionId))!;
  expect(mg.checkBet(spent, { bet: 10, freeGame: daily })).toMatchObject({
    ok: false,
    code: 'FREE_GAME_UNAVAILABLE',
  });
  // What the store says is what MG+ says: the next free round would be refused by the wallet too.
  expect((await mg.balance(spent)).freeGames).toEqual(spent.freeGames);
});
