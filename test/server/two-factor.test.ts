/**
 * 2FA throttling ahead of the platform's lock (the platform counts an account's wrong codes until its next
 * successful login and locks it for 60 s at the 5th). Relay mode is driven against the sandbox's real `otpAuth`
 * over loopback HTTP, on one injected clock; sign mode, the memory bound and one address across many accounts use a
 * recording platform.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { createSigningHandler, type SigningHandlerOptions } from '../../src/server/index.js';
import { TwoFactorGuard, type TwoFactorGuardOptions } from '../../src/server/plyr/two-factor-limit.js';
import { prng } from '../helpers/prng.js';
import {
  ManualClock,
  readAnswer,
  recordingFetch,
  relayRequest,
  sandboxKeys,
  signRequest,
  testHandler,
} from '../helpers/server-harness.js';

const ATTACKER = '203.0.113.66';
const OWNER = '198.51.100.20';
const MINUTE = 60_000;

const loginBody = (plyrId: string, otp: string) => ({ plyrId, otp });
const invalidCode = () =>
  new Response(JSON.stringify({ error: 'Invalid 2fa token' }), {
    status: 401,
    headers: { 'content-type': 'application/json' },
  });

describe('relay mode against the sandbox: one attacker address cannot lock the owner out', () => {
  const clock = new ManualClock(Date.UTC(2026, 0, 5, 12, 0, 0));
  let sandbox: Sandbox;
  /** Every 2FA answer the platform gave, in order. */
  const platformAnswers: { at: number; otp: string; status: number; error?: string }[] = [];

  beforeAll(async () => {
    sandbox = await startSandbox({ now: clock.now });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  function relay(overrides: Partial<SigningHandlerOptions> = {}) {
    return createSigningHandler({
      ...sandboxKeys(sandbox),
      mode: 'relay',
      basePath: '/plyr/relay',
      now: clock.now,
      fetch: async (input, init) => {
        const answer = await fetch(input, init);
        if (input.endsWith('/api/user/login')) {
          const { otp } = JSON.parse(String(init.body)) as { otp: string };
          const { error } = (await answer.clone().json()) as { error?: string };
          platformAnswers.push({ at: clock.ms, otp, status: answer.status, ...(error ? { error } : {}) });
        }
        return answer;
      },
      ...overrides,
    });
  }

  /** A code the sandbox refuses now (not in the previous, current or next 30 s step), never sent before. */
  const used = new Set<string>();
  function wrongCode(): string {
    const valid = new Set([-30_000, 0, 30_000].map((d) => sandbox.totp('demo-player', clock.ms + d)));
    for (let n = used.size * 7919; ; n++) {
      const code = String(n % 1_000_000).padStart(6, '0');
      if (!valid.has(code) && !used.has(code)) {
        used.add(code);
        return code;
      }
    }
  }

  it('lets at most 4 wrong codes a minute through, never a 5th before the next login; the owner gets in', async () => {
    const handler = relay();
    const login = async (otp: string, clientIp: string) =>
      readAnswer(
        await handler(relayRequest('POST', '/api/user/login', loginBody('demo-player', otp)), { clientIp }),
      );
    const start = clock.ms;
    platformAnswers.length = 0;
    let ownerIn = 0;
    const refusals: Record<string, unknown>[] = [];
    // Ten minutes: the attacker guesses every 2 s; the owner types the right code once a minute.
    for (let second = 0; second < 600; second++) {
      clock.ms = start + second * 1000;
      if (second % 60 === 37) {
        const answer = await login(sandbox.totp('demo-player', clock.ms), OWNER);
        if (answer.status === 200) ownerIn++;
      }
      if (second % 2 === 0) {
        const answer = await login(wrongCode(), ATTACKER);
        if (answer.status === 429) refusals.push(answer.json);
        else expect(answer.json).toEqual({ error: 'Invalid 2fa token' });
      }
    }
    expect(ownerIn).toBeGreaterThanOrEqual(8);
    expect(platformAnswers.filter((a) => a.error === 'User is temporary locked')).toEqual([]);
    const wrong = platformAnswers.filter((a) => a.error === 'Invalid 2fa token');
    let sinceLogin = 0;
    for (const answer of platformAnswers) {
      sinceLogin = answer.status === 200 ? 0 : sinceLogin + 1;
      expect(sinceLogin).toBeLessThanOrEqual(4); // the platform's count never reaches its 5th
      const inMinute = wrong.filter((w) => w.at > answer.at - MINUTE && w.at <= answer.at);
      expect(inMinute.length).toBeLessThanOrEqual(4);
    }
    // What the client sees: a 429 it can tell from the others (the login scene offers PLYR[CONNECT]).
    expect(refusals.length).toBeGreaterThan(200);
    expect(refusals[0]).toEqual({
      error: expect.any(String),
      code: 'RATE_LIMITED',
      retryAfterMs: expect.any(Number),
      scope: 'twoFactor',
    });
  }, 30_000);

  it('keeps an attacker address at 4 wrong codes for as long as the owner does not sign in', async () => {
    clock.advance(10 * MINUTE);
    const handler = relay();
    const attempt = async (otp: string, clientIp = ATTACKER) =>
      (await handler(relayRequest('POST', '/api/user/login', loginBody('second-player', otp)), { clientIp }))
        .status;
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) {
      statuses.push(await attempt(wrongCode()));
      clock.advance(MINUTE); // an hour, one guess a minute
    }
    expect(statuses.slice(0, 4)).toEqual([401, 401, 401, 401]);
    expect(new Set(statuses.slice(4))).toEqual(new Set([429]));
    // The owner signs in from elsewhere (the account is not locked); then the attacker's count starts again.
    expect(await attempt(sandbox.totp('second-player', clock.ms), OWNER)).toBe(200);
    clock.advance(1000);
    expect(await attempt(wrongCode())).toBe(401);
  });
});

describe('2FA strikes in relay mode (what the platform answered)', () => {
  function relayWith(reply: () => Response | Promise<Response>, rateLimit: object = {}) {
    const clock = new ManualClock();
    const platform = recordingFetch(reply);
    const handler = testHandler({
      mode: 'relay',
      basePath: '/plyr/relay',
      now: clock.now,
      fetch: platform.fetch,
      rateLimit,
    });
    const login = async (clientIp: string, plyrId = 'victim-player') =>
      readAnswer(
        await handler(relayRequest('POST', '/api/user/login', loginBody(plyrId, '000000')), { clientIp }),
      );
    return { clock, platform, login };
  }

  it('refunds answers that did not check the code (unknown user, replayed code, key, lock), keeps 5xx and wrong codes', async () => {
    const answers = [
      () => new Response('{"error":"User not found"}', { status: 404 }),
      () => new Response('{"error":"2FA token already used"}', { status: 401 }),
      () => new Response('{"error":"Invalid API key"}', { status: 401 }),
      () => new Response('{"error":"User is temporary locked"}', { status: 403 }),
    ];
    for (const reply of answers) {
      const { login } = relayWith(reply);
      for (let i = 0; i < 8; i++) expect((await login(ATTACKER)).status).not.toBe(429);
    }
    for (const reply of [invalidCode, () => new Response('oops', { status: 502 })]) {
      const { login } = relayWith(reply);
      for (let i = 0; i < 4; i++) expect((await login(ATTACKER)).status).not.toBe(429);
      expect((await login(ATTACKER)).status).toBe(429);
    }
  });

  it('one wrong code from the lock, only an address without a failure since the last login may try', async () => {
    const { clock, login } = relayWith(invalidCode);
    for (let i = 0; i < 3; i++) expect((await login('192.0.2.1')).status).toBe(401);
    expect((await login('192.0.2.2')).status).toBe(401); // the account is now at 4
    clock.advance(2 * MINUTE); // windows are over: only the lock rule is left
    expect((await login('192.0.2.1')).json).toMatchObject({ code: 'RATE_LIMITED', scope: 'twoFactor' });
    expect((await login('192.0.2.2')).status).toBe(429);
    expect((await login('192.0.2.3')).status).toBe(401); // a fresh address (the owner's, say)
  });

  it('keeps an attacked account when 10,000 other PLYR[ID]s fill the memory, and lets every newcomer in', async () => {
    const { platform, login } = relayWith(invalidCode, { perIp: false });
    for (let i = 0; i < 4; i++) expect((await login(ATTACKER)).status).toBe(401);
    expect((await login(ATTACKER)).status).toBe(429);
    const statuses = new Map<number, number>();
    for (let i = 0; i < 10_000; i++) {
      const { status } = await login(`10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`, `other-player-${i}`);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
    // 10,000 records at most per table: the oldest that refused nothing made room; the attack was not forgotten.
    expect(statuses).toEqual(new Map([[401, 10_000]]));
    expect((await login(ATTACKER)).status).toBe(429);
    expect(platform.calls.filter((c) => c.body?.includes('victim-player'))).toHaveLength(4);
  }, 30_000);
});

describe('a full table (memory state)', () => {
  const guardOf = (clock: ManualClock, overrides: Partial<TwoFactorGuardOptions> = {}) =>
    new TwoFactorGuard({
      perAccount: undefined,
      perIpAndAccount: { tokens: 4, intervalMs: MINUTE },
      perIp: undefined,
      memoryMs: 24 * 60 * MINUTE,
      maxKeys: 10,
      now: clock.now,
      ...overrides,
    });
  const verdict = (take: () => unknown) => {
    try {
      take();
      return 'ok';
    } catch (error) {
      return (error as Error).message;
    }
  };

  it('drops what refuses nothing, oldest first, never a refusal; only a table of refusals turns a newcomer away', () => {
    const clock = new ManualClock();
    const guard = guardOf(clock);
    for (let i = 0; i < 4; i++) guard.begin(ATTACKER, 'victim-player');
    clock.advance(2 * MINUTE);
    // Twenty newcomers, one wrong code each, through tables of 10: each gets in.
    for (let i = 0; i < 20; i++) expect(verdict(() => guard.begin(`192.0.2.${i}`, `player-${i}`))).toBe('ok');
    // The attacker's record (at its cap) and the account's (one wrong code from the lock) were kept.
    expect(verdict(() => guard.begin(ATTACKER, 'victim-player'))).toMatch(/for this PLYR\[ID\]/);
    expect(verdict(() => guard.begin('192.0.2.1', 'victim-player'))).toBe('ok'); // no strike here since login
    // The newest of the newcomers were kept: player-19's address is still at one strike.
    for (let i = 0; i < 3; i++) guard.begin('192.0.2.19', 'player-19');
    expect(verdict(() => guard.begin('192.0.2.19', 'player-19'))).toMatch(/for this PLYR\[ID\]/);

    // Tables of refusals only (ten addresses at their cap on ten accounts): a newcomer waits, the refusals stay.
    const full = guardOf(clock);
    for (let i = 0; i < 10; i++) for (let n = 0; n < 4; n++) full.begin(`198.51.100.${i}`, `held-${i}`);
    expect(verdict(() => full.begin(OWNER, 'newcomer'))).toMatch(/being refused/);
    expect(verdict(() => full.begin('198.51.100.3', 'held-3'))).toMatch(/for this PLYR\[ID\]/);
    clock.advance(24 * 60 * MINUTE); // the strikes stop counting: the records refuse nothing now
    expect(verdict(() => full.begin(OWNER, 'newcomer'))).toBe('ok');
  });

  it('makes room from the least recently struck', () => {
    const clock = new ManualClock();
    const guard = guardOf(clock, { maxKeys: 3 });
    const strike = (ip: string, times = 1) => {
      for (let i = 0; i < times; i++) guard.begin(ip, `account-${ip}`);
      clock.advance(1000);
    };
    strike('192.0.2.1');
    strike('192.0.2.2');
    strike('192.0.2.1'); // struck again: now the most recent
    strike('192.0.2.3');
    strike('192.0.2.4'); // a full table: the least recently struck record goes
    expect(verdict(() => strike('192.0.2.1', 2))).toBe('ok');
    expect(verdict(() => strike('192.0.2.1'))).toMatch(/for this PLYR\[ID\]/); // kept: at 4 now
    clock.advance(2 * MINUTE);
    expect(verdict(() => strike('192.0.2.2', 4))).toBe('ok'); // forgotten: a fresh record
  });

  it('one address alone never fills a table, so never gets a 5th strike on an account nor turns anyone away', () => {
    const rng = prng(2323);
    const clock = new ManualClock();
    // The address's budget lets it make at most 2 + 2 × 10 records of each kind within `memoryMs`: well below 30.
    const guard = guardOf(clock, {
      perIp: { tokens: 2, intervalMs: MINUTE },
      perAccount: { tokens: 10, intervalMs: MINUTE },
      memoryMs: 10 * MINUTE,
      maxKeys: 30,
    });
    const kept = new Map<string, number[]>();
    let taken = 0;
    for (let i = 0; i < 20_000; i++) {
      clock.advance(rng.int(3) === 0 ? rng.int(40_000) : rng.int(2000));
      const account = `player-${rng.int(120)}`;
      let ticket: ReturnType<TwoFactorGuard['begin']>;
      try {
        ticket = guard.begin(ATTACKER, account);
      } catch {
        continue;
      }
      taken++;
      if (rng.int(10) === 0) {
        guard.settle(ticket, 'notChecked');
        continue;
      }
      const times = [...(kept.get(account) ?? []), clock.ms].filter((t) => t > clock.ms - 10 * MINUTE);
      kept.set(account, times);
      expect(times.length).toBeLessThanOrEqual(4); // what the platform would count (no login meanwhile)
      if (i % 100 === 0) expect(verdict(() => guard.begin(`2001:db8:${i}::1`, `stranger-${i}`))).toBe('ok');
    }
    expect(taken).toBeGreaterThan(1000);
  });
});

describe('2FA strikes in sign mode (the endpoint never sees the answer)', () => {
  it('signs at most 4 codes per address and PLYR[ID] within 15 minutes, each counted as wrong', async () => {
    const clock = new ManualClock();
    const handler = testHandler({ now: clock.now, rateLimit: {} });
    const sign = async (clientIp = ATTACKER) =>
      readAnswer(
        await handler(
          signRequest({
            method: 'POST',
            path: '/api/user/login',
            body: loginBody('victim-player', '000000'),
          }),
          {
            clientIp,
          },
        ),
      );
    for (let i = 0; i < 4; i++) expect((await sign()).status).toBe(200);
    expect((await sign()).json).toMatchObject({ code: 'RATE_LIMITED', scope: 'twoFactor' });
    clock.advance(5 * MINUTE);
    expect((await sign()).status).toBe(429);
    expect((await sign(OWNER)).status).toBe(200); // another address still may
    clock.advance(10 * MINUTE + 1);
    expect((await sign()).status).toBe(200);
  });
});

describe('one address across many accounts (issue #23: one address filled the strikes table and locked everyone out)', () => {
  const RIGHT_CODE = '424242';
  /** The platform: every account exists (`/api/user/exists` tells an attacker which do); one code is right. */
  function platformOf(clock: ManualClock) {
    const platform = recordingFetch((call) => {
      const { otp } = JSON.parse(call.body ?? '{}') as { otp?: string };
      return otp === RIGHT_CODE
        ? new Response('{"ok":true}', { status: 200, headers: { 'content-type': 'application/json' } })
        : invalidCode();
    });
    const handler = testHandler({
      mode: 'relay',
      basePath: '/plyr/relay',
      now: clock.now,
      fetch: platform.fetch,
      rateLimit: {}, // the defaults
    });
    const login = async (clientIp: string, plyrId: string, otp: string) =>
      readAnswer(
        await handler(relayRequest('POST', '/api/user/login', loginBody(plyrId, otp)), { clientIp }),
      );
    return { platform, login };
  }

  it('one wrong code to each of 10,000 accounts, at the rate the endpoint lets through: a stranger still signs in at once', async () => {
    const clock = new ManualClock();
    const { login } = platformOf(clock);
    const start = clock.ms;
    let waits = 0;
    for (let i = 0; i < 10_000; i++) {
      // As fast as the endpoint lets it: on a 429 the attacker waits exactly what it was told, then tries again.
      for (;;) {
        const answer = await login(ATTACKER, `player-${i}`, '000000');
        if (answer.status !== 429) {
          expect(answer.json).toEqual({ error: 'Invalid 2fa token' });
          break;
        }
        waits++;
        clock.advance(Number(answer.json.retryAfterMs));
      }
    }
    const hours = (clock.ms - start) / (60 * MINUTE);
    // A stranger from a fresh address: a fresh account, and one of the attacked ones (one wrong code on it).
    expect((await login(OWNER, 'stranger-player', RIGHT_CODE)).status).toBe(200);
    expect((await login('2001:db8:77::5', 'player-5000', RIGHT_CODE)).status).toBe(200);
    // The attacker is the one refused: at most 30 wrong codes an hour from one address, across all accounts.
    expect(hours).toBeGreaterThanOrEqual((10_000 - 30) / 30);
    expect((await login(ATTACKER, 'player-10000', '000000')).json).toMatchObject({
      code: 'RATE_LIMITED',
      scope: 'twoFactor',
    });
    expect(waits).toBeGreaterThan(0);
  }, 60_000);
});
