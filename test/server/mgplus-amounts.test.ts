/**
 * Amounts that cannot be wrong: bets and payouts are checked before money moves (finite, positive, the currency's
 * decimals at its reported scale, a sane maximum), and payouts stay within the cap (`maxExposure` by default). A
 * refusal is a typed MgPlusError; a refused bet sends nothing, a refused payout rolls the bet back.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Sandbox } from '../../src/sandbox/index.js';
import { createMemoryJournal, createMgPlusClient, isMgPlusError } from '../../src/server/index.js';
import {
  clientFor,
  MG_PROVIDER,
  MG_SECRET,
  sessionFor,
  settled,
  startMgSandbox,
} from '../helpers/mgplus-wallet.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startMgSandbox();
});
afterAll(() => sandbox.close());

const movesOf = (roundId: string) =>
  sandbox.mgplus
    .ledger()
    .entries.filter((e) => e.roundId === roundId)
    .map((e) => `${e.kind} ${e.amount}`);

async function refusal(promise: Promise<unknown>): Promise<{ code: string; retryable: boolean }> {
  try {
    await promise;
  } catch (error) {
    if (isMgPlusError(error)) return { code: error.code, retryable: error.retryable };
    throw error;
  }
  throw new Error('did not reject');
}

it('caps payouts at maxExposure: 20,000 for a EUR player (maxExposure 10,000) rolls the bet back', async () => {
  const journal = createMemoryJournal();
  const mg = clientFor(sandbox, { journal });
  const session = await sessionFor(sandbox, mg, 'eur');
  const start = sandbox.mgplus.ledger().balances[session.playerId]!;
  expect(await refusal(mg.playRound(session, { bet: 1, roundId: 'over-cap', payout: () => 20_000 }))).toEqual(
    { code: 'PAYOUT_OVER_CAP', retryable: false },
  );
  expect(movesOf('over-cap')).toEqual(['debit 1', 'rollback 1']);
  expect(sandbox.mgplus.ledger().balances[session.playerId]).toBe(start);
  expect(await mg.round('over-cap')).toMatchObject({ status: 'cancelled' });
  // At the cap is fine; the cap can be raised or turned off.
  expect(settled(await mg.playRound(session, { bet: 1, payout: () => 10_000 })).win).toBe(10_000);
  const raised = clientFor(sandbox, { amounts: { payoutCap: 30_000 } });
  expect(settled(await raised.playRound(session, { bet: 1, payout: () => 20_000 })).win).toBe(20_000);
  const off = clientFor(sandbox, { amounts: { payoutCap: 'off' } });
  expect(settled(await off.playRound(session, { bet: 1, payout: () => 25_000 })).win).toBe(25_000);
});

it('refuses payouts of 1e300 and 2^53+2 (the cap off): the bet is rolled back', async () => {
  const mg = clientFor(sandbox, { amounts: { payoutCap: 'off' } });
  const session = await sessionFor(sandbox, mg, 'test');
  for (const [roundId, payout] of [
    ['huge-payout', 1e300],
    ['unsafe-payout', 2 ** 53 + 2],
  ] as const) {
    expect(await refusal(mg.playRound(session, { bet: 1, roundId, payout: () => payout }))).toEqual({
      code: 'AMOUNT_INVALID',
      retryable: false,
    });
    expect(movesOf(roundId)).toEqual(['debit 1', 'rollback 1']);
  }
});

it('refuses a bet of 0.123456789 EUR before anything is sent or journaled', async () => {
  const journal = createMemoryJournal();
  const mg = clientFor(sandbox, { journal });
  const session = await sessionFor(sandbox, mg, 'eur');
  const before = sandbox.mgplus.ledger().entries.length;
  for (const bet of [0.123456789, 0.001, Number.NaN, Number.POSITIVE_INFINITY, -1, 0, 1e300, 2 ** 53 + 2])
    expect(await refusal(mg.playRound(session, { bet, roundId: `bad-bet-${bet}`, payout: () => 0 }))).toEqual(
      {
        code: 'AMOUNT_INVALID',
        retryable: false,
      },
    );
  expect(
    await refusal(mg.playRound(session, { bet: '1' as unknown as number, payout: () => 0 })),
  ).toMatchObject({ code: 'AMOUNT_INVALID' });
  expect(sandbox.mgplus.ledger().entries.length).toBe(before);
  expect(journal.rounds()).toEqual([]);
  expect(settled(await mg.playRound(session, { bet: 0.12, payout: () => 0.05 })).win).toBe(0.05);
});

it('allows the decimals of the currency at its reported scale: IDR with truncation 1000 takes 5', async () => {
  const mg = clientFor(sandbox);
  const session = await sessionFor(sandbox, mg, 'idr');
  expect(settled(await mg.playRound(session, { bet: 1.00001, payout: () => 0.00002 })).win).toBe(0.00002);
  expect(await refusal(mg.playRound(session, { bet: 1.000001, payout: () => 0 }))).toMatchObject({
    code: 'AMOUNT_INVALID',
  });
});

it('refuses a currency it has no decimals for, unless the game names them', async () => {
  const unconfigured = createMgPlusClient({
    baseUrl: sandbox.url,
    sharedSecret: MG_SECRET,
    provider: MG_PROVIDER,
  });
  const session = await sessionFor(sandbox, unconfigured, 'coins');
  const before = sandbox.mgplus.ledger().entries.length;
  expect(await refusal(unconfigured.playRound(session, { bet: 1, payout: () => 0 }))).toEqual({
    code: 'CURRENCY_UNKNOWN',
    retryable: false,
  });
  expect(sandbox.mgplus.ledger().entries.length).toBe(before);
  const named = clientFor(sandbox, { amounts: { currencies: { GC: 2 } } });
  expect(settled(await named.playRound(session, { bet: 1.5, payout: () => 0 })).bet).toBe(1.5);
  // Assumed decimals are the currency's own: the coins' truncation 100 adds 2 to them.
  const lenient = clientFor(sandbox, { amounts: { unknownCurrency: 0 } });
  expect(settled(await lenient.playRound(session, { bet: 1.25, payout: () => 0 })).bet).toBe(1.25);
  expect(await refusal(lenient.playRound(session, { bet: 1.255, payout: () => 0 }))).toMatchObject({
    code: 'AMOUNT_INVALID',
  });
});

it('refuses bad amount options at creation', () => {
  const base = { baseUrl: sandbox.url, sharedSecret: MG_SECRET, provider: MG_PROVIDER };
  expect(() => createMgPlusClient({ ...base, amounts: { currencies: { gc: 1.5 } } })).toThrow(TypeError);
  expect(() => createMgPlusClient({ ...base, amounts: { unknownCurrency: -1 } })).toThrow(TypeError);
  expect(() => createMgPlusClient({ ...base, amounts: { maxAmount: 0 } })).toThrow(TypeError);
  expect(() => createMgPlusClient({ ...base, amounts: { payoutCap: Number.NaN } })).toThrow(TypeError);
});
