/**
 * `connect` / `completeConnect` / `cancelConnect` of the client in Node, over real HTTP to the sandbox and the
 * real signing endpoint. The browser's `location` and `sessionStorage` are stood in for (a tab that navigates to
 * the hosted page and comes back); popup and iframe modes run in Chromium (test/e2e/connect.test.ts).
 */
import 'fake-indexeddb/auto';
import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { PlyrError, PlyrEvents } from '../../src/index.js';
import { approveOnSandbox, MemoryStorage, requestDataOf } from '../helpers/connect-sandbox.js';
import { type CoreEnv, durableStorage, recordKeyOf, startCoreEnv } from '../helpers/core-fixture.js';
import { rejection } from '../helpers/rejection.js';

const GAME_PAGE = 'http://game.test/play?level=2';

let env: CoreEnv;
let assigned: string[];
const globals = globalThis as unknown as { location?: unknown; sessionStorage?: Storage };

beforeEach(async () => {
  env = await startCoreEnv();
  assigned = [];
  globals.location = { href: `${GAME_PAGE}#top`, assign: (url: string) => assigned.push(url) };
  globals.sessionStorage = new MemoryStorage();
});
afterEach(async () => {
  delete globals.location;
  delete globals.sessionStorage;
  await env.close();
});

/** The status of a signed `GET /api/auth/read/:uid` (200 while the hand-off is stored, 404 once revoked). */
async function readHandOff(uid: string): Promise<number> {
  const path = `/api/auth/read/${uid}`;
  const timestamp = String(env.clock.now());
  const res = await fetch(env.sandbox.url + path, {
    headers: {
      apikey: env.sandbox.apiKey,
      timestamp,
      signature: createHmac('sha256', env.sandbox.secretKey).update(`${timestamp}{}`).digest('hex'),
    },
  });
  return res.status;
}

/** The hosted-page URL the tab navigated to (the flow's code loads first, so it is not at once). */
async function navigated(): Promise<string> {
  for (let i = 0; i < 200 && assigned.length === 0; i++)
    await new Promise((resolve) => setTimeout(resolve, 5));
  expect(assigned).toHaveLength(1);
  return assigned[0] as string;
}

/** Starts a redirect attempt; returns the hosted page URL it navigated to and the (pending) promise. */
async function startRedirect(options: Record<string, unknown> = {}) {
  const client = env.client();
  await client.ready;
  const pending = client.connect({ mode: 'redirect', ...options });
  pending.catch(() => undefined);
  return { client, pending, url: await navigated() };
}

describe('connect in redirect mode', () => {
  it('navigates to the hosted page with the documented requestData and keeps the attempt in the tab', async () => {
    const { url } = await startRedirect({ expiresIn: 3600 });
    const page = new URL(url);
    expect(page.origin + page.pathname).toBe(`${env.sandbox.url}/connect/`);
    expect(page.searchParams.get('action')).toBe('login');
    const data = requestDataOf(url);
    expect(data).toEqual({
      gameId: env.sandbox.gameId,
      expiresIn: 3600,
      mode: 'redirect',
      callbackString: expect.stringMatching(/^[0-9a-f-]{36}$/),
      callbackUrl: GAME_PAGE,
      uid: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(data.uid).not.toBe(data.callbackString);
    expect(globals.sessionStorage?.length).toBe(1);
    expect(env.sent).toEqual([]);
  });

  it('signs in after the return: reads, revokes, verifies, stores, emits login with method connect', async () => {
    const { client: before, url } = await startRedirect();
    const data = requestDataOf(url);
    expect((await approveOnSandbox(env.sandbox.url, data)).status).toBe(200);
    before.destroy();

    // The page loads again: a new client finds the attempt and finishes it by itself.
    const client = env.client();
    const logins: Array<PlyrEvents['login']> = [];
    client.on('login', (event) => logins.push(event));
    const resumed = client.completeConnect();
    expect(client.completeConnect()).toBe(resumed);
    const session = await resumed;
    expect(session).toMatchObject({ plyrId: 'demo-player', gameId: env.sandbox.gameId, isGuest: false });
    expect(client.session).toEqual(session);
    expect(logins).toEqual([{ session, method: 'connect' }]);
    expect(globals.sessionStorage?.length).toBe(0);
    expect(await readHandOff(String(data.uid))).toBe(404);
    expect(await client.verifySession()).toEqual(session);

    // Stored like any login: a later page load restores it.
    const later = env.client();
    expect((await later.ready)?.sessionJwt).toBe(session?.sessionJwt);
    expect(await later.completeConnect()).toBeNull();
  });

  it('the connected session is stored when login fires and when completeConnect resolves', async () => {
    const { client: before, url } = await startRedirect();
    await approveOnSandbox(env.sandbox.url, requestDataOf(url));
    before.destroy();

    const { storage, written } = durableStorage();
    const client = env.client({ storage });
    const stored = () => written.get(recordKeyOf(env));
    const atLogin: unknown[] = [];
    client.on('login', () => atLogin.push(stored()));
    const session = await client.completeConnect();
    expect(stored()).toEqual({ v: 1, session });
    expect(atLogin).toEqual([{ v: 1, session }]);
  });

  it('a guest playing before the redirect is kept beside the connected account, and comes back on logout', async () => {
    const first = env.client();
    await first.ready;
    const guest = await first.registerGuest();
    const pending = first.connect({ mode: 'redirect' });
    pending.catch(() => undefined);
    await approveOnSandbox(env.sandbox.url, requestDataOf(await navigated()));
    first.destroy();

    const client = env.client();
    const session = await client.completeConnect();
    expect(session?.plyrId).toBe('demo-player');
    expect(client.keptGuest).toEqual(guest);
    await client.logout();
    expect(client.session).toEqual(guest);
  });

  it('starts finishing by itself after ready and tells failures as error events', async () => {
    const { client: first } = await startRedirect({ timeoutMs: 1000 });
    first.destroy();
    const client = env.client();
    const errors: PlyrError[] = [];
    client.on('error', (error) => errors.push(error));
    await client.ready;
    env.clock.advance(5000);
    // The automatic run is the one completeConnect returns; the hand-off never came, past the deadline.
    expect((await rejection(client.completeConnect())).code).toBe('CONNECT_TIMEOUT');
    await Promise.resolve();
    expect(errors.map((e) => e.code)).toEqual(['CONNECT_TIMEOUT']);
    expect(globals.sessionStorage?.length).toBe(0);
  });

  it('leaves the current session untouched when the hand-off holds a JWT of another game', async () => {
    const client = env.client();
    await client.ready;
    const current = await client.login({ plyrId: 'second-player', otp: env.otp('second-player') });
    const pending = client.connect({ mode: 'redirect' });
    pending.catch(() => undefined);
    const data = requestDataOf(await navigated());
    await approveOnSandbox(env.sandbox.url, { ...data, gameId: 'other-game' });
    const logins: unknown[] = [];
    client.on('login', (event) => logins.push(event));
    expect((await rejection(client.completeConnect())).code).toBe('INVALID_JWT');
    expect(client.session).toEqual(current);
    expect(logins).toEqual([]);
    // Read, then revoked all the same: a live JWT must not wait 10 minutes for any API key to read it.
    expect(await readHandOff(String(data.uid))).toBe(404);
  });

  it('cancelConnect ends the attempt with CONNECT_CLOSED and forgets it', async () => {
    const { client, pending } = await startRedirect();
    client.cancelConnect();
    expect((await rejection(pending)).code).toBe('CONNECT_CLOSED');
    expect(globals.sessionStorage?.length).toBe(0);
    expect(await client.completeConnect()).toBeNull();
  });

  it('a new attempt ends the one in flight with CONNECT_CLOSED', async () => {
    const { client, pending } = await startRedirect();
    const second = client.connect({ mode: 'redirect' });
    second.catch(() => undefined);
    expect((await rejection(pending)).code).toBe('CONNECT_CLOSED');
    client.cancelConnect();
  });

  it('sends loginAndApprove with checked tokens and amounts, and honours connectUrl', async () => {
    const client = env.client({ connectUrl: 'https://login.example.com/plyr/' });
    await client.ready;
    client
      .connect({
        mode: 'redirect',
        action: 'loginAndApprove',
        tokens: ['plyr'],
        amounts: [5],
        plyrId: 'Demo-Player',
      })
      .catch(() => undefined);
    const url = new URL(await navigated());
    expect(url.origin + url.pathname).toBe('https://login.example.com/plyr/');
    expect(url.searchParams.get('action')).toBe('loginAndApprove');
    expect(requestDataOf(url.href)).toMatchObject({ tokens: ['plyr'], amounts: [5], plyrId: 'demo-player' });
    client.cancelConnect();
  });
});

describe('connect input checks', () => {
  it('rejects bad options with INVALID_INPUT before anything is opened or sent', async () => {
    const client = env.client();
    await client.ready;
    const bad: Array<Record<string, unknown>> = [
      { mode: 'tab' },
      { action: 'approve' },
      { action: 'loginAndApprove' },
      { action: 'loginAndApprove', tokens: ['plyr'], amounts: [] },
      { expiresIn: 1.5 },
      { timeoutMs: 0 },
      { callbackUrl: 'javascript:alert(1)' },
      { mode: 'redirect', expiresIn: '86400' },
    ];
    for (const options of bad) {
      const error = await rejection(client.connect(options as never));
      expect(error.code).toBe('INVALID_INPUT');
    }
    expect(assigned).toEqual([]);
    expect(env.sent).toEqual([]);
  });

  it('rejects with CONNECT_BLOCKED when the browser refuses the popup', async () => {
    const win = globalThis as unknown as { open?: () => null };
    win.open = () => null;
    try {
      const client = env.client();
      expect((await rejection(client.connect())).code).toBe('CONNECT_BLOCKED');
      expect(client.session).toBeNull();
    } finally {
      delete win.open;
    }
  });

  it('rejects a redirect attempt that could not be kept (no sessionStorage) with CONNECT_BLOCKED', async () => {
    delete globals.sessionStorage;
    const client = env.client();
    expect((await rejection(client.connect({ mode: 'redirect' }))).code).toBe('CONNECT_BLOCKED');
    expect(assigned).toEqual([]);
  });
});
