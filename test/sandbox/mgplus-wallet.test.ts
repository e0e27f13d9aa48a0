/**
 * The sandbox MG+ wallet, called with hand-signed requests (node:crypto, not plyr-kit's client): security checks,
 * idempotent transaction ids, round rules, free-game countdown, the ledger and the fault routes.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Sandbox } from '../../src/sandbox/index.js';
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
let eur: MgPlusSession;
let usd: MgPlusSession;
beforeAll(async () => {
  sandbox = await startMgSandbox();
  const mg = clientFor(sandbox);
  eur = await sessionFor(sandbox, mg, 'eur');
  usd = await sessionFor(sandbox, mg, 'test');
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
const rollback = (s: MgPlusSession, transactionId: string, roundId: string) =>
  walletPost(sandbox, '/v1/rollback', { ...base(s), transactionId, roundId }, s.playerToken);
const balance = (s: MgPlusSession) => sandbox.mgplus.ledger().balances[s.playerId]!;
const debit = (id: string, roundId: string, amount = 1) => ({
  transactionId: id,
  roundId,
  amount,
  transactionType: 'debit',
});
const credit = (id: string, roundId: string, amount = 1, roundFinished = true) => ({
  transactionId: id,
  roundId,
  amount,
  transactionType: 'credit',
  roundFinished,
});

describe('security', () => {
  it('echoes X-Request-ID and checks HMAC, Bearer token and player', async () => {
    const text = JSON.stringify(base(usd));
    const requestId = randomUUID();
    const send = (headers: Record<string, string>) =>
      fetch(`${sandbox.url}/v1/balance`, {
        method: 'POST',
        headers: { 'x-request-id': requestId, 'x-hmac-signature': mgSignature(text), ...headers },
        body: text,
      });
    const ok = await send({ authorization: `Bearer ${usd.playerToken}` });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-request-id')).toBe(requestId);
    expect(await ok.json()).toEqual({ balance: balance(usd) });
    const refusal = async (r: Response) => [
      r.status,
      ((await r.json()) as { error: { code: string } }).error.code,
    ];
    expect(await refusal(await send({}))).toEqual([401, 'PLAYER_UNAUTHORIZED']);
    expect(await refusal(await send({ authorization: `Bearer ${eur.playerToken}` }))).toEqual([
      401,
      'PLAYER_UNAUTHORIZED',
    ]);
    expect(
      await refusal(
        await send({ authorization: `Bearer ${usd.playerToken}`, 'x-hmac-signature': 'ab'.repeat(32) }),
      ),
    ).toEqual([401, 'SERVER_UNAUTHORIZED']);
    expect(
      await refusal(await send({ authorization: `Bearer ${usd.playerToken}`, 'x-request-id': 'nope' })),
    ).toEqual([400, 'INVALID_REQUEST']);
  });

  it('refuses malformed transactions before they touch the books', async () => {
    const before = sandbox.mgplus.ledger().entries.length;
    expect(codeOf(await tx(usd, { ...debit('neg', 'r-neg'), amount: -1 }))).toBe('VALIDATION_FAILED');
    expect(codeOf(await tx(usd, { ...debit('bad', 'r-bad'), transactionType: 'refund' }))).toBe(
      'INVALID_REQUEST',
    );
    expect(codeOf(await tx(usd, { ...debit('bad id!', 'r-bad') }))).toBe('INVALID_REQUEST');
    expect(sandbox.mgplus.ledger().entries.length).toBe(before);
  });
});

describe('transactions', () => {
  it('answers a repeated transactionId with the first answer and moves money once', async () => {
    const start = balance(usd);
    const first = await tx(usd, debit('idem-1', 'r-idem', 2.5));
    const again = await tx(usd, debit('idem-1', 'r-idem', 2.5));
    expect(first).toEqual({ status: 200, body: { balance: start - 2.5 } });
    expect(again).toEqual(first);
    expect(codeOf(await tx(usd, debit('idem-1', 'r-idem', 3)))).toBe('VALIDATION_FAILED');
    expect(balance(usd)).toBe(start - 2.5);
    expect(sandbox.mgplus.ledger().entries.filter((e) => e.transactionId === 'idem-1')).toHaveLength(1);
  });

  it('enforces the round rules', async () => {
    expect(codeOf(await tx(usd, credit('c-early', 'r-rules')))).toBe('VALIDATION_FAILED');
    expect((await tx(usd, debit('d-rules', 'r-rules'))).status).toBe(200);
    expect(codeOf(await tx(usd, debit('d-rules-2', 'r-rules')))).toBe('VALIDATION_FAILED');
    expect((await tx(usd, credit('c-rules-1', 'r-rules', 0.5, false))).status).toBe(200);
    expect(sandbox.mgplus.ledger().openRounds).toContain('r-rules');
    expect((await tx(usd, credit('c-rules-2', 'r-rules', 0.5, true))).status).toBe(200);
    expect(sandbox.mgplus.ledger().openRounds).not.toContain('r-rules');
    expect(codeOf(await tx(usd, credit('c-rules-3', 'r-rules')))).toBe('VALIDATION_FAILED');
    expect(codeOf(await rollback(usd, 'd-rules', 'r-rules'))).toBe('VALIDATION_FAILED');
  });

  it('rolls a round back on INSUFFICIENT_FUNDS', async () => {
    const start = balance(usd);
    expect(await tx(usd, debit('d-poor', 'r-poor', start + 1))).toMatchObject({ status: 400 });
    expect(codeOf(await tx(usd, debit('d-poor', 'r-poor', start + 1)))).toBe('INSUFFICIENT_FUNDS');
    expect(codeOf(await tx(usd, credit('c-poor', 'r-poor')))).toBe('DEBIT_ROLLED_BACK');
    expect(balance(usd)).toBe(start);
  });

  it('rolls a debit back once; later credits get DEBIT_ROLLED_BACK', async () => {
    const start = balance(usd);
    await tx(usd, debit('d-rb', 'r-rb', 4));
    expect((await rollback(usd, 'd-rb', 'r-rb')).body).toEqual({ balance: start });
    expect((await rollback(usd, 'd-rb', 'r-rb')).body).toEqual({ balance: start });
    expect(codeOf(await tx(usd, credit('c-rb', 'r-rb')))).toBe('DEBIT_ROLLED_BACK');
    expect(codeOf(await rollback(usd, 'someone-else', 'r-rb'))).toBe('VALIDATION_FAILED');
    expect(balance(usd)).toBe(start);
    const moves = sandbox.mgplus.ledger().entries.filter((e) => e.roundId === 'r-rb');
    expect(moves.map((e) => [e.kind, e.change])).toEqual([
      ['debit', -4],
      ['rollback', 4],
    ]);
  });

  it('refuses a debit that arrives after its rollback', async () => {
    const start = balance(usd);
    expect((await rollback(usd, 'd-late', 'r-late')).status).toBe(200);
    expect(codeOf(await tx(usd, debit('d-late', 'r-late', 1)))).toBe('DEBIT_ROLLED_BACK');
    expect(balance(usd)).toBe(start);
  });

  it('counts free-game rounds down; the offer pays the debit; a rollback gives the round back', async () => {
    const free = { offerId: 99, instanceId: 1 };
    const offerLeft = async () => {
      const answer = await walletPost(sandbox, '/v1/balance', base(eur), eur.playerToken);
      const offers = answer.body.freeGameInfo as { instanceInfo: { numberOfRoundsRemaining: number } }[];
      return offers[0]!.instanceInfo.numberOfRoundsRemaining;
    };
    const start = balance(eur);
    const left = await offerLeft();
    const first = await tx(eur, { ...debit('fd-1', 'fr-1', 0.5), freeGameInfo: free });
    expect(first.body.balance).toBe(start);
    expect(await offerLeft()).toBe(left - 1);
    await rollback(eur, 'fd-1', 'fr-1');
    expect(await offerLeft()).toBe(left);
    for (let i = 0; i < left; i++) {
      expect((await tx(eur, { ...debit(`fd-n${i}`, `fr-n${i}`, 0.5), freeGameInfo: free })).status).toBe(200);
      await tx(eur, { ...credit(`fc-n${i}`, `fr-n${i}`, 1), freeGameInfo: free });
    }
    expect(await offerLeft()).toBe(0);
    expect(codeOf(await tx(eur, { ...debit('fd-x', 'fr-x', 0.5), freeGameInfo: free }))).toBe(
      'VALIDATION_FAILED',
    );
    expect(balance(eur)).toBe(start + left);
  });

  it('reports the wallet balance at the next authenticate', async () => {
    const mg = clientFor(sandbox);
    const again = await mg.authenticate({
      launchToken: await sandbox.mgplus.mintLaunchToken({ player: 'test' }),
      game: MG_GAME,
      ip: usd.ip,
      platform: 'desktop',
    });
    expect(again.balance).toBe(balance(usd));
    expect(again.balance).not.toBe(5000);
  });
});

describe('ledger and faults over HTTP', () => {
  it('serves the ledger', async () => {
    const response = await fetch(`${sandbox.url}/sandbox/mgplus/ledger`);
    expect(await response.json()).toEqual(sandbox.mgplus.ledger());
  });

  it('queues one-shot faults and refuses bad ones', async () => {
    const post = async (body: unknown, method = 'POST') => {
      const r = await fetch(`${sandbox.url}/sandbox/mgplus/faults`, { method, body: JSON.stringify(body) });
      return { status: r.status, body: (await r.json()) as Record<string, unknown> };
    };
    expect((await post({ once: { kind: 'explode' } })).status).toBe(400);
    expect((await post({ rates: { slow: 2 } })).status).toBe(400);
    expect((await post({ once: [{ kind: 'retry-required', call: 'balance' }] })).status).toBe(200);
    const hit = await walletPost(sandbox, '/v1/balance', base(usd), usd.playerToken);
    expect([hit.status, codeOf(hit)]).toEqual([500, 'RETRY_REQUIRED']);
    expect((await walletPost(sandbox, '/v1/balance', base(usd), usd.playerToken)).status).toBe(200);
    const stats = await (await fetch(`${sandbox.url}/sandbox/mgplus/faults`)).json();
    expect(stats).toMatchObject({ injected: { 'retry-required': 1 } });
  });

  it('draws random faults from a seed: the same seed, the same faults', async () => {
    const statuses = async () => {
      const r = await fetch(`${sandbox.url}/sandbox/mgplus/faults`, {
        method: 'POST',
        body: JSON.stringify({ rates: { 'retry-required': 0.3, 'error-before': 0.2 }, seed: 7 }),
      });
      expect(r.status).toBe(200);
      const out: number[] = [];
      for (let i = 0; i < 40; i++)
        out.push((await walletPost(sandbox, '/v1/balance', base(usd), usd.playerToken)).status);
      await fetch(`${sandbox.url}/sandbox/mgplus/faults`, { method: 'DELETE' });
      return out;
    };
    const first = await statuses();
    expect(first.filter((s) => s === 500).length).toBeGreaterThan(8);
    expect(first.filter((s) => s === 500).length).toBeLessThan(32);
    expect(await statuses()).toEqual(first);
    expect((await walletPost(sandbox, '/v1/balance', base(usd), usd.playerToken)).status).toBe(200);
  });
});
