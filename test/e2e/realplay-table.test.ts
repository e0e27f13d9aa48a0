// The demo's real-play table in headless Chromium against the demo server's real round loop: launched from the dev
// panel, bets chosen with keyboard, mouse and touch within the session's limits, paid rounds the server draws and
// plays through the sandbox's MG+ wallet (the page's balance is what the server reported, and the wallet's ledger
// agrees), a free-game round counted down, INSUFFICIENT_FUNDS said plainly, an IDR balance shown as reported, and the
// lobby reached from the top page and from inside an operator's iframe. Only the lobby (another site) is a stand-in.
import { expect, it, jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { MGPLUS_GAME, MGPLUS_PROVIDER } from '../../demo/server.mjs';
import { createMgPlusClient } from '../../src/server/index.js';
import { describeInBrowser, saveScreenshot, useServerAndChromium } from '../helpers/e2e-browser.js';
import { startDemo, useDemoPages } from '../helpers/e2e-demo.js';
import {
  hudText,
  LOCALE,
  launchFromDevPanel,
  type PlayedRound,
  playRound,
  shown,
} from '../helpers/e2e-realplay.js';
import { seededPlayer } from '../helpers/realplay-players.js';

jest.setTimeout(60_000);

const EUR = seededPlayer('eur');
const LOBBY = EUR.lobbyUrl ?? '';

describeInBrowser('the demo real-play table in Chromium', () => {
  const suite = useServerAndChromium(startDemo);
  const openDemoPage = useDemoPages(suite);

  const ledger = () => {
    const sandbox = suite.server.sandbox;
    if (!sandbox) throw new Error('expected the sandbox');
    return sandbox.mgplus.ledger();
  };

  /** The demo's title screen in a fresh touch-capable profile; the casino lobby (another site) is a stand-in. */
  const openDemo = (): Promise<Page> =>
    openDemoPage(
      { viewport: { width: 1100, height: 900 }, locale: LOCALE, timezoneId: 'UTC', hasTouch: true },
      (context) =>
        context.route(`${new URL(LOBBY).origin}/**`, (route) =>
          route.fulfill({ contentType: 'text/html', body: '<title>Lobby</title><h1>Casino lobby</h1>' }),
        ),
    );

  /** A round the server played: 200 with a round's fields. */
  function played(round: PlayedRound): { roundId: string; win: number; balance: number; outcome: string[] } {
    expect([round.status, round.body.code]).toEqual([200, undefined]);
    return round.body as { roundId: string; win: number; balance: number; outcome: string[] };
  }

  it('plays paid rounds and a free round as the server draws them, and the wallet agrees with the page', async () => {
    const offer = EUR.freeGames[0];
    if (!offer) throw new Error('the EUR player has a free-game offer');
    const page = await openDemo();
    await launchFromDevPanel(page, 'eur');
    await page.waitForSelector('[data-demo="spin"]');
    expect(await hudText(page, 'balance')).toBe(shown(EUR, EUR.balance));
    expect(await hudText(page, 'bets')).toBe(
      `Bet ${shown(EUR, 1)} · min ${shown(EUR, 0.1)} · max ${shown(EUR, 100)}`,
    );

    // Keyboard on the slider, a mouse click and a tap on the − / + buttons; the bet never leaves the range.
    await page.focus('[data-demo="bet-range"]');
    await page.keyboard.press('ArrowRight');
    expect(await hudText(page, 'bets')).toMatch(/^Bet €2\.00 /);
    await page.keyboard.press('End');
    await page.click('[data-demo="bet-up"]');
    expect(await hudText(page, 'bets')).toMatch(/^Bet €100\.00 /);
    await page.focus('[data-demo="bet-range"]');
    await page.keyboard.press('Home');
    await page.tap('[data-demo="bet-down"]');
    expect(await hudText(page, 'bets')).toMatch(/^Bet €0\.10 /);
    await page.tap('[data-demo="bet-up"]');
    await page.click('[data-demo="bet-up"]');
    expect(await hudText(page, 'bets')).toMatch(/^Bet €0\.50 /);

    // Paid rounds: the page sends only the session id and the bet; the balance shown is the one the server reported.
    const rounds = [];
    let sessionId: unknown;
    for (let i = 0; i < 4; i++) {
      const round = await playRound(page, '[data-demo="spin"]');
      sessionId ??= round.request.sessionId;
      expect(round.request).toEqual({ sessionId, bet: 0.5 });
      expect(sessionId).toMatch(/^[A-Za-z0-9_-]{32}$/);
      const answer = played(round);
      expect(await hudText(page, 'balance')).toBe(shown(EUR, answer.balance));
      const win = answer.win > 0 ? `win ${shown(EUR, answer.win)}` : 'no win';
      expect(await hudText(page, 'spin-result')).toBe(`${answer.outcome.join(' ')} · ${win}`);
      expect(await page.getAttribute('[data-demo="spin-result"]', 'data-round-id')).toBe(answer.roundId);
      rounds.push(answer);
    }
    await saveScreenshot(page, 'realplay-table');

    // A free round of the offer: charged to the offer, counted down as the wallet reports.
    expect(await hudText(page, 'free-games')).toContain(`${offer.numberOfRoundsRemaining} of 10 rounds`);
    const free = await playRound(
      page,
      `[data-demo="play-free-game"][data-instance-id="${offer.instanceId}"]`,
    );
    expect(free.request).toEqual({
      sessionId,
      bet: offer.nearestCostPerBet,
      freeGame: { offerId: offer.offerId, instanceId: offer.instanceId },
    });
    const freeAnswer = played(free);
    expect(await hudText(page, 'spin-error')).toBe('');
    expect(await hudText(page, 'free-games')).toContain(`${offer.numberOfRoundsRemaining - 1} of 10 rounds`);
    expect(await hudText(page, 'balance')).toBe(shown(EUR, freeAnswer.balance));

    // The wallet's books: each round a debit and a closing credit of the win, the balance the page shows, none open.
    const books = ledger();
    const mine = books.entries.filter((e) => e.playerId === EUR.playerId);
    for (const round of [...rounds, freeAnswer]) {
      const moves = mine.filter((e) => e.roundId === round.roundId);
      expect(moves.map((e) => [e.kind, e.change])).toEqual([
        ['debit', round === freeAnswer ? 0 : -0.5],
        ['credit', round.win],
      ]);
    }
    expect(mine.find((e) => e.roundId === freeAnswer.roundId)?.freeGame).toEqual({
      offerId: offer.offerId,
      instanceId: offer.instanceId,
    });
    expect(await hudText(page, 'balance')).toBe(shown(EUR, books.balances[EUR.playerId] ?? Number.NaN));
    expect(books.openRounds).toEqual([]);

    await Promise.all([page.waitForURL(LOBBY), page.click('[data-demo="lobby"]')]);
  });

  it('says plainly when the wallet cannot cover the bet, and moves no money', async () => {
    // The BTC player lost nearly everything at another of the casino's games: below the table's minimum bet.
    const btc = seededPlayer('btc');
    const sandbox = suite.server.sandbox;
    if (!sandbox) throw new Error('expected the sandbox');
    const elsewhere = createMgPlusClient({
      baseUrl: sandbox.url,
      sharedSecret: sandbox.mgplus.sharedSecret,
      provider: MGPLUS_PROVIDER,
    });
    const auth = await elsewhere.authenticate({
      launchToken: await sandbox.mgplus.mintLaunchToken({ player: 'btc', game: MGPLUS_GAME }),
      game: MGPLUS_GAME,
      ip: '127.0.0.1',
      platform: 'desktop',
    });
    const left = 0.000005;
    await elsewhere.playRound(auth.session, { bet: btc.balance - left, payout: () => 0 });

    const page = await openDemo();
    await launchFromDevPanel(page, 'btc');
    expect(await hudText(page, 'balance')).toBe(shown(btc, left));
    const before = ledger().entries.length;
    const refused = await playRound(page, '[data-demo="spin"]');
    expect([refused.status, refused.body.code]).toEqual([402, 'INSUFFICIENT_FUNDS']);
    expect(await hudText(page, 'spin-error')).toContain('Not enough funds for this bet.');
    expect(await page.getAttribute('[data-demo="spin-error"]', 'data-code')).toBe('INSUFFICIENT_FUNDS');
    expect(await hudText(page, 'balance')).toBe(shown(btc, left));
    expect(ledger().entries.length).toBe(before);
    expect(ledger().openRounds).toEqual([]);
  });

  it("shows the IDR player's balance as MG+ reports it, before and after a round", async () => {
    const idr = seededPlayer('idr');
    const page = await openDemo();
    await launchFromDevPanel(page, 'idr');
    expect(await hudText(page, 'balance')).toBe('IDR\u00a01,500.50');
    const answer = played(await playRound(page, '[data-demo="spin"]'));
    // Reported amounts (1 shown = 1000 rupiah), bet 10 at the default: shown as reported, never multiplied.
    expect(answer.balance).toBeCloseTo(idr.balance - 10 + answer.win, 8);
    expect(await hudText(page, 'balance')).toBe(shown(idr, answer.balance));
    expect(await hudText(page, 'balance')).toMatch(/^IDR\u00a0\d{1,3}(,\d{3})*\.\d{2}$/);
    expect(ledger().balances[idr.playerId]).toBe(answer.balance);
  });

  it("leaves an operator's iframe for the lobby by navigating the top window", async () => {
    const page = await openDemo();
    const res = await fetch(`${suite.server.url}/sandbox/mgplus/launch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ player: 'eur' }),
    });
    const game = ((await res.json()) as { url: string }).url;
    const operator = `${suite.server.url}/operator-casino.html`;
    await page.context().route(operator, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<title>Casino</title><iframe src="${game}" width="1000" height="850"></iframe>`,
      }),
    );
    // The demo forbids framing (frame-ancestors 'none'); an operator's build of a game would allow its casino.
    await page.context().route(game, async (route) => {
      const response = await route.fetch();
      const headers = response.headers();
      headers['content-security-policy'] = (headers['content-security-policy'] ?? '').replace(
        "frame-ancestors 'none'",
        "frame-ancestors 'self'",
      );
      await route.fulfill({ response, headers });
    });
    await page.goto(operator);
    const frame = page.frameLocator('iframe');
    await frame.locator('[data-demo="lobby"]').waitFor();
    await Promise.all([page.waitForURL(LOBBY), frame.locator('[data-demo="lobby"]').click()]);
    expect(page.url()).toBe(LOBBY);
  });
});
