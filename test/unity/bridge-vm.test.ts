/**
 * The Unity WebGL bridge as Unity drives it: the real PlyrKit.jslib (evaluated in a Node vm with Emscripten's
 * stand-ins) calling the real UMD bundle, against the sandbox platform and the real signing endpoint on loopback.
 * Every method round trip, events, errors, malformed input, calls before init, and concurrent calls matched by id.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { BridgeEvent, BridgeResponse } from '../../src/unity/index.js';
import { approveOnSandbox, MemoryStorage, requestDataOf } from '../helpers/connect-sandbox.js';
import { type CoreEnv, closedPortUrl, startCoreEnv, until } from '../helpers/core-fixture.js';
import { bridgeConfig } from '../helpers/unity-bridge-config.js';
import { answerInFrame, connectFrame } from '../helpers/unity-connect.js';
import { createUnityVm, type UnityVm } from '../helpers/unity-vm.js';

let env: CoreEnv;
beforeAll(async () => {
  env = await startCoreEnv();
});
afterAll(async () => {
  await env?.close();
});

const JWT = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/;

const config = (extra: Record<string, unknown> = {}) => bridgeConfig(env, { timeoutMs: 3000, ...extra });

/** A page whose client is initialised and restored (no session). */
async function readyPage(
  extra: Record<string, unknown> = {},
  send?: 'jslib-scope' | 'module' | 'unity-instance',
) {
  const page = createUnityVm(send ? { send } : {});
  expect(page.init(config(extra))).toBe(1);
  expect(await page.request('ready', 'ready')).toEqual({ id: 'ready', ok: true, result: null });
  return page;
}

const ok = (response: BridgeResponse): unknown => {
  if (!response.ok) throw new Error(`expected ok, got ${JSON.stringify(response)}`);
  return response.result;
};

const failed = (response: BridgeResponse, code: string) => {
  if (response.ok) throw new Error(`expected ${code}, got ${JSON.stringify(response)}`);
  expect(response.error.code).toBe(code);
  expect(typeof response.error.message).toBe('string');
  return response.error;
};

/** Checks that the page kept its promises: no allocation in the plugin, nothing sent to another GameObject. */
const checkPage = (page: UnityVm, gameObject = 'PlyrKit'): void => {
  expect(page.mallocCalls()).toBe(0);
  expect(page.sent.every((m) => m.gameObject === gameObject)).toBe(true);
  expect(page.sent.every((m) => m.method === 'OnPlyrResponse' || m.method === 'OnPlyrEvent')).toBe(true);
};

describe('window.PlyrKit from the UMD bundle', () => {
  it('installs one global with init and call, and the UMD namespace', () => {
    const page = createUnityVm();
    const kit = page.window.PlyrKit as Record<string, unknown>;
    expect(typeof kit.init).toBe('function');
    expect(typeof kit.call).toBe('function');
    expect(Object.keys(page.window.PlyrKitUnity as object)).toEqual(
      expect.arrayContaining(['createUnityBridge', 'installPlyrKitGlobal', 'METHOD_NAMES']),
    );
  });

  it('keeps an existing window.PlyrKit when loaded twice', () => {
    const page = createUnityVm();
    const first = page.window.PlyrKit;
    (page.window.PlyrKitUnity as { installPlyrKitGlobal: (w: unknown) => unknown }).installPlyrKitGlobal(
      page.window,
    );
    expect(page.window.PlyrKit).toBe(first);
  });
});

describe('round trips of every method', () => {
  it('OTP login: session without its token, events, then session, verify, profile, avatar, JWT, logout', async () => {
    const page = await readyPage();
    expect(page.events()[0]).toEqual({ event: 'ready', data: { session: null } });
    const mark = page.events().length;

    const session = ok(await page.request('1', 'login', { plyrId: 'Demo-Player', otp: env.otp() })) as Record<
      string,
      unknown
    >;
    expect(session).toMatchObject({
      plyrId: 'demo-player',
      gameId: env.sandbox.gameId,
      isGuest: false,
      claimed: false,
    });
    expect(session).not.toHaveProperty('sessionJwt');
    expect(typeof session.expiresAt).toBe('number');
    expect(Object.keys(session).sort()).toEqual(
      [
        'avatar',
        'claimed',
        'expiresAt',
        'gameId',
        'isGuest',
        'issuedAt',
        'mirrorAddress',
        'plyrId',
        'primaryAddress',
      ].sort(),
    );
    const login = await page.event('login', mark);
    expect(login.data).toEqual({ session, method: 'otp' });
    expect((await page.event('session', mark)).data).toEqual({ session });

    expect(ok(await page.request('2', 'session'))).toEqual(session);
    expect(ok(await page.request('3', 'verifySession', ''))).toEqual(session);
    expect(ok(await page.request('4', 'userInfo', '{}'))).toMatchObject({
      plyrId: 'demo-player',
      primaryAddress: session.primaryAddress,
      isGuest: false,
    });
    expect(ok(await page.request('5', 'userInfo', { plyrIdOrAddress: 'second-player' }))).toMatchObject({
      plyrId: 'second-player',
    });
    expect(ok(await page.request('6', 'avatar'))).toBe(session.avatar);
    expect(ok(await page.request('7', 'avatar', { plyrId: 'second-player' }))).toMatch(
      new RegExp(`^${env.sandbox.url}/sandbox/ipfs/Qm`),
    );
    expect(ok(await page.request('8', 'verifyJwtLocally'))).toMatchObject({
      plyrId: 'demo-player',
      gameId: env.sandbox.gameId,
    });

    const beforeLogout = page.events().length;
    expect(await page.request('9', 'logout')).toEqual({ id: '9', ok: true, result: null });
    expect((await page.event('logout', beforeLogout)).data).toEqual({
      plyrId: 'demo-player',
      reason: 'user',
    });
    expect((await page.event('session', beforeLogout)).data).toEqual({ session: null });
    expect(ok(await page.request('10', 'session'))).toBeNull();
    expect(ok(await page.request('11', 'verifySession'))).toBeNull();

    // The token never reached Unity.
    expect(page.sent.some((m) => JWT.test(m.json))).toBe(false);
    checkPage(page);
  });

  it('sends the session token only with exposeSessionToken: true', async () => {
    const page = await readyPage({ exposeSessionToken: true });
    const session = ok(await page.request('1', 'login', { plyrId: 'demo-player', otp: env.otp() })) as {
      sessionJwt: string;
    };
    expect(session.sessionJwt).toMatch(JWT);
    expect(((await page.event('login')).data as { session: { sessionJwt: string } }).session.sessionJwt).toBe(
      session.sessionJwt,
    );
    expect(ok(await page.request('2', 'verifyJwtLocally', { jwt: session.sessionJwt }))).toMatchObject({
      plyrId: 'demo-player',
    });
    checkPage(page);
  });

  it('loginAndApprove', async () => {
    const page = await readyPage();
    const result = ok(
      await page.request('a', 'loginAndApprove', {
        plyrId: 'second-player',
        otp: env.otp('second-player'),
        tokens: ['gamr'],
        amounts: ['5'],
        expiresIn: 3600,
      }),
    ) as { plyrId: string; expiresAt: number; issuedAt: number };
    expect(result.plyrId).toBe('second-player');
    expect(result.expiresAt - result.issuedAt).toBe(3_600_000);
    expect((await page.event('login')).data).toMatchObject({ method: 'otp' });
    checkPage(page);
  });

  it('guest: register, reveal and verify a claiming code; logout refused; claimed elsewhere ends it', async () => {
    const page = await readyPage();
    const guest = ok(await page.request('g1', 'registerGuest')) as { plyrId: string; isGuest: boolean };
    expect(guest.isGuest).toBe(true);
    expect((await page.event('guest:registered')).data).toEqual({ session: guest });
    expect((await page.event('login')).data).toEqual({ session: guest, method: 'guest' });
    // A second registration keeps the first guest (its only credential).
    expect(ok(await page.request('g2', 'registerGuest', { tokens: [] }))).toEqual(guest);

    const code = ok(await page.request('g3', 'revealClaimingCode')) as {
      claimingCode: string;
      claimingUrl: string;
    };
    expect(code.claimingCode).toMatch(/^[0-9A-F]{4}(-[0-9A-F]{4}){3}$/);
    expect((await page.event('guest:claim-code')).data).toEqual(code);
    expect(ok(await page.request('g4', 'verifyClaimingCode', { code: code.claimingCode }))).toEqual({
      plyrId: guest.plyrId,
      verified: true,
    });

    failed(await page.request('g5', 'logout'), 'GUEST_ACCOUNT');
    expect(ok(await page.request('g6', 'session'))).toEqual(guest);

    const claim = await fetch(`${env.sandbox.url}/sandbox/claim/${code.claimingCode}`, { method: 'POST' });
    expect(claim.status).toBe(200);
    const mark = page.events().length;
    failed(await page.request('g7', 'verifySession'), 'ACCOUNT_CLAIMED');
    expect((await page.event('guest:claimed', mark)).data).toEqual({ plyrId: guest.plyrId });
    expect((await page.event('logout', mark)).data).toEqual({ plyrId: guest.plyrId, reason: 'claimed' });
    expect(ok(await page.request('g8', 'session'))).toBeNull();
    failed(
      await page.request('g9', 'verifyClaimingCode', { code: code.claimingCode }),
      'CLAIMING_CODE_NOT_FOUND',
    );
    checkPage(page);
  });

  it('logout with forgetGuest forgets a guest', async () => {
    const page = await readyPage();
    const guest = ok(await page.request('1', 'registerGuest')) as { plyrId: string };
    expect(ok(await page.request('2', 'logout', { forgetGuest: true }))).toBeNull();
    expect((await page.event('logout')).data).toEqual({ plyrId: guest.plyrId, reason: 'user' });
    checkPage(page);
  });
});

describe('PLYR[CONNECT] through the bridge', () => {
  /** The page's address in the vm: where the hosted page answers to and comes back to. */
  const GAME_PAGE = 'http://game.test/index.html';
  const overlays = (page: UnityVm) => page.document.connectElements('overlay').length;
  const noToken = (page: UnityVm) => expect(page.sent.some((m) => JWT.test(m.json))).toBe(false);

  it('iframe by default (a C# call is not a click): approved on the hosted page, a session without its token and login (connect)', async () => {
    const page = await readyPage();
    const mark = page.events().length;
    expect(page.call('c1', 'connect')).toBe(1);
    await connectFrame(page);
    // The hosted page over the game, in a dialog with a close button; no popup was tried.
    expect(overlays(page)).toBe(1);
    expect(page.document.connectElements('close')).toHaveLength(1);
    const request = await answerInFrame(page, 'approve');
    expect(request).toMatchObject({ gameId: env.sandbox.gameId, mode: 'iframe', callbackUrl: GAME_PAGE });
    // No hand-off on the platform for a frame: only redirect mode sends a uid.
    expect(request).not.toHaveProperty('uid');

    const session = ok(await page.response('c1')) as Record<string, unknown>;
    expect(session).toMatchObject({ plyrId: 'demo-player', gameId: env.sandbox.gameId, isGuest: false });
    expect(session).not.toHaveProperty('sessionJwt');
    expect((await page.event('login', mark)).data).toEqual({ session, method: 'connect' });
    expect((await page.event('session', mark)).data).toEqual({ session });
    expect(ok(await page.request('c2', 'session'))).toEqual(session);
    expect(overlays(page)).toBe(0);
    noToken(page);
    checkPage(page);
  });

  it('loginAndApprove with expiresIn; null arguments count as absent (the mode stays iframe)', async () => {
    const page = await readyPage();
    page.call('a1', 'connect', {
      mode: null,
      action: 'loginAndApprove',
      tokens: ['plyr'],
      amounts: ['5'],
      plyrId: 'demo-player',
      expiresIn: 3600,
      timeoutMs: null,
    });
    const request = await answerInFrame(page, 'approve');
    expect(request).toMatchObject({
      mode: 'iframe',
      tokens: ['plyr'],
      amounts: ['5'],
      plyrId: 'demo-player',
      expiresIn: 3600,
    });
    const session = ok(await page.response('a1')) as { issuedAt: number; expiresAt: number };
    expect(session.expiresAt - session.issuedAt).toBe(3_600_000);
    checkPage(page);
  });

  it('closed by the player, denied, timed out: each a CONNECT_* error, the overlay gone, nobody signed in', async () => {
    const page = await readyPage();
    page.call('x1', 'connect');
    (await connectFrame(page)).parent?.children.find((e) => e.dataset.plyrConnect === 'close')?.click();
    failed(await page.response('x1'), 'CONNECT_CLOSED');
    expect(overlays(page)).toBe(0);

    page.call('x2', 'connect');
    await answerInFrame(page, 'deny');
    expect(failed(await page.response('x2'), 'CONNECT_DENIED').message).toMatch(/rejected/);
    expect(overlays(page)).toBe(0);

    failed(await page.request('x3', 'connect', { timeoutMs: 50 }), 'CONNECT_TIMEOUT');
    expect(overlays(page)).toBe(0);
    expect(ok(await page.request('x4', 'session'))).toBeNull();
    expect(page.events().some((e) => e.event === 'login')).toBe(false);
    checkPage(page);
  });

  it('cancelConnect from C#, or a newer connect, ends the iframe attempt with CONNECT_CLOSED', async () => {
    const page = await readyPage();
    page.call('y1', 'connect');
    await connectFrame(page);
    expect(ok(await page.request('y2', 'cancelConnect'))).toBeNull();
    failed(await page.response('y1'), 'CONNECT_CLOSED');
    expect(overlays(page)).toBe(0);

    // Only one overlay at a time: the newer attempt replaces the older one.
    page.call('y3', 'connect');
    await connectFrame(page);
    page.call('y4', 'connect');
    failed(await page.response('y3'), 'CONNECT_CLOSED');
    await until(() => overlays(page) === 1);
    await answerInFrame(page, 'approve');
    expect(ok(await page.response('y4'))).toMatchObject({ plyrId: 'demo-player' });
    expect(overlays(page)).toBe(0);
    checkPage(page);
  });

  it('redirect: the tab leaves for the hosted page; after the reload the page signs in by itself and Unity hears login (connect)', async () => {
    const tab = new MemoryStorage();
    const page = createUnityVm({ sessionStorage: tab });
    expect(page.init(config())).toBe(1);
    ok(await page.request('r0', 'ready'));
    page.call('r1', 'connect', { mode: 'redirect' });
    await until(() => page.navigations.length === 1);
    const request = requestDataOf(page.navigations[0] as string);
    expect(page.navigations[0]?.startsWith(`${env.sandbox.url}/connect/?action=login&`)).toBe(true);
    expect(request).toMatchObject({ mode: 'redirect', callbackUrl: GAME_PAGE, uid: expect.any(String) });
    // The page is leaving: that call is never answered (its C# task never completes).
    expect(page.responses().map((r) => r.id)).toEqual(['r0']);
    expect((await approveOnSandbox(env.sandbox.url, request)).status).toBe(200);

    // Back in the same tab: Unity loads again and calls Init; no connect call is needed.
    const reloaded = createUnityVm({ sessionStorage: tab });
    expect(reloaded.init(config())).toBe(1);
    const login = await reloaded.event('login');
    expect(login.data).toMatchObject({ method: 'connect', session: { plyrId: 'demo-player' } });
    expect(login.data).not.toHaveProperty('session.sessionJwt');
    expect(ok(await reloaded.request('r2', 'session'))).toMatchObject({ plyrId: 'demo-player' });
    // Finished and forgotten: nothing left to complete, no record in the tab.
    expect(ok(await reloaded.request('r3', 'completeConnect'))).toBeNull();
    expect(tab.length).toBe(0);
    noToken(reloaded);
    checkPage(page);
    checkPage(reloaded);
  });

  it('redirect without an answer: after the reload Unity gets an error event (CONNECT_TIMEOUT), and completeConnect/cancelConnect', async () => {
    const tab = new MemoryStorage();
    const page = createUnityVm({ sessionStorage: tab });
    expect(page.init(config())).toBe(1);
    page.call('t1', 'connect', { mode: 'redirect', timeoutMs: 100 });
    await until(() => page.navigations.length === 1);
    // The player came back without approving (Deny in redirect mode only goes back): no hand-off to read, and
    // the next read would come after the attempt's 100 ms deadline.
    const reloaded = createUnityVm({ sessionStorage: tab });
    expect(reloaded.init(config())).toBe(1);
    expect((await reloaded.event('error')).data).toMatchObject({ code: 'CONNECT_TIMEOUT' });
    expect(reloaded.events().some((e) => e.event === 'login')).toBe(false);
    expect(tab.length).toBe(0);

    // A stored attempt the game gives up on: cancelConnect forgets it, so the next load finishes nothing.
    page.call('t2', 'connect', { mode: 'redirect' });
    await until(() => page.navigations.length === 2);
    expect(tab.length).toBe(1);
    expect(ok(await page.request('t3', 'cancelConnect'))).toBeNull();
    failed(await page.response('t2'), 'CONNECT_CLOSED');
    expect(tab.length).toBe(0);
    checkPage(page);
    checkPage(reloaded);
  });
});

describe('errors reach Unity as responses with the request id', () => {
  it('platform errors keep their code and retryAfterMs', async () => {
    const page = await readyPage();
    const otp = env.otp();
    const wrong = otp === '000000' ? '111111' : '000000';
    expect(
      failed(await page.request('w', 'login', { plyrId: 'demo-player', otp: wrong }), 'INVALID_OTP'),
    ).toEqual({
      code: 'INVALID_OTP',
      message: expect.any(String),
      retryAfterMs: null,
    });
    ok(await page.request('r1', 'login', { plyrId: 'demo-player', otp }));
    const reused = failed(
      await page.request('r2', 'login', { plyrId: 'demo-player', otp }),
      'OTP_ALREADY_USED',
    );
    // Until the next 30 s code (measured by the page's clock, which the test does not control).
    expect(reused.retryAfterMs).toBeGreaterThan(0);
    expect(reused.retryAfterMs).toBeLessThanOrEqual(30_000);
    failed(await page.request('n', 'userInfo', { plyrIdOrAddress: 'nobody-here' }), 'USER_NOT_FOUND');
    checkPage(page);
  });

  it('NOT_SIGNED_IN, INVALID_INPUT from the client, SIGNER_UNREACHABLE', async () => {
    const page = await readyPage();
    failed(await page.request('1', 'revealClaimingCode'), 'NOT_SIGNED_IN');
    failed(await page.request('2', 'avatar'), 'NOT_SIGNED_IN');
    // A number is not a 2FA code (the client refuses it before anything is sent).
    failed(await page.request('3', 'login', { plyrId: 'demo-player', otp: 123456 }), 'INVALID_INPUT');
    failed(await page.request('4', 'verifyClaimingCode', { code: 'XYZ' }), 'INVALID_INPUT');

    const offline = createUnityVm();
    expect(offline.init(config({ signer: await closedPortUrl() }))).toBe(1);
    failed(await offline.request('5', 'userInfo', { plyrIdOrAddress: 'demo-player' }), 'SIGNER_UNREACHABLE');
    checkPage(page);
    checkPage(offline);
  });

  it('PLYR[CONNECT]: arguments checked, a popup outside a click refused, nothing stored to complete', async () => {
    const page = await readyPage();
    // C# calls do not run inside a click: the page refuses the popup (this page has no window.open at all).
    failed(await page.request('c1', 'connect', { mode: 'popup' }), 'CONNECT_BLOCKED');
    failed(await page.request('c2', 'connect', { mode: 'tab' }), 'INVALID_INPUT');
    failed(
      await page.request('c3', 'connect', { mode: 'popup', action: 'loginAndApprove' }),
      'INVALID_INPUT',
    );
    // Page-only options are not part of the protocol.
    expect(
      failed(await page.request('c4', 'connect', { container: 'body' }), 'INVALID_INPUT').message,
    ).toMatch(/unknown key "container"/);
    expect(await page.request('c5', 'completeConnect')).toEqual({ id: 'c5', ok: true, result: null });
    expect(ok(await page.request('c6', 'cancelConnect'))).toBeNull();
    expect(ok(await page.request('c7', 'session'))).toBeNull();
    checkPage(page);
  });

  it('malformed calls: bad JSON, wrong shapes, unknown keys and methods, missing id; nothing throws', async () => {
    const page = await readyPage();
    const cases: Array<[string, unknown, string, RegExp]> = [
      ['login', '{"plyrId":', 'INVALID_INPUT', /not valid JSON/],
      ['login', '[1,2]', 'INVALID_INPUT', /must be a JSON object/],
      ['login', '"text"', 'INVALID_INPUT', /must be a JSON object/],
      [
        'login',
        { plyrid: 'demo-player', otp: '123456' },
        'INVALID_INPUT',
        /unknown key "plyrid".*plyrId, otp/,
      ],
      ['session', { extra: 1 }, 'INVALID_INPUT', /unknown key "extra" \(expected: none\)/],
      ['logout', { forgetGuest: 'yes' }, 'INVALID_INPUT', /forgetGuest/],
      ['userInfo', { plyrIdOrAddress: 42 }, 'INVALID_INPUT', /plyrIdOrAddress/],
      ['loginUser', {}, 'UNKNOWN_METHOD', /Unknown method "loginUser" \(known: ready, session, login/],
      ['toString', {}, 'UNKNOWN_METHOD', /toString/],
      ['__proto__', {}, 'UNKNOWN_METHOD', /__proto__/],
      ['', {}, 'UNKNOWN_METHOD', /Unknown method ""/],
    ];
    for (const [n, [method, args, code, message]] of cases.entries()) {
      expect(page.call(`m${n}`, method, args)).toBe(1);
      const error = failed(await page.response(`m${n}`), code);
      expect(error.message).toMatch(message);
    }
    // Without an id nothing can be matched in C#, but Unity still hears why.
    expect(page.call('', 'session')).toBe(1);
    expect(failed(await page.response(''), 'INVALID_INPUT').message).toMatch(/requestId/);
    // Direct calls with non-string values (from page scripts) do not throw either.
    const kit = page.window.PlyrKit as { call: (...args: unknown[]) => void };
    expect(() => kit.call(7, { not: 'a string' }, Symbol('x'))).not.toThrow();
    expect(failed(await page.response('7'), 'UNKNOWN_METHOD').message).toMatch(/\[object Object\]/);
    expect(page.consoleErrors).toEqual([]);
    checkPage(page);
  });

  it('answers are never delivered during PlyrKit_Call (Unity is still inside it)', async () => {
    const page = await readyPage();
    const before = page.sent.length;
    page.call('x', 'nope');
    page.call('y', 'session');
    expect(page.sent.length).toBe(before);
    failed(await page.response('x'), 'UNKNOWN_METHOD');
    expect(ok(await page.response('y'))).toBeNull();
  });
});

describe('init', () => {
  it('a call before init answers NOT_INITIALIZED to the default GameObject', async () => {
    const page = createUnityVm();
    expect(page.call('early', 'login', { plyrId: 'demo-player', otp: '123456' })).toBe(1);
    const response = await page.response('early');
    expect(failed(response, 'NOT_INITIALIZED').message).toMatch(/PlyrKit\.init has not been called/);
    checkPage(page, 'PlyrKit');
  });

  it('a refused configuration: init returns 0, an error event, and NOT_INITIALIZED with the reason', async () => {
    const cases: Array<[unknown, RegExp]> = [
      ['{"gameId":', /config is not valid JSON/],
      ['[]', /must be a JSON object/],
      [{ signer: 'https://x.example/sign' }, /config\.gameId/],
      [{ gameId: 'Bad Game', signer: '/sign' }, /Invalid gameId/],
      [{ gameId: 'my-game' }, /config\.signer/],
      [{ gameId: 'my-game', signer: { url: '/s', mode: 'push' } }, /config\.signer\.mode/],
      [{ gameId: 'my-game', signer: '/s', storage: 'cookies' }, /config\.storage/],
      [{ gameId: 'my-game', signer: '/s', timeoutMs: -1 }, /config\.timeoutMs/],
      [{ gameId: 'my-game', signer: '/s', exposeSessionToken: 'yes' }, /config\.exposeSessionToken/],
      [{ gameId: 'my-game', signer: '/s', apikey: 'k' }, /unknown key "apikey"/],
      // A UMD copied from another plyr-kit version than the Unity package's.
      [
        { gameId: 'my-game', signer: '/s', unityPackage: '0.0.9' },
        /plyr-kit\.unity\.umd\.js is version \d+\.\d+\.\d+ but the Unity package is 0\.0\.9: copy the plyr-kit\.unity\.umd\.js of the same plyr-kit version/,
      ],
    ];
    for (const [configValue, reason] of cases) {
      const page = createUnityVm({ gameObjectName: 'Auth' });
      expect(page.init(configValue)).toBe(0);
      const event = await page.event('error');
      expect(event.data).toEqual({
        code: 'INVALID_INPUT',
        message: expect.stringMatching(reason),
        retryAfterMs: null,
      });
      const error = failed(await page.request('r', 'ready'), 'NOT_INITIALIZED');
      expect(error.message).toMatch(/^PlyrKit\.init failed: /);
      expect(error.message).toMatch(reason);
      expect(page.consoleErrors.join('\n')).toMatch(reason);
      checkPage(page, 'Auth');
    }
  });

  it('accepts a signer object (relay mode) and a GameObject name in any script', async () => {
    const name = 'Auth Ünïcødé ✓';
    const page = createUnityVm({ gameObjectName: name });
    expect(
      page.init(config({ signer: { url: env.relayUrl, mode: 'relay', headers: { 'x-game': '1' } } })),
    ).toBe(1);
    ok(await page.request('1', 'ready'));
    expect(ok(await page.request('2', 'login', { plyrId: 'demo-player', otp: env.otp() }))).toMatchObject({
      plyrId: 'demo-player',
    });
    checkPage(page, name);
  });

  it('a second init replaces the client (the new one starts signed out)', async () => {
    const page = await readyPage();
    ok(await page.request('1', 'login', { plyrId: 'demo-player', otp: env.otp() }));
    expect(page.init(config())).toBe(1);
    expect(ok(await page.request('2', 'ready'))).toBeNull();
    expect(ok(await page.request('3', 'session'))).toBeNull();
  });
});

describe('concurrency', () => {
  it('concurrent calls are answered by id, in whatever order they finish', async () => {
    const page = await readyPage();
    ok(await page.request('login', 'login', { plyrId: 'demo-player', otp: env.otp() }));
    const calls: Array<[string, string, unknown]> = [
      ['c1', 'userInfo', { plyrIdOrAddress: 'second-player' }],
      ['c2', 'userInfo', {}],
      ['c3', 'avatar', { plyrId: 'second-player' }],
      ['c4', 'session', ''],
      ['c5', 'nope', ''],
      ['c6', 'verifySession', ''],
      ['c7', 'verifyJwtLocally', ''],
    ];
    for (const [id, method, args] of calls) page.call(id, method, args);
    const answers = await Promise.all(calls.map(([id]) => page.response(id)));
    expect(answers.map((a) => a.id)).toEqual(calls.map(([id]) => id));
    expect(ok(answers[0] as BridgeResponse)).toMatchObject({ plyrId: 'second-player' });
    expect(ok(answers[1] as BridgeResponse)).toMatchObject({ plyrId: 'demo-player' });
    expect(ok(answers[2] as BridgeResponse)).toMatch(/\/sandbox\/ipfs\/Qm/);
    expect(ok(answers[3] as BridgeResponse)).toMatchObject({ plyrId: 'demo-player' });
    failed(answers[4] as BridgeResponse, 'UNKNOWN_METHOD');
    expect(ok(answers[5] as BridgeResponse)).toMatchObject({ plyrId: 'demo-player' });
    expect(ok(answers[6] as BridgeResponse)).toMatchObject({ plyrId: 'demo-player' });
    // Exactly one answer per call.
    for (const [id] of calls) expect(page.responses().filter((r) => r.id === id)).toHaveLength(1);
  });
});

describe('ways to reach Unity', () => {
  it.each([
    ['module', 'Module.SendMessage of older frameworks'],
    ['unity-instance', 'the page’s window.unityInstance (classic loader)'],
  ] as const)('%s: %s', async (send, _how) => {
    const page = await readyPage({}, send);
    ok(await page.request('1', 'login', { plyrId: 'demo-player', otp: env.otp() }));
    expect(page.events().map((e: BridgeEvent) => e.event)).toEqual(['ready', 'login', 'session']);
    checkPage(page);
  });

  it('without the UMD bundle the plugin reports it and returns -1 (C# turns it into SCRIPT_MISSING)', () => {
    const page = createUnityVm({ loadUmd: false });
    expect(page.init(config())).toBe(-1);
    expect(page.call('1', 'session')).toBe(-1);
    expect(page.consoleErrors).toHaveLength(2);
    expect(page.consoleErrors[0]).toMatch(/plyr-kit\.unity\.umd\.js/);
    expect(page.sent).toEqual([]);
  });

  it('without any SendMessage the bridge logs instead of throwing', async () => {
    const page = createUnityVm({ send: 'unity-instance' });
    delete page.window.unityInstance;
    expect(page.init(config())).toBe(1);
    page.call('1', 'session');
    await until(() => page.consoleErrors.length > 0);
    expect(page.sent).toEqual([]);
    expect(page.consoleErrors.join('\n')).toMatch(/cannot reach Unity/);
  });
});
