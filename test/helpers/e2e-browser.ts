/**
 * Real headless Chromium for the end-to-end tests: Debian's /usr/bin/chromium driven by playwright-core (no browser
 * download). Without Chromium the suite fails with a clear message when `CI` is set, and is skipped with a warning
 * otherwise.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_MISSING, CHROMIUM_PATH } from './chromium-flags.mjs';

// Re-exported under their old names: the e2e tests and the server's edge-runtime test import them from here.
export { CHROMIUM_ARGS, CHROMIUM_MISSING, CHROMIUM_PATH };

/** True when the Chromium binary exists. */
export function hasChromium(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/**
 * `describe` for browser tests. Without Chromium: under CI a failing test with {@link CHROMIUM_MISSING}; locally a
 * skipped suite and a console warning.
 */
export function describeInBrowser(name: string, fn: () => void): void {
  if (hasChromium()) {
    describe(name, fn);
  } else if (process.env.CI) {
    describe(name, () => {
      it('needs Chromium', () => {
        throw new Error(CHROMIUM_MISSING);
      });
    });
  } else {
    console.warn(`Skipping "${name}": ${CHROMIUM_MISSING}`);
    describe.skip(name, fn);
  }
}

/** Launches headless Chromium. playwright gives every launch a fresh temporary profile (user-data dir). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

/** A server a suite starts (the demo, a test page server): anything with `close()`. */
interface Closable {
  close(): Promise<void>;
}

/**
 * Starts `start()` and Chromium once for the enclosing `describe`, and closes both after it. Read `server` and
 * `browser` inside tests and hooks (they are set once `beforeAll` ran).
 */
export function useServerAndChromium<S extends Closable>(
  start: () => Promise<S>,
): { readonly server: S; readonly browser: Browser } {
  let server: S | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    server = await start();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    get server() {
      if (!server) throw new Error('useServerAndChromium: read before beforeAll');
      return server;
    },
    get browser() {
      if (!browser) throw new Error('useServerAndChromium: read before beforeAll');
      return browser;
    },
  };
}

/** What went wrong in a page: uncaught exceptions and Content-Security-Policy violations. */
export interface PageProblems {
  errors: string[];
}

/** Collects uncaught page errors and CSP violations (which Chromium reports as console errors "Refused to …"). */
export function watchPage(page: Page): PageProblems {
  const problems: PageProblems = { errors: [] };
  page.on('pageerror', (error) => problems.errors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    const text = message.text();
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(text))
      problems.errors.push(`CSP: ${text}`);
  });
  return problems;
}

/**
 * `newPage(options, prepare)` for a suite: a page in a fresh browser context (`prepare` may route it first). After each
 * test its contexts are closed, and their pages must have had no page error and nothing blocked by the CSP.
 */
export function useWatchedPages(suite: {
  readonly browser: Browser;
}): (
  options?: Parameters<Browser['newContext']>[0],
  prepare?: (context: BrowserContext) => Promise<unknown>,
) => Promise<Page> {
  let opened: { context: BrowserContext; problems: PageProblems }[] = [];
  afterEach(async () => {
    const closing = opened;
    opened = [];
    for (const { context } of closing) await context.close();
    expect(closing.flatMap(({ problems }) => problems.errors)).toEqual([]);
  });
  return async (options, prepare) => {
    const context = await suite.browser.newContext(options);
    await prepare?.(context);
    const page = await context.newPage();
    opened.push({ context, problems: watchPage(page) });
    return page;
  };
}

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** test/artifacts (gitignored): every screenshot of a run. */
export const ARTIFACTS_DIR = join(repoRoot, 'test', 'artifacts');
/** docs/screenshots (committed): the ones the README shows. */
export const DOCS_SCREENSHOTS_DIR = join(repoRoot, 'docs', 'screenshots');

/**
 * Saves a screenshot to test/artifacts/<name>.png and, with `docs`, to docs/screenshots/<name>.png too — there only
 * when that file is missing or `PLYR_UPDATE_SCREENSHOTS=1`, so a test run does not dirty the committed images.
 */
export async function saveScreenshot(
  page: Page,
  name: string,
  options: { docs?: boolean } = {},
): Promise<void> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const image = await page.screenshot({ path: join(ARTIFACTS_DIR, `${name}.png`) });
  const docsFile = join(DOCS_SCREENSHOTS_DIR, `${name}.png`);
  if (options.docs && (!existsSync(docsFile) || process.env.PLYR_UPDATE_SCREENSHOTS === '1')) {
    mkdirSync(DOCS_SCREENSHOTS_DIR, { recursive: true });
    writeFileSync(docsFile, image);
  }
}
