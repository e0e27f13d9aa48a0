// Real play on MG+ in headless Chromium, with the demo served as `npm run demo` serves it: the dev panel mints a
// sandbox launch token, the game reopens with `?launchToken=…`, authenticates through the demo server's MG+ relay
// (never calling MG+ itself, never signing in to PLYR) and shows balance, bet range and free games — or the error.
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { BrowserContext, Page } from 'playwright-core';
import type { DemoServer } from '../../demo/server.mjs';
import { betLimits } from '../../src/realplay/index.js';
import { MGPLUS_SANDBOX_PLAYERS } from '../../src/sandbox/mgplus/players.js';
import {
  describeInBrowser,
  type PageProblems,
  saveScreenshot,
  useServerAndChromium,
  watchPage,
} from '../helpers/e2e-browser.js';
import { startDemo } from '../helpers/e2e-demo.js';
import { hudText, LOCALE, launchFromDevPanel, shown } from '../helpers/e2e-realplay.js';
import { seededPlayer } from '../helpers/realplay-players.js';

jest.setTimeout(60_000);

describeInBrowser('real play on MG+ in Chromium', () => {
  const suite = useServerAndChromium(startDemo);
  let context: BrowserContext;
  let problems: PageProblems;
  /** Every URL the page requested. */
  let requests: string[];

  afterEach(async () => {
    await context?.close();
    expect(problems.errors).toEqual([]);
  });

  /** A fresh profile with the demo's title screen and the dev panel's MG+ players loaded. */
  async function openDemo(): Promise<Page> {
    context = await suite.browser.newContext({
      viewport: { width: 1100, height: 760 },
      locale: LOCALE,
      timezoneId: 'UTC',
    });
    const page = await context.newPage();
    problems = watchPage(page);
    requests = [];
    page.on('request', (req) => requests.push(req.url()));
    await page.goto(suite.server.url);
    await page.waitForSelector('body[data-scene="Title"] [data-demo="login"]');
    return page;
  }

  it('launches a EUR player: balance, bet range and free games, through the relay, without PLYR sign-in', async () => {
    const eur = seededPlayer('eur');
    const page = await openDemo();
    await launchFromDevPanel(page, 'eur');
    expect(new URL(page.url()).origin).toBe(suite.server.url);

    expect(await hudText(page, 'balance')).toBe(shown(eur, eur.balance));
    expect(shown(eur, eur.balance)).toBe('€1,000.50');
    const limits = betLimits(eur.gameConfig ?? {});
    expect(await hudText(page, 'bets')).toBe(
      `Bet ${shown(eur, limits.default)} · min ${shown(eur, limits.min)} · max ${shown(eur, limits.max)}`,
    );
    const offers = await hudText(page, 'free-games');
    for (const offer of eur.freeGames) {
      expect(offers).toContain(offer.offerName);
      expect(offers).toContain(`${offer.numberOfRoundsRemaining} of ${offer.numberOfRoundsAwarded} rounds`);
      expect(offers).toContain(shown(eur, offer.nearestCostPerBet));
    }
    await page.waitForSelector(
      `[data-demo="events"] li:has-text("realplay:authenticated: ${eur.playerId} (${eur.currency})")`,
    );
    expect(await page.$('[data-demo="real-play-error"]')).toBeNull();
    await saveScreenshot(page, 'realplay');

    // The browser reached MG+ only through the demo's relay, and nobody signed in to PLYR.
    const sandbox = suite.server.sandbox;
    if (!sandbox) throw new Error('expected the sandbox');
    expect(requests).toContain(`${suite.server.url}/mg/v1/authenticate`);
    expect(requests.filter((url) => url.startsWith(sandbox.url))).toEqual([]);
    expect(requests.some((url) => /\/plyr\/sign|\/api\/user\/login/.test(url))).toBe(false);
  });

  it('shows a currency with truncation > 1 (IDR, 1 shown = 1000) as reported, with its bet limits', async () => {
    const idr = seededPlayer('idr');
    expect(idr.currencyTruncation).toBeGreaterThan(1);
    const page = await openDemo();
    await launchFromDevPanel(page, 'idr');
    const balance = await hudText(page, 'balance');
    expect(balance).toBe(shown(idr, idr.balance));
    // MG+ reports 1500.5 (already scaled: 1 500 500 real rupiah) and the game shows it as reported.
    expect(balance).toBe('IDR\u00a01,500.50');
    const limits = betLimits(idr.gameConfig ?? {});
    expect(await hudText(page, 'bets')).toBe(
      `Bet ${shown(idr, limits.default)} · min ${shown(idr, limits.min)} · max ${shown(idr, limits.max)}`,
    );
    expect(await hudText(page, 'free-games')).toBe('No free-game offers.');
  });

  it('explains an expired, a forged and a garbled launch token', async () => {
    const page = await openDemo();
    // Expiry is MG+'s to judge: the client sends the token and MG+ refuses it.
    await launchFromDevPanel(page, 'eur', 'expired');
    expect(await hudText(page, 'real-play-error')).toContain('(PLAYER_UNAUTHORIZED)');
    expect(await page.$('[data-demo="balance"]')).toBeNull();
    await saveScreenshot(page, 'realplay-expired');

    await launchFromDevPanel(page, 'eur', 'invalid');
    expect(await hudText(page, 'real-play-error')).toContain('(PLAYER_UNAUTHORIZED)');

    // Only a token that cannot be sent (here: spaces) is refused in the browser.
    await page.goto(`${suite.server.url}/?launchToken=not%20a%20launch%20token`);
    expect(await hudText(page, 'real-play-error')).toContain('(LAUNCH_TOKEN_INVALID)');

    // Leaving real play goes back to the ordinary demo.
    await page.click('[data-demo="leave-real-play"]');
    await page.waitForSelector('body[data-scene="Title"] [data-demo="login"]');
    expect(new URL(page.url()).search).toBe('');
  });
});

describe('demo server MG+ routes (no browser)', () => {
  let demo: DemoServer;
  let offline: DemoServer;
  beforeAll(async () => {
    demo = await startDemo();
    const sandbox = demo.sandbox;
    if (!sandbox) throw new Error('expected the sandbox');
    // The PLYR_* variables: the "real" platform has no MG+ behind it, so there is no relay and no launcher.
    offline = await startDemo({
      env: {
        PLYR_API_BASE: sandbox.url,
        PLYR_API_KEY: sandbox.apiKey,
        PLYR_SECRET_KEY: sandbox.secretKey,
        PLYR_GAME_ID: sandbox.gameId,
      },
    });
  });
  afterAll(async () => {
    await offline?.close();
    await demo?.close();
  });

  const post = (base: string, path: string, body: unknown) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('mints a launch for this page, and the relay authenticates it with the sandbox MG+', async () => {
    const idr = seededPlayer('idr');
    const res = await post(demo.url, '/sandbox/mgplus/launch', { player: idr.label });
    expect(res.status).toBe(200);
    const launch = (await res.json()) as { launchToken: string; url: string; playerId: string };
    expect(launch.playerId).toBe(idr.playerId);
    const url = new URL(launch.url);
    expect(url.origin).toBe(demo.url);
    expect(url.searchParams.get('launchToken')).toBe(launch.launchToken);

    const auth = await post(demo.url, '/mg/v1/authenticate', {
      launchToken: launch.launchToken,
      game: 'plyr-kit-demo',
      platform: 'desktop',
    });
    expect(auth.status).toBe(200);
    const body = (await auth.json()) as { playerId: string; balanceInfo: { currencyTruncation: number } };
    expect(body.playerId).toBe(idr.playerId);
    expect(body.balanceInfo.currencyTruncation).toBe(idr.currencyTruncation);

    const players = (await (await fetch(`${demo.url}/sandbox/mgplus/players`)).json()) as {
      players: Array<{ label: string }>;
    };
    expect(players.players.map((p) => p.label)).toEqual(MGPLUS_SANDBOX_PLAYERS.map((p) => p.label));
  });

  it('refuses launch requests that are not { player, expired?, invalid? }', async () => {
    for (const body of [
      'not json',
      [],
      {},
      { player: 42 },
      { player: 'eur', expired: 'yes' },
      { player: 'eur', url: 'https://evil.example/' },
      { player: 'eur', game: 'another-game' },
    ]) {
      const res = await post(demo.url, '/sandbox/mgplus/launch', body);
      expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), 400]);
    }
    // An unknown player: the sandbox's own refusal, passed through.
    expect((await post(demo.url, '/sandbox/mgplus/launch', { player: 'nobody' })).status).toBe(400);
    // Another game than the demo's: the relay refuses it.
    const token = await demo.sandbox?.mgplus.mintLaunchToken({ player: 'eur' });
    const other = await post(demo.url, '/mg/v1/authenticate', {
      launchToken: token,
      game: 'another-game',
      platform: 'desktop',
    });
    expect(other.status).toBe(400);
  });

  it('mounts neither the relay, the launcher nor the round endpoint against the real platform', async () => {
    const html = await (await fetch(`${offline.url}/`)).text();
    expect(/<meta name="plyr-mgplus-relay" content="">/.test(html)).toBe(true);
    expect((await post(offline.url, '/sandbox/mgplus/launch', { player: 'eur' })).status).toBe(404);
    expect((await post(offline.url, '/mg/v1/authenticate', {})).status).toBe(405);
    expect((await post(offline.url, '/demo/realplay/spin', { sessionId: 'x', bet: 1 })).status).toBe(405);
  });
});
