/**
 * PlyrKit.jslib inside real Emscripten builds, as a Unity WebGL player runs it: a C program (test/unity/emscripten)
 * calls PlyrKit_Init / PlyrKit_Call with UTF-8 pointers as IL2CPP-generated code does, Unity's framework-side
 * SendMessage carries the answers back into C, and the page is real headless Chromium with
 * dist/plyr-kit.unity.umd.js against the sandbox through the same-origin signing endpoint. Both a plain build and a
 * release build (`-O2 --closure 1`: Closure Compiler's advanced renaming over the jslib) must behave the same.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { MGPLUS_SANDBOX_GAME } from '../../src/sandbox/mgplus/emulator.js';
import type { BridgeEvent, BridgeResponse } from '../../src/unity/index.js';
import { ARTIFACTS_DIR, launchChromium, type PageProblems, watchPage } from '../helpers/e2e-browser.js';
import {
  type BuiltHarness,
  buildHarness,
  describeWithEmscripten,
  emscriptenVersion,
  type HarnessBuild,
  harnessPageFiles,
} from '../helpers/unity-emscripten.js';
import { startUnityPageServer, type UnityPageServer } from '../helpers/unity-page-server.js';
import { UNITY_MGPLUS_PROVIDER, UNITY_RELAY_PATH } from '../helpers/unity-relay.js';

/** What reached the C side: the text decoded from the UTF-8 it received, and that UTF-8's length in bytes. */
interface Received {
  gameObject: string;
  method: string;
  value: string | null;
  bytes: number;
}

const BUILDS: HarnessBuild[] = ['plain', 'closure'];
const IN_FLIGHT = 1000;
const JWT = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/;
/** Non-ASCII text of every UTF-8 length: 2-byte (ü, ï), 3-byte („“, ✓, 玩家) and 4-byte (emoji) sequences. */
const PLAYER = 'Jürgen „Spieler“ 玩家 🎮';

/** Figures of the run, saved to test/artifacts/unity-emscripten.json. */
const figures: Record<string, unknown> = {};

describeWithEmscripten('Unity bridge in Emscripten builds (IL2CPP-style C calls, Chromium, sandbox)', () => {
  const builds = new Map<HarnessBuild, BuiltHarness>();
  let server: UnityPageServer;
  let browser: Browser;

  beforeAll(async () => {
    const started = performance.now();
    // Both builds at once: emcc and Closure each mostly use one core.
    for (const built of await Promise.all(BUILDS.map(buildHarness))) builds.set(built.build, built);
    figures.emscripten = emscriptenVersion();
    figures.buildsWallMs = Math.round(performance.now() - started);
    const { html, boot } = harnessPageFiles();
    const files: Record<string, readonly [string, string | Uint8Array]> = {};
    for (const [build, built] of builds) {
      figures[`${build}BuildMs`] = Math.round(built.buildMs);
      figures[`${build}JsBytes`] = built.js.length;
      files[`/${build}/`] = ['text/html; charset=utf-8', html];
      files[`/${build}/boot.js`] = ['text/javascript; charset=utf-8', boot];
      files[`/${build}/unity.js`] = ['text/javascript; charset=utf-8', built.js];
      files[`/${build}/unity.wasm`] = ['application/wasm', built.wasm];
    }
    // The signer's per-address limit (60 a minute) would refuse most of the in-flight test's platform calls.
    server = await startUnityPageServer({ files, wasm: true, signer: { rateLimit: { perIp: false } } });
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    writeFileSync(join(ARTIFACTS_DIR, 'unity-emscripten.json'), `${JSON.stringify(figures, null, 2)}\n`);
  });

  describe.each(BUILDS)('%s build', (build) => {
    let context: BrowserContext | undefined;
    let problems: PageProblems;
    let consoleErrors: string[];

    afterEach(async () => {
      await context?.close();
      context = undefined;
      expect(problems.errors).toEqual([]);
    });

    /** A fresh tab on the harness page, its module started. */
    async function openGame(): Promise<Page> {
      context = await browser.newContext();
      const page = await context.newPage();
      problems = watchPage(page);
      consoleErrors = [];
      // What the jslib and the bridge report (the browser's own lines about 4xx answers are expected here).
      page.on('console', (m) => {
        if (m.type() === 'error' && m.text().includes('PlyrKit')) consoleErrors.push(m.text());
      });
      await page.goto(`${server.origin}/${build}/`);
      await page.waitForFunction(() => 'unityModule' in window);
      return page;
    }

    const config = (extra: Record<string, unknown> = {}): string =>
      JSON.stringify({
        gameId: server.sandbox.gameId,
        signer: { url: '/plyr/sign', mode: 'sign' }, // the page server signs; relay is the client's default
        apiBase: server.sandbox.url,
        storage: 'memory',
        syncTabs: false,
        retries: 0,
        ...extra,
      });

    /** `ccall` of an exported C function of the harness (its string arguments marshalled by Emscripten). */
    const ccall = (page: Page, name: string, types: string[], args: unknown[]): Promise<number> =>
      page.evaluate(
        ([n, t, a]) =>
          (
            window as unknown as {
              unityModule: { ccall: (n: string, r: string, t: string[], a: unknown[]) => number };
            }
          ).unityModule.ccall(n, 'number', t, a),
        [name, types, args] as const,
      );

    /** C's PlyrKit_Init, as PlyrKit.cs's Init reaches it. */
    const init = (page: Page, configJson: string, gameObject = 'PlyrKit'): Promise<number> =>
      ccall(page, 'harness_init', ['string', 'string'], [configJson, gameObject]);

    /** C's PlyrKit_Call; returns its status (1: handed over). */
    const call = (page: Page, id: string, method: string, args: unknown = ''): Promise<number> =>
      ccall(
        page,
        'harness_call',
        ['string', 'string', 'string'],
        [id, method, typeof args === 'string' ? args : JSON.stringify(args)],
      );

    const received = (page: Page): Promise<Received[]> =>
      page.evaluate(() => (window as unknown as { unityMessages: Received[] }).unityMessages);

    /** Waits until `count` answers (OnPlyrResponse) reached C; all messages so far. */
    async function answers(page: Page, count: number, timeout = 10_000): Promise<Received[]> {
      await page.waitForFunction(
        (n) =>
          (window as unknown as { unityMessages: Received[] }).unityMessages.filter(
            (m) => m.method === 'OnPlyrResponse',
          ).length >= n,
        count,
        { timeout, polling: 50 },
      );
      return received(page);
    }

    /** The answer to request `id` (waits for it). */
    async function answer(page: Page, id: string): Promise<BridgeResponse> {
      const handle = await page.waitForFunction(
        (i) =>
          (window as unknown as { unityMessages: Received[] }).unityMessages.find(
            (m) => m.method === 'OnPlyrResponse' && JSON.parse(m.value ?? '{}').id === i,
          )?.value,
        id,
        { timeout: 10_000 },
      );
      return JSON.parse((await handle.jsonValue()) as string) as BridgeResponse;
    }

    /** `call` then `answer`, the status checked. */
    async function request(
      page: Page,
      id: string,
      method: string,
      args: unknown = '',
    ): Promise<BridgeResponse> {
      expect(await call(page, id, method, args)).toBe(1);
      return answer(page, id);
    }

    /** Every message arrived at C as the UTF-8 of its text (no byte lost, added or re-encoded). */
    const expectIntactUtf8 = (messages: Received[]): void => {
      const broken = messages.filter(
        (m) => m.value !== null && Buffer.byteLength(m.value, 'utf8') !== m.bytes,
      );
      expect(broken).toEqual([]);
    };

    it('init answers 1; answers and events come back through the framework’s SendMessage into C', async () => {
      const page = await openGame();
      expect(await init(page, config())).toBe(1);
      expect(await request(page, '1', 'ready')).toEqual({ id: '1', ok: true, result: null });
      const messages = await received(page);
      expect(messages.map((m) => [m.gameObject, m.method])).toEqual(
        expect.arrayContaining([
          ['PlyrKit', 'OnPlyrEvent'],
          ['PlyrKit', 'OnPlyrResponse'],
        ]),
      );
      expect(JSON.parse(messages.find((m) => m.method === 'OnPlyrEvent')?.value ?? '')).toEqual({
        event: 'ready',
        data: { session: null },
      });
      expectIntactUtf8(messages);
      expect(consoleErrors).toEqual([]);
    });

    it(`${IN_FLIGHT} calls made in one frame are all answered, each to its own request id`, async () => {
      const page = await openGame();
      expect(await init(page, config())).toBe(1);
      expect((await request(page, 'warm-up', 'ready')).ok).toBe(true);
      const before = (await received(page)).filter((m) => m.method === 'OnPlyrResponse').length;
      // Five kinds of call, so that a mixed-up answer shows: local state, a platform round trip through the
      // signer, an unknown method, refused input, and the restored-session promise.
      const plan = [
        'session\t',
        'userInfo\t{"plyrIdOrAddress":"demo-player"}',
        'nope\t',
        'login\t{"plyrId":"demo-player","otp":"12"}',
        'ready\t',
      ].join('\n');
      const started = performance.now();
      // The C loop and a look at what C received right after it, in one task: no answer may arrive before every
      // call was handed over (answers never come inside PlyrKit_Call).
      const { accepted, answeredDuring } = await page.evaluate(
        ([n, p]) => {
          const w = window as unknown as {
            unityModule: { ccall: (n: string, r: string, t: string[], a: unknown[]) => number };
            unityMessages: Received[];
          };
          const count = (): number => w.unityMessages.filter((m) => m.method === 'OnPlyrResponse').length;
          const start = count();
          const made = w.unityModule.ccall(
            'harness_call_many',
            'number',
            ['number', 'string', 'string'],
            [n, 'm', p],
          );
          return { accepted: made, answeredDuring: count() - start };
        },
        [IN_FLIGHT, plan] as const,
      );
      expect(accepted).toBe(IN_FLIGHT);
      expect(answeredDuring).toBe(0);
      const messages = await answers(page, before + IN_FLIGHT, 60_000);
      const elapsedMs = performance.now() - started;

      const responses = messages
        .filter((m) => m.method === 'OnPlyrResponse')
        .map((m) => JSON.parse(m.value ?? '') as BridgeResponse)
        .filter((r) => r.id.startsWith('m'));
      const ids = responses.map((r) => r.id);
      expect(new Set(ids).size).toBe(IN_FLIGHT);
      const outcome = (r: BridgeResponse): string => (r.ok ? 'ok' : r.error.code);
      const expected = ['ok', 'ok', 'UNKNOWN_METHOD', 'INVALID_INPUT', 'ok'];
      const mismatched = responses.filter((r) => outcome(r) !== expected[Number(r.id.slice(1)) % 5]);
      expect(mismatched).toEqual([]);
      const profiles = responses.filter((r) => Number(r.id.slice(1)) % 5 === 1);
      expect(profiles.every((r) => r.ok && (r.result as { plyrId?: string }).plyrId === 'demo-player')).toBe(
        true,
      );
      expectIntactUtf8(messages);
      expect(consoleErrors).toEqual([]);
      figures[`${build}InFlight`] = {
        calls: IN_FLIGHT,
        accepted,
        answered: responses.length,
        matched: responses.length - mismatched.length,
        platformRoundTrips: profiles.length,
        ms: Math.round(elapsedMs),
      };
    }, 90_000);

    it('registers a guest: the session answers its request and the guest:registered event reaches C', async () => {
      const page = await openGame();
      expect(await init(page, config())).toBe(1);
      const guest = await request(page, 'g1', 'registerGuest');
      expect(guest).toMatchObject({
        id: 'g1',
        ok: true,
        result: { isGuest: true, gameId: server.sandbox.gameId },
      });
      const plyrId = (guest as { result: { plyrId: string } }).result.plyrId;
      expect(plyrId).toMatch(/^[a-z-]+-[0-9a-f]{6}$/);
      const events = (await received(page))
        .filter((m) => m.method === 'OnPlyrEvent')
        .map((m) => JSON.parse(m.value ?? '') as BridgeEvent);
      expect(events.find((e) => e.event === 'guest:registered')?.data).toMatchObject({ session: { plyrId } });
      expect(await request(page, 'g2', 'session')).toMatchObject({
        ok: true,
        result: { plyrId, isGuest: true },
      });
      // The session token stays in the page.
      expect((await received(page)).some((m) => JWT.test(m.value ?? ''))).toBe(false);
    });

    it('real play: an IDR launch authenticates through the same-origin relay; its formatted balance reaches C intact', async () => {
      const page = await openGame();
      const realPlay = {
        relay: UNITY_RELAY_PATH,
        provider: UNITY_MGPLUS_PROVIDER,
        game: MGPLUS_SANDBOX_GAME,
        locale: 'en-US',
      };
      expect(await init(page, JSON.stringify({ realPlay }))).toBe(1);
      const launchToken = await server.sandbox.mgplus.mintLaunchToken({ player: 'idr' });
      expect(await request(page, 'r1', 'realPlayAuthenticate', { launchToken })).toMatchObject({
        ok: true,
        // The no-break space of the formatted balance is 2 bytes of UTF-8 on the way into C.
        result: { balance: 1500.5, formattedBalance: 'IDR\u00a01,500.50', betLimits: { min: 1, max: 5000 } },
      });
      const expired = await server.sandbox.mgplus.mintLaunchToken({ player: 'idr', expired: true });
      expect(await request(page, 'r2', 'realPlayAuthenticate', { launchToken: expired })).toMatchObject({
        ok: false,
        error: { code: 'PLAYER_UNAUTHORIZED', mgplusCode: 'PLAYER_UNAUTHORIZED', retryable: false },
      });
      expectIntactUtf8(await received(page));
    });

    it('bad input comes back as INVALID_INPUT; a refused configuration answers 0 and NOT_INITIALIZED', async () => {
      const page = await openGame();
      expect(await init(page, '{"gameId":""}')).toBe(0);
      expect(await request(page, 'b0', 'session')).toMatchObject({
        ok: false,
        error: { code: 'NOT_INITIALIZED', message: expect.stringContaining('gameId') },
      });
      expect(await init(page, config())).toBe(1);
      const refused = [
        ['b1', 'login', { plyrId: 'demo-player', otp: '12' }],
        ['b2', 'login', '{"plyrId": "demo-player",'],
        ['b3', 'verifyClaimingCode', { code: 'not-a-code' }],
        ['b4', 'logout', { forgetGuest: 'yes' }],
        ['b5', 'session', '[1, 2]'],
      ] as const;
      for (const [id, method, args] of refused)
        expect(await request(page, id, method, args)).toMatchObject({
          id,
          ok: false,
          error: { code: 'INVALID_INPUT', retryAfterMs: null },
        });
      expect(await request(page, 'b6', 'session')).toEqual({ id: 'b6', ok: true, result: null });
    });

    it('non-ASCII text round-trips through UTF-8 pointers both ways (GameObject, PLYR[ID] errors, names, emoji)', async () => {
      const page = await openGame();
      // The GameObject's name goes C → page at init and page → C with every message.
      const gameObject = `PlyrKit ${PLAYER}`;
      expect(await init(page, config(), gameObject)).toBe(1);
      expect((await request(page, 'u0', 'ready')).ok).toBe(true);

      // A player name typed as a PLYR[ID]: refused before anything is sent.
      expect(await request(page, 'u1', 'login', { plyrId: 'jürgen-müller', otp: '123456' })).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT', message: 'Invalid PLYR[ID]' },
      });
      // The platform's PLYR[ID] error, with its non-ASCII message, reaches C unchanged.
      const notFound = `PLYR[ID] not found: ${PLAYER}`;
      server.sandbox.injectFault({
        path: '/api/user/info/',
        status: 404,
        body: { error: notFound },
        times: 1,
      });
      expect(await request(page, 'u2', 'userInfo', { plyrIdOrAddress: 'second-player' })).toMatchObject({
        ok: false,
        error: { code: 'USER_NOT_FOUND', message: `PLYR: ${notFound} (HTTP 404)` },
      });
      // A result carrying a player's name (their avatar's file name).
      const avatar = `https://cdn.example/avatars/${PLAYER}.png`;
      server.sandbox.injectFault({ path: '/api/user/avatar/', status: 200, body: { avatar }, times: 1 });
      expect(await request(page, 'u3', 'avatar', { plyrId: 'second-player' })).toEqual({
        id: 'u3',
        ok: true,
        result: avatar,
      });
      // Emoji in a method name, an argument key and a request id, quoted back in the answers.
      expect(await request(page, 'u4-🎲', 'würfeln🎲')).toMatchObject({
        id: 'u4-🎲',
        ok: false,
        error: { code: 'UNKNOWN_METHOD', message: expect.stringContaining('"würfeln🎲"') },
      });
      expect(await request(page, 'u5', 'avatar', { 'naïve✓': PLAYER })).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT', message: expect.stringContaining('unknown key "naïve✓"') },
      });

      const messages = await received(page);
      expect(messages.length).toBeGreaterThan(6);
      expect(messages.filter((m) => m.gameObject !== gameObject)).toEqual([]);
      expectIntactUtf8(messages);
      expect(messages.some((m) => m.bytes > (m.value ?? '').length)).toBe(true);
      expect(consoleErrors).toEqual([]);
    });
  });
});
