/**
 * Real play in the demo, driven as a player does: the dev panel's "Launch real play", the table's hooks, and the
 * demo server's answer to each round (read off the wire, so a test can compare the page with it and the ledger).
 */
import type { Page } from 'playwright-core';
import { SPIN_PATH } from '../../demo/server.mjs';
import { formatBalance } from '../../src/realplay/index.js';
import type { MgPlusSandboxPlayer } from '../../src/sandbox/mgplus/players.js';

/** The browser locale the real-play suites open the demo in. */
export const LOCALE = 'en-US';

/** An amount as the demo must show it for `player` (in {@link LOCALE}). */
export const shown = (player: MgPlusSandboxPlayer, amount: number): string =>
  formatBalance(amount, {
    currency: player.currency,
    currencyTruncation: player.currencyTruncation,
    locale: LOCALE,
  });

/** "Launch real play" from the dev panel; resolves once the game has reopened in the real-play scene. */
export async function launchFromDevPanel(
  page: Page,
  player: string,
  token: 'valid' | 'expired' | 'invalid' = 'valid',
): Promise<void> {
  await page.waitForSelector(`[data-demo="real-play-player"] option[value="${player}"]`, {
    state: 'attached',
  });
  await page.selectOption('[data-demo="real-play-player"]', player);
  await page.selectOption('[data-demo="real-play-token"]', token);
  const before = page.url();
  await Promise.all([
    page.waitForURL((url) => url.searchParams.has('launchToken') && url.href !== before),
    page.click('[data-demo="launch-real-play"]'),
  ]);
  await page.waitForSelector('body[data-scene="RealPlay"]');
}

/** The trimmed text of a `data-demo` hook, once it is there. */
export async function hudText(page: Page, hook: string): Promise<string> {
  await page.waitForSelector(`[data-demo="${hook}"]`, { state: 'attached' });
  return ((await page.textContent(`[data-demo="${hook}"]`)) ?? '').trim();
}

/** What the page sent for one round and what the demo server answered. */
export interface PlayedRound {
  request: Record<string, unknown>;
  status: number;
  body: Record<string, unknown>;
}

/** Clicks `selector` (Spin or a free round) and waits for the server's answer and the table to be ready again. */
export async function playRound(page: Page, selector: string): Promise<PlayedRound> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === SPIN_PATH),
    page.click(selector),
  ]);
  await page.waitForSelector('.demo-table[data-demo-state="ready"]');
  return {
    request: response.request().postDataJSON() as Record<string, unknown>,
    status: response.status(),
    body: (await response.json()) as Record<string, unknown>,
  };
}
