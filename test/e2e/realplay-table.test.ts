// The real-play table of the demo in headless Chromium: bets chosen with keyboard, mouse and touch within the
// session's limits, rounds asked of the server with only { sessionId, bet, freeGame? }, the balance updated as the
// server reports it, INSUFFICIENT_FUNDS said plainly, a free-game offer played down, and the lobby reached from
// the top page and from inside an operator's iframe. Until the demo server plays rounds (#13 §4), its
// `/demo/realplay/spin` answers are scripted here with Playwright routes; everything else is the real demo.
import { afterEach, expect, it, jest } from '@jest/globals';
import type { BrowserContext, Page, Route } from 'playwright-core';
import { formatBalance } from '../../src/realplay/index.js';
import {
  describeInBrowser,
  type PageProblems,
  saveScreenshot,
  useServerAndChromium,
  watchPage,
} from '../helpers/e2e-browser.js';
import { startDemo } from '../helpers/e2e-demo.js';
import { seededPlayer } from '../helpers/realplay-players.js';

jest.setTimeout(60_000);

const LOCALE = 'en-US';
const EUR = seededPlayer('eur');
const LOBBY = EUR.lobbyUrl ?? '';
const eur = (amount: number) => formatBalance(amount, { currency: 'eur', locale: LOCALE });

describeInBrowser('the demo real-play table in Chromium', () => {
  const suite = useServerAndChromium(startDemo);
  let context: BrowserContext;
  let problems: PageProblems;

  afterEach(async () => {
    await context?.close();
    expect(problems.errors).toEqual([]);
  });

  /** A launch URL for the EUR player, minted through the demo server as its dev panel does. */
  async function launchUrl(): Promise<string> {
    const res = await fetch(`${suite.server.url}/sandbox/mgplus/launch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ player: 'eur' }),
    });
    const { url } = (await res.json()) as { url: string };
    return url;
  }

  /** A touch-capable page; spin answers come from `answers` in order, and the lobby is a local stand-in. */
  async function openPage(answers: Array<(route: Route) => Promise<void>>) {
    context = await suite.browser.newContext({
      viewport: { width: 1100, height: 900 },
      locale: LOCALE,
      timezoneId: 'UTC',
      hasTouch: true,
    });
    const page = await context.newPage();
    problems = watchPage(page);
    const spins: Array<Record<string, unknown>> = [];
    await context.route('**/demo/realplay/spin', async (route) => {
      spins.push(route.request().postDataJSON() as Record<string, unknown>);
      const answer = answers.shift();
      if (!answer) throw new Error('an unexpected spin');
      await answer(route);
    });
    await context.route(`${new URL(LOBBY).origin}/**`, (route) =>
      route.fulfill({ contentType: 'text/html', body: '<title>Lobby</title><h1>Casino lobby</h1>' }),
    );
    return { page, spins };
  }

  const json = (status: number, body: unknown) => (route: Route) =>
    route.fulfill({ status, contentType: 'application/json', body: JSON.stringify(body) });

  async function text(page: Page, hook: string): Promise<string> {
    return ((await page.textContent(`[data-demo="${hook}"]`)) ?? '').trim();
  }

  /** Waits until the table has the server's answer (no round in flight). */
  const settled = (page: Page) => page.waitForSelector('.demo-table[data-demo-state="ready"]');

  it('chooses bets within the limits, plays paid and free rounds, shows insufficient funds, and goes to the lobby', async () => {
    const offer = EUR.freeGames[0];
    if (!offer) throw new Error('the EUR player has a free-game offer');
    const start = new Date(Date.now() - 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const end = new Date(Date.now() + 7 * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const { page, spins } = await openPage([
      json(200, { roundId: 'r-1', outcome: ['⭐', '⭐', '⭐'], win: 5, balance: 1005.5 }),
      json(402, { error: 'Not enough funds for the debit.', code: 'INSUFFICIENT_FUNDS' }),
      json(200, {
        roundId: 'r-2',
        outcome: ['🍒', '⭐', '🍋'],
        win: 0,
        balance: 1005.5,
        freeGameInfo: [
          {
            instanceId: offer.instanceId,
            offerId: offer.offerId,
            offerName: offer.offerName,
            instanceInfo: {
              canBeRejected: offer.canBeRejected,
              nearestCostPerBet: offer.nearestCostPerBet,
              numberOfRoundsRemaining: offer.numberOfRoundsRemaining - 1,
              numberOfRoundsAwarded: offer.numberOfRoundsAwarded,
              instanceStartDateUtc: start,
              instanceEndDateUtc: end,
            },
          },
        ],
      }),
    ]);
    await page.goto(await launchUrl());
    await page.waitForSelector('[data-demo="spin"]');
    expect(await text(page, 'balance')).toBe(eur(EUR.balance));
    expect(await text(page, 'bets')).toBe(`Bet ${eur(1)} · min ${eur(0.1)} · max ${eur(100)}`);

    // Keyboard on the slider, a mouse click and a tap on the − / + buttons; the bet never leaves the range.
    await page.focus('[data-demo="bet-range"]');
    await page.keyboard.press('ArrowRight');
    expect(await text(page, 'bets')).toMatch(new RegExp(`^Bet ${eur(2).replace('$', '\\$')} `));
    await page.keyboard.press('End');
    expect(await text(page, 'bets')).toMatch(/^Bet €100\.00 /);
    await page.click('[data-demo="bet-up"]');
    expect(await text(page, 'bets')).toMatch(/^Bet €100\.00 /);
    await page.focus('[data-demo="bet-range"]');
    await page.keyboard.press('Home');
    await page.tap('[data-demo="bet-down"]');
    expect(await text(page, 'bets')).toMatch(/^Bet €0\.10 /);
    await page.tap('[data-demo="bet-up"]');
    await page.click('[data-demo="bet-up"]');
    expect(await text(page, 'bets')).toMatch(/^Bet €0\.50 /);

    // A paid round: the server's outcome, win and balance, as reported.
    await page.click('[data-demo="spin"]');
    await settled(page);
    expect(spins[0]).toEqual({ sessionId: null, bet: 0.5 });
    expect(await text(page, 'balance')).toBe(eur(1005.5));
    expect(await text(page, 'spin-result')).toBe(`⭐ ⭐ ⭐ · win ${eur(5)}`);
    expect(await page.getAttribute('[data-demo="spin-result"]', 'data-round-id')).toBe('r-1');
    await saveScreenshot(page, 'realplay-table');

    // Refused for funds: said plainly, the balance kept.
    await page.click('[data-demo="spin"]');
    await settled(page);
    expect(await text(page, 'spin-error')).toContain('Not enough funds for this bet.');
    expect(await page.getAttribute('[data-demo="spin-error"]', 'data-code')).toBe('INSUFFICIENT_FUNDS');
    expect(await text(page, 'balance')).toBe(eur(1005.5));

    // A free round of the offer: the offer counts down as the server reports.
    expect(await text(page, 'free-games')).toContain(`${offer.numberOfRoundsRemaining} of 10 rounds`);
    await page.click(`[data-demo="play-free-game"][data-instance-id="${offer.instanceId}"]`);
    await settled(page);
    expect(spins[2]).toEqual({
      sessionId: null,
      bet: offer.nearestCostPerBet,
      freeGame: { offerId: offer.offerId, instanceId: offer.instanceId },
    });
    expect(await text(page, 'spin-error')).toBe('');
    expect(await text(page, 'free-games')).toContain(`${offer.numberOfRoundsRemaining - 1} of 10 rounds`);
    expect(await text(page, 'spin-result')).toBe('🍒 ⭐ 🍋 · no win');

    await Promise.all([page.waitForURL(LOBBY), page.click('[data-demo="lobby"]')]);
  });

  it("leaves an operator's iframe for the lobby by navigating the top window", async () => {
    const { page } = await openPage([]);
    const game = await launchUrl();
    const operator = `${suite.server.url}/operator-casino.html`;
    await context.route(operator, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<title>Casino</title><iframe src="${game}" width="1000" height="850"></iframe>`,
      }),
    );
    // The demo forbids framing (frame-ancestors 'none'); an operator's build of a game would allow its casino.
    await context.route(game, async (route) => {
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
