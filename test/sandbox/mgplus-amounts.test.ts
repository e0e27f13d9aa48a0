/**
 * The sandbox MG+ wallet keeps exact amounts (issue #23): BigInt units at each player's scale, an amount with more
 * decimals than the player's currency carries refused rather than rounded, amounts and balances bounded by 10^15
 * units, and the ledger's exact texts beside its numbers. Hand-signed requests over real HTTP, as in
 * mgplus-wallet.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { MgPlusLedgerSnapshot, Sandbox } from '../../src/sandbox/index.js';
import type { MgPlusSession } from '../../src/server/index.js';
import {
  clientFor,
  codeOf,
  MG_GAME,
  MG_PROVIDER,
  mgSignature,
  sessionFor,
  startMgSandbox,
  walletPost,
} from '../helpers/mgplus-wallet.js';

let sandbox: Sandbox;
const sessions: Record<string, MgPlusSession> = {};
beforeAll(async () => {
  sandbox = await startMgSandbox();
  const mg = clientFor(sandbox);
  for (const label of ['eur', 'btc', 'idr', 'coins', 'test', 'opaque'])
    sessions[label] = await sessionFor(sandbox, mg, label);
});
afterAll(() => sandbox.close());

const base = (s: MgPlusSession) => ({ playerId: s.playerId, provider: MG_PROVIDER, game: MG_GAME });
const tx = (s: MgPlusSession, fields: Record<string, unknown>) =>
  walletPost(
    sandbox,
    '/v1/transaction',
    { ...base(s), ip: s.ip, roundFinished: false, ...fields },
    s.playerToken,
  );
const debit = (transactionId: string, roundId: string, amount: unknown, roundFinished = false) => ({
  transactionId,
  roundId,
  amount,
  transactionType: 'debit',
  roundFinished,
});
const credit = (transactionId: string, roundId: string, amount: unknown, roundFinished = true) => ({
  transactionId,
  roundId,
  amount,
  transactionType: 'credit',
  roundFinished,
});
/** A transaction whose JSON is written by hand (`amountJson` as is: 1e400, -1e400, …), signed like any other. */
async function rawTx(s: MgPlusSession, fields: Record<string, unknown>, amountJson: string) {
  const text = JSON.stringify({ ...base(s), ip: s.ip, ...fields }).replace(/}$/, `,"amount":${amountJson}}`);
  const response = await fetch(`${sandbox.url}/v1/transaction`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-request-id': randomUUID(),
      'x-hmac-signature': mgSignature(text),
      authorization: `Bearer ${s.playerToken}`,
    },
    body: text,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
const books = () => sandbox.mgplus.ledger();
/** What a refusal must leave as it was: moves, balances, recorded transaction ids, open rounds. */
const state = (b: MgPlusLedgerSnapshot) => ({
  entries: b.entries.length,
  balances: b.balances,
  balanceTexts: b.balanceTexts,
  transactions: b.transactions,
  openRounds: b.openRounds,
});
/** Decimal text of `units` × 10^-decimals without trailing zeros (2500n, 2 → "25"), written here, not by the wallet. */
function text(units: bigint, decimals: number): string {
  const scale = 10n ** BigInt(decimals);
  const fraction = String(units % scale)
    .padStart(decimals, '0')
    .replace(/0+$/, '');
  return `${units / scale}${fraction === '' ? '' : `.${fraction}`}`;
}
/** Exact units of a decimal text at `decimals` ("-0.5", 2 → -50n). */
function exact(text: string, decimals: number): bigint {
  const [whole = '0', fraction = ''] = text.replace('-', '').split('.');
  expect(fraction.length).toBeLessThanOrEqual(decimals);
  const units = BigInt(whole + fraction.padEnd(decimals, '0'));
  return text.startsWith('-') ? -units : units;
}

describe('exact amounts', () => {
  it('refuses a 1e300 credit and a 1e300 debit: the starting balance survives', async () => {
    const coins = sessions.coins!;
    const start = books().balances[coins.playerId]!;
    expect(start).toBe(2500);
    expect((await tx(coins, debit('huge-d', 'huge-r', 1))).status).toBe(200);
    const before = state(books());
    expect(codeOf(await tx(coins, credit('huge-c', 'huge-r', 1e300, false)))).toBe('VALIDATION_FAILED');
    expect(codeOf(await tx(coins, debit('huge-d2', 'huge-r2', 1e300)))).toBe('VALIDATION_FAILED');
    expect(state(books())).toEqual(before);
    expect((await tx(coins, credit('huge-c2', 'huge-r', 1))).body).toMatchObject({ balance: start });
    expect(books().balanceTexts[coins.playerId]).toBe('2500');
  });

  it('refuses 0.123456789 EUR with VALIDATION_FAILED and moves nothing; the id stays free', async () => {
    const eur = sessions.eur!;
    const before = state(books());
    const refused = await tx(eur, debit('digits-d', 'digits-r', 0.123456789));
    expect([refused.status, codeOf(refused)]).toEqual([400, 'VALIDATION_FAILED']);
    expect(refused.body).toEqual({ error: { code: 'VALIDATION_FAILED', message: expect.any(String) } });
    expect(state(books())).toEqual(before);
    // A refusal of the request model is not recorded: the same transactionId goes through with 0.12.
    expect((await tx(eur, debit('digits-d', 'digits-r', 0.12))).status).toBe(200);
    expect(codeOf(await tx(eur, credit('digits-c', 'digits-r', 0.001)))).toBe('VALIDATION_FAILED');
    expect((await tx(eur, credit('digits-c', 'digits-r', 0.1))).status).toBe(200);
    const moves = books().entries.filter((e) => e.roundId === 'digits-r');
    expect(moves.map((e) => [e.kind, e.amountText, e.changeText])).toEqual([
      ['debit', '0.12', '-0.12'],
      ['credit', '0.1', '0.1'],
    ]);
    expect(exact(books().balanceTexts[eur.playerId]!, 2)).toBe(
      exact(before.balanceTexts[eur.playerId]!, 2) - 2n,
    );
  });

  it('takes 5 decimals from IDR with truncation 1000 and refuses 6; every seeded player has its scale', async () => {
    // label, decimals: IDR and VND with truncation 1000 (2 + 3, 0 + 3), the coins with truncation 100 (2 + 2).
    const scales: [string, number][] = [
      ['idr', 5],
      ['eur', 2],
      ['btc', 8],
      ['opaque', 3],
      ['coins', 4],
      ['test', 2],
    ];
    for (const [label, decimals] of scales) {
      const s = sessions[label]!;
      const finest = `0.${'1'.padStart(decimals, '0')}`;
      const tooFine = `0.${'1'.padStart(decimals + 1, '0')}`;
      const before = state(books());
      const refused = await tx(s, debit(`fine-${label}`, `fine-${label}`, Number(tooFine), true));
      expect([label, codeOf(refused)]).toEqual([label, 'VALIDATION_FAILED']);
      expect(state(books())).toEqual(before);
      const taken = await tx(s, debit(`fine-${label}`, `fine-${label}`, Number(finest), true));
      expect([label, taken.status]).toEqual([label, 200]);
      const last = books().entries.at(-1)!;
      expect([last.playerId, last.changeText]).toEqual([s.playerId, `-${finest}`]);
      expect(books().decimals[s.playerId]).toBe(decimals);
    }
    // Every seeded player, authenticated or not, has a scale.
    expect(Object.keys(books().decimals).sort()).toEqual(
      sandbox.mgplus.players.map((p) => p.playerId).sort(),
    );
  });

  it('refuses negative, non-numeric, non-finite, subnormal and overlarge amounts before the books', async () => {
    const usd = sessions.test!;
    const fields = {
      transactionId: 'odd-d',
      roundId: 'odd-r',
      transactionType: 'debit',
      roundFinished: true,
    };
    const before = state(books());
    const cases: [string, string][] = [
      ['-1', 'VALIDATION_FAILED'],
      ['-0.01', 'VALIDATION_FAILED'],
      ['"1"', 'INVALID_REQUEST'],
      ['"NaN"', 'INVALID_REQUEST'],
      ['null', 'INVALID_REQUEST'],
      ['true', 'INVALID_REQUEST'],
      ['{}', 'INVALID_REQUEST'],
      ['1e400', 'INVALID_REQUEST'], // Infinity once parsed
      ['-1e400', 'INVALID_REQUEST'],
      [String(Number.MIN_VALUE), 'VALIDATION_FAILED'], // 5e-324: 324 decimals, not 0
      [String(Number.MAX_VALUE), 'VALIDATION_FAILED'],
      ['10000000000000.01', 'VALIDATION_FAILED'], // 10^15 + 1 cents
    ];
    for (const [amount, code] of cases) {
      const answer = await rawTx(usd, fields, amount);
      expect([amount, answer.status, codeOf(answer)]).toEqual([amount, 400, code]);
    }
    expect(state(books())).toEqual(before);
    expect((await rawTx(usd, fields, '0.01')).status).toBe(200);
  });

  it('adds 10,000 small debits and credits exactly, even next to the wallet maximum', async () => {
    const usd = sessions.test!;
    const id = usd.playerId;
    const start = exact(String(books().balances[id]), 2);
    const seqFrom = books().entries.length;
    // Up to 100,000 USD under the 10^15-cent maximum, where a float of 1e-8 units has long lost the cents.
    const big = 999_999_990_000_000n - start;
    expect((await tx(usd, debit('near-d', 'near-r', 0))).status).toBe(200);
    expect((await tx(usd, credit('near-c', 'near-r', Number(text(big, 2))))).status).toBe(200);

    const rounds = 5_000;
    const cents = (i: number) => ({
      bet: BigInt(((i * 37) % 500) + 1),
      win: BigInt(i % 3 === 0 ? 0 : (i * 53) % 700),
    });
    const money = (c: bigint) => Number(c) / 100; // 0.01 … 7.00: each is the closest double to its cents
    let next = 0;
    const worker = async () => {
      while (next < rounds) {
        const i = next++;
        const { bet, win } = cents(i);
        const d = await tx(usd, debit(`small-d${i}`, `small-r${i}`, money(bet)));
        const c = await tx(usd, credit(`small-c${i}`, `small-r${i}`, money(win)));
        if (d.status !== 200 || c.status !== 200) throw new Error(`round ${i}: ${d.status} ${c.status}`);
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));

    let net = big;
    for (let i = 0; i < rounds; i++) net += cents(i).win - cents(i).bet;
    const expected = start + net;
    const expectedText = text(expected, 2);
    expect(books().balances[id]).toBe(Number(expectedText));
    const answer = await walletPost(sandbox, '/v1/balance', base(usd), usd.playerToken);
    expect(answer.body).toEqual({ balance: Number(expectedText) });
    expect(books().balanceTexts[id]).toBe(expectedText);
    const moves = books()
      .entries.slice(seqFrom)
      .filter((e) => e.playerId === id);
    expect(moves).toHaveLength(2 + 2 * rounds);
    expect(moves.reduce((sum, e) => sum + exact(e.changeText, 2), 0n)).toBe(net);
    for (const e of moves) expect(e.change).toBe(Number(e.changeText));
  }, 120_000);

  it('bounds a balance at 10^15 units: a credit past it is refused; the maximum itself is exact', async () => {
    const btc = sessions.btc!;
    const id = btc.playerId;
    const max = 1_000_000_000_000_000n; // 10,000,000 BTC in satoshis
    const room = max - exact(String(books().balances[id]), 8);
    expect((await tx(btc, debit('max-d', 'max-r', 0))).status).toBe(200);
    expect((await tx(btc, credit('max-c1', 'max-r', Number(text(room, 8)), false))).body).toEqual({
      balance: 1e7,
    });
    const before = state(books());
    expect(codeOf(await tx(btc, credit('max-c2', 'max-r', 0.00000001, false)))).toBe('VALIDATION_FAILED');
    expect(codeOf(await tx(btc, debit('max-d2', 'max-r2', 10_000_000.00000001)))).toBe('VALIDATION_FAILED');
    expect(state(books())).toMatchObject({ entries: before.entries, balanceTexts: before.balanceTexts });
    expect((await tx(btc, credit('max-c3', 'max-r', 0))).status).toBe(200);
    expect((await tx(btc, debit('max-d3', 'max-r3', 1e7, true))).body).toEqual({ balance: 0 });
    expect(books().balanceTexts[id]).toBe('0');
  });

  it('serves the exact texts over HTTP as the snapshot has them', async () => {
    const served = (await (
      await fetch(`${sandbox.url}/sandbox/mgplus/ledger`)
    ).json()) as MgPlusLedgerSnapshot;
    expect(served).toEqual(books());
    for (const [playerId, text] of Object.entries(served.balanceTexts))
      expect(served.balances[playerId]).toBe(Number(text));
  });
});
