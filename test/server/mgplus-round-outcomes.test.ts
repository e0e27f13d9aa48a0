/**
 * A round whose money moved is never reported as failed: playRound keeps settling until its deadline and answers
 * the real outcome (settled, or pending with the round id), `round(roundId)` and the `recovered` event tell the end,
 * the recovery loop runs by itself, and two recoveries never settle one round (leases).
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Sandbox } from '../../src/sandbox/index.js';
import {
  createMemoryJournal,
  type MgPlusJournal,
  type MgPlusRoundStatus,
  type MgPlusSession,
} from '../../src/server/index.js';
import {
  clientFor,
  mortalClient,
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

const movesOf = (roundId: string) =>
  sandbox.mgplus
    .ledger()
    .entries.filter((e) => e.roundId === roundId)
    .map((e) => `${e.kind} ${e.amount}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const hang = () => new Promise<never>(() => {});

it('settles a round on a slow wallet instead of reporting TIMEOUT while the credit lands', async () => {
  const mg = clientFor(sandbox, { timeoutMs: 200, recovery: false });
  const session = await sessionFor(sandbox, mg, 'test');
  const start = sandbox.mgplus.ledger().balances[session.playerId]!;
  sandbox.mgplus.faults.once({ kind: 'slow', transactionType: 'credit', delayMs: 600, times: 50 });
  const round = await mg.playRound(session, { bet: 2, payout: () => 5 });
  sandbox.mgplus.faults.clear();
  expect(round).toMatchObject({ status: 'settled', win: 5, balance: start + 3 });
  await sleep(700); // every slow attempt has reached the books by now
  expect(movesOf(round.roundId)).toEqual(['debit 2', 'credit 5']);
});

it('answers pending when the deadline passes, then recovery settles it: round() and `recovered` tell the end', async () => {
  const journal = createMemoryJournal();
  const mg = clientFor(sandbox, {
    journal,
    timeoutMs: 100,
    rounds: { settleWithinMs: 250 },
    recovery: { intervalMs: 50 },
  });
  const session = await sessionFor(sandbox, mg, 'test');
  const start = sandbox.mgplus.ledger().balances[session.playerId]!;
  const ended: MgPlusRoundStatus[] = [];
  mg.on('recovered', (outcome) => ended.push(outcome));
  sandbox.mgplus.faults.once({ kind: 'slow', transactionType: 'credit', delayMs: 400, times: 4 });
  const round = await mg.playRound(session, { bet: 1, payout: () => 4 });
  expect(round).toMatchObject({ status: 'pending', stage: 'credit', win: 4, bet: 1 });
  expect(await mg.round(round.roundId)).toMatchObject({ status: 'pending', stage: 'credit' });

  for (let i = 0; i < 100 && ended.length === 0; i++) await sleep(20);
  mg.close();
  expect(ended).toEqual([expect.objectContaining({ roundId: round.roundId, status: 'settled', win: 4 })]);
  expect(await mg.round(round.roundId)).toMatchObject({ status: 'settled', win: 4, balance: start + 3 });
  await sleep(450);
  expect(movesOf(round.roundId)).toEqual(['debit 1', 'credit 4']);
  expect(sandbox.mgplus.ledger().balances[session.playerId]).toBe(start + 3);
});

it('keeps retrying a credit whose answers are lost after the money moved: settled, never CREDIT_FAILED', async () => {
  const mg = clientFor(sandbox, { retry: { attempts: 2, baseDelayMs: 1, jitter: false }, recovery: false });
  const session = await sessionFor(sandbox, mg, 'eur');
  sandbox.mgplus.faults.once({ kind: 'error-after', transactionType: 'credit', times: 6 });
  const round = settled(await mg.playRound(session, { bet: 1, payout: () => 2 }));
  expect(movesOf(round.roundId)).toEqual(['debit 1', 'credit 2']);
});

const deadRound = (journal: MgPlusJournal, session: MgPlusSession, roundId: string) =>
  roundLeftByCrash(sandbox, journal, session, roundId);

it('two concurrent recover({ undecided: close }) settle a round once and never mark it failed', async () => {
  const journal = createMemoryJournal();
  const session = await sessionFor(sandbox, clientFor(sandbox), 'test');
  await deadRound(journal, session, 'twice-recovered');
  const [a, b] = [clientFor(sandbox, { journal }), clientFor(sandbox, { journal })];
  const reports = await Promise.all([a.recover({ undecided: 'close' }), b.recover({ undecided: 'close' })]);
  expect(reports.map((r) => r.failed)).toEqual([0, 0]);
  expect(reports[0]!.settled + reports[1]!.settled).toBe(1);
  expect(movesOf('twice-recovered')).toEqual(['debit 1', 'credit 0']);
  expect(await a.round('twice-recovered')).toMatchObject({ status: 'settled', win: 0 });
});

it('runs the recovery loop while the server lives: a dead round is settled without calling recover()', async () => {
  const journal = createMemoryJournal();
  const mg = clientFor(sandbox, { journal, recovery: { intervalMs: 30 } });
  const session = await sessionFor(sandbox, mg, 'test');
  const ended: MgPlusRoundStatus[] = [];
  mg.on('recovered', (outcome) => ended.push(outcome));
  await deadRound(journal, session, 'left-by-a-crash');
  settled(await mg.playRound(session, { bet: 1, payout: () => 1 })); // the first round starts the loop
  for (let i = 0; i < 100 && ended.length === 0; i++) await sleep(20);
  mg.close();
  expect(ended).toEqual([expect.objectContaining({ roundId: 'left-by-a-crash', status: 'cancelled' })]);
  expect(movesOf('left-by-a-crash')).toEqual(['debit 1', 'rollback 1']);
  expect(await journal.unfinished()).toEqual([]);
});

it('leaves a round to the process that holds its lease', async () => {
  const journal = createMemoryJournal();
  const session = await sessionFor(sandbox, clientFor(sandbox), 'test');
  const mortal = mortalClient(sandbox, journal, { rounds: { leaseMs: 60_000 } });
  await new Promise<void>((debited) => {
    mortal.client
      .playRound(session, {
        bet: 1,
        roundId: 'still-leased',
        payout: () => {
          mortal.kill();
          debited();
          return hang();
        },
      })
      .catch(() => {});
  });
  const report = await clientFor(sandbox, { journal }).recover();
  expect(report).toMatchObject({ examined: 1, settled: 0, cancelled: 0, stillOpen: ['still-leased'] });
  expect(movesOf('still-leased')).toEqual(['debit 1']);
  await journal.release?.('still-leased', 'nobody'); // not the owner: the lease stays
  expect((await clientFor(sandbox, { journal }).recover()).stillOpen).toEqual(['still-leased']);
});
