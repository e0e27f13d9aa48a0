/**
 * The demo as `npm run demo` serves it, started in-process on a free port for the end-to-end tests. The demo bundle
 * is rebuilt first when it is missing or older than its sources (the demo compiles src/ directly).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { DemoServer, DemoServerOptions } from '../../demo/server.mjs';
import { useWatchedPages } from './e2e-browser.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Checks the library build (the demo server uses dist/server.js and dist/sandbox.js) and builds the demo if stale. */
export function ensureDemoBuilt(): void {
  for (const entry of ['server', 'sandbox']) {
    if (!existsSync(join(repoRoot, 'dist', `${entry}.js`)))
      throw new Error(`dist/${entry}.js is missing: run \`npm run build\` first.`);
  }
  // A child process: rollup and swc's native binding are happier outside Jest's module sandbox.
  const result = spawnSync(process.execPath, [join(repoRoot, 'demo', 'build.mjs'), '--if-stale'], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`The demo build failed:\n${result.stdout}${result.stderr}`);
}

/** Builds the demo if needed and starts its server (sandbox included) on a free loopback port. */
export async function startDemo(options: DemoServerOptions = {}): Promise<DemoServer> {
  ensureDemoBuilt();
  const { startDemoServer } = await import('../../demo/server.mjs');
  // Never the real platform in tests, whatever the developer's shell has set.
  return startDemoServer({ port: 0, env: {}, ...options });
}

/**
 * `openDemo(options, prepare)` for a suite on the demo server: a fresh browser profile (empty IndexedDB) with the demo
 * on its title screen; contexts are closed and their pages checked for errors after each test (`useWatchedPages`).
 */
export function useDemoPages(suite: {
  readonly server: Pick<DemoServer, 'url'>;
  readonly browser: Browser;
}): (
  options?: Parameters<Browser['newContext']>[0],
  prepare?: (context: BrowserContext) => Promise<unknown>,
) => Promise<Page> {
  const newPage = useWatchedPages(suite);
  return async (options, prepare) => {
    const page = await newPage(options, prepare);
    await page.goto(suite.server.url);
    await page.waitForSelector('body[data-scene="Title"] [data-demo="login"]');
    return page;
  };
}
