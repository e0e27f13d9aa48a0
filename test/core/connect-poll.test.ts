/**
 * Redirect mode's hand-off polling (`/api/auth/read/:uid` through the real signing endpoint to the sandbox) with
 * an injected clock and sleep: the interval, the deadline, a hand-off that appears late, expiry and hard errors.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pollHandOff } from '../../src/core/connect/poll.js';
import { createTransport, type Transport } from '../../src/core/transport.js';
import { approveOnSandbox } from '../helpers/connect-sandbox.js';
import { type CoreEnv, startCoreEnv } from '../helpers/core-fixture.js';
import { rejection } from '../helpers/rejection.js';

let env: CoreEnv;
let transport: Transport;
beforeAll(async () => {
  env = await startCoreEnv();
  transport = createTransport({
    signer: env.signUrl,
    apiBase: env.sandbox.url,
    timeoutMs: 2000,
    retries: 0,
    now: env.clock.now,
  });
});
afterAll(async () => {
  await env.close();
});

/** A poll on the shared test clock: every sleep moves the clock; reads and sleeps are recorded. */
function poll(
  uid: string,
  options: { deadlineIn: number; intervalMs?: number; onSleep?: (n: number) => unknown },
) {
  const reads: number[] = [];
  const sleeps: number[] = [];
  const result = pollHandOff({
    read: () => {
      reads.push(env.clock.now());
      return transport({ method: 'GET', path: `/api/auth/read/${uid}` });
    },
    now: env.clock.now,
    sleep: async (ms) => {
      sleeps.push(ms);
      env.clock.advance(ms);
      await options.onSleep?.(sleeps.length);
    },
    deadline: env.clock.now() + options.deadlineIn,
    ...(options.intervalMs === undefined ? {} : { intervalMs: options.intervalMs }),
  });
  return { result, reads, sleeps };
}

const store = (uid: string) =>
  approveOnSandbox(env.sandbox.url, {
    gameId: env.sandbox.gameId,
    mode: 'redirect',
    uid,
    callbackString: 'x',
    callbackUrl: 'http://game.test/',
  });

describe('pollHandOff', () => {
  it('returns the stored login answer on the first read', async () => {
    const uid = crypto.randomUUID();
    await store(uid);
    const { result, reads } = poll(uid, { deadlineIn: 60_000 });
    const data = await result;
    expect(data).toMatchObject({ plyrId: 'demo-player', gameId: env.sandbox.gameId });
    expect(typeof data.sessionJwt).toBe('string');
    expect(reads).toHaveLength(1);
  });

  it('reads every 2.5 s until the deadline, then rejects with CONNECT_TIMEOUT', async () => {
    const start = env.clock.now();
    const { result, reads, sleeps } = poll(crypto.randomUUID(), { deadlineIn: 10_000 });
    expect((await rejection(result)).code).toBe('CONNECT_TIMEOUT');
    expect(reads.map((t) => t - start)).toEqual([0, 2500, 5000, 7500, 10_000]);
    expect(sleeps).toEqual([2500, 2500, 2500, 2500]);
  });

  it('keeps the interval within 2–5 s', async () => {
    const fast = poll(crypto.randomUUID(), { deadlineIn: 4000, intervalMs: 100 });
    await rejection(fast.result);
    expect(fast.sleeps).toEqual([2000, 2000]);
    const slow = poll(crypto.randomUUID(), { deadlineIn: 10_000, intervalMs: 60_000 });
    await rejection(slow.result);
    expect(slow.sleeps).toEqual([5000, 5000]);
  });

  it('picks up a hand-off that is stored while it polls', async () => {
    const uid = crypto.randomUUID();
    const { result, reads } = poll(uid, {
      deadlineIn: 60_000,
      onSleep: (n) => (n === 2 ? store(uid) : undefined),
    });
    expect((await result).plyrId).toBe('demo-player');
    expect(reads).toHaveLength(3);
  });

  it('gives up at once on an expired hand-off (older than 10 minutes) with CONNECT_TIMEOUT', async () => {
    const uid = crypto.randomUUID();
    await store(uid);
    env.clock.advance(10 * 60_000 + 1000);
    const { result, reads } = poll(uid, { deadlineIn: 60_000 });
    expect((await rejection(result)).code).toBe('CONNECT_TIMEOUT');
    expect(reads).toHaveLength(1);
  });

  it('stops at a hard error (the signer refuses the path) instead of polling on', async () => {
    const { result, reads } = poll('no', { deadlineIn: 60_000 });
    expect((await rejection(result)).code).toBe('SIGNER_REJECTED');
    expect(reads).toHaveLength(1);
  });

  it('is bounded even when the clock stands still', async () => {
    const reads: number[] = [];
    const error = await rejection(
      pollHandOff({
        read: () => {
          reads.push(1);
          return transport({ method: 'GET', path: `/api/auth/read/${crypto.randomUUID()}` });
        },
        now: () => 0,
        sleep: async () => undefined,
        deadline: 5000,
      }),
    );
    expect(error.code).toBe('CONNECT_TIMEOUT');
    expect(reads).toHaveLength(3);
  });

  it('ends with CONNECT_CLOSED when cancelled', async () => {
    const abort = new AbortController();
    abort.abort();
    const error = await rejection(
      pollHandOff({
        read: () => transport({ method: 'GET', path: '/api/auth/read/never-read' }),
        now: env.clock.now,
        sleep: async () => undefined,
        deadline: env.clock.now() + 60_000,
        signal: abort.signal,
      }),
    );
    expect(error.code).toBe('CONNECT_CLOSED');
  });
});
