// The platform's error table in Chromium, as a bundler splits the core for a game: it is not in the sign-in bundle
// but in the profile chunk, loaded with the first failed answer. A wrong 2FA code against the sandbox still reads
// INVALID_OTP; when the chunk cannot be downloaded the failed answer rejects with NETWORK, and the next one loads it.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it, jest } from '@jest/globals';
import commonjs from '@rollup/plugin-commonjs';
import nodeResolve from '@rollup/plugin-node-resolve';
import typescript from '@rollup/plugin-typescript';
import type { BrowserContext, Page } from 'playwright-core';
import { rollup } from 'rollup';
import { startSandbox } from '../../src/sandbox/index.js';
import { createSigningHandler, toNodeListener } from '../../src/server/index.js';
import {
  describeInBrowser,
  type PageProblems,
  useServerAndChromium,
  watchPage,
} from '../helpers/e2e-browser.js';
import { sandboxKeys } from '../helpers/server-harness.js';

jest.setTimeout(60_000);

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The page: a client whose signer is the same-origin relay to the sandbox. */
const page = (apiBase: string, gameId: string) => `<!doctype html><meta charset="utf-8"><title>errors</title>
<script type="module">
  import { createPlyr } from '/index.js';
  const plyr = createPlyr({ gameId: ${JSON.stringify(gameId)}, signer: '/plyr/relay', apiBase: ${JSON.stringify(apiBase)}, storage: 'memory', retries: 0 });
  window.login = (plyrId, otp) => plyr.login({ plyrId, otp }).then(() => 'ok', (error) => error.code);
  window.ready = true;
</script>`;

/** The sandbox, the relay and the code-split sign-in bundle (`createPlyr` only) on one origin. */
async function startErrorChunkServer() {
  const sandbox = await startSandbox();
  const relay = toNodeListener(
    createSigningHandler({
      ...sandboxKeys(sandbox),
      mode: 'relay',
      basePath: '/plyr/relay',
      rateLimit: false,
    }),
  );
  const entry = '\0entry';
  const bundle = await rollup({
    input: entry,
    preserveEntrySignatures: 'allow-extension',
    onwarn: () => {},
    plugins: [
      {
        name: 'entry',
        resolveId: (id) => (id === entry ? id : null),
        load: (id) =>
          id === entry
            ? `export { createPlyr } from ${JSON.stringify(join(root, 'src', 'index.ts'))};`
            : null,
      },
      nodeResolve({ browser: true }),
      commonjs(),
      typescript({
        tsconfig: join(root, 'tsconfig.json'),
        include: [join(root, 'src', '**', '*.ts')],
        compilerOptions: { noEmit: false, declaration: false },
      }),
    ],
  });
  const { output } = await bundle.generate({
    format: 'es',
    entryFileNames: 'index.js',
    chunkFileNames: 'chunks/[name]-[hash].js',
  });
  await bundle.close();
  const files = new Map(output.map((file) => [`/${file.fileName}`, file.type === 'chunk' ? file.code : '']));
  const requests: string[] = [];
  let html = '';
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] as string;
    if (path.startsWith('/plyr/relay')) return relay(req, res);
    if (path.startsWith('/chunks/')) requests.push(path);
    const body = path === '/' ? html : files.get(path);
    if (body === undefined) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': path === '/' ? 'text/html' : 'text/javascript' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  html = page(sandbox.url, sandbox.gameId);
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    requests,
    entryCode: files.get('/index.js') ?? '',
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await sandbox.close();
    },
  };
}

describeInBrowser('the platform error table in Chromium', () => {
  const suite = useServerAndChromium(startErrorChunkServer);
  let context: BrowserContext | undefined;
  let problems: PageProblems | undefined;

  afterEach(async () => {
    await context?.close();
    context = undefined;
    expect(problems?.errors ?? []).toEqual([]);
    problems = undefined;
  });

  async function openPage(): Promise<Page> {
    suite.server.requests.length = 0;
    context = await suite.browser.newContext();
    const browserPage = await context.newPage();
    problems = watchPage(browserPage);
    await browserPage.goto(suite.server.url);
    await browserPage.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
    return browserPage;
  }

  /** Logs a seeded player in with a 2FA code that is wrong (a player is locked out after five: two each here). */
  const login = (browserPage: Page, plyrId: string, otp: string) =>
    browserPage.evaluate(
      ({ id, code }) => (window as unknown as { login(...args: string[]): Promise<string> }).login(id, code),
      { id: plyrId, code: otp },
    );

  it('is not in the sign-in bundle', () => {
    expect(suite.server.entryCode).not.toContain('Invalid 2fa token');
  });

  it('a wrong 2FA code is INVALID_OTP: the table arrives with the failed answer, once', async () => {
    const browserPage = await openPage();
    expect(suite.server.requests).toEqual([]);
    expect(await login(browserPage, 'demo-player', '000000')).toBe('INVALID_OTP');
    expect(await login(browserPage, 'demo-player', '000001')).toBe('INVALID_OTP');
    expect(suite.server.requests.filter((path) => path.includes('/profile-'))).toHaveLength(1);
  });

  it('a table that fails to download is NETWORK, and the next failed answer downloads it', async () => {
    const browserPage = await openPage();
    let offline = true;
    await browserPage.route('**/chunks/profile-*', (route) => (offline ? route.abort() : route.continue()));
    expect(await login(browserPage, 'second-player', '000002')).toBe('NETWORK');
    offline = false;
    expect(await login(browserPage, 'second-player', '000003')).toBe('INVALID_OTP');
    expect(suite.server.requests.filter((path) => path.includes('/profile-'))).toHaveLength(1);
  });
});
