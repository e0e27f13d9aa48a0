/**
 * A minimal game page for the PLYR[CONNECT] browser tests, served under a strict CSP next to the real signing
 * endpoint: the core client from its UMD build (dist/plyr-kit.umd.js) and buttons that call `connect` from a
 * click. Results land in `window.results`; the client's `login` events in `body[data-login]`. A second origin
 * serves an "evil" page for forged-message tests. `?popups=blocked` serves the page as a CSP sandbox without
 * `allow-popups`, where Chromium refuses every popup (its popup blocker is off under Playwright).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { createSigningHandler, toNodeListener } from '../../src/server/index.js';
import { sandboxKeys } from './server-harness.js';

const UMD = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'plyr-kit.umd.js');

/** The buttons of the page: id → connect options. */
export const CONNECT_BUTTONS = {
  popup: { mode: 'popup' },
  'popup-short': { mode: 'popup', timeoutMs: 1500 },
  iframe: { mode: 'iframe' },
  redirect: { mode: 'redirect' },
} as const;

const pageScript = (gameId: string, apiBase: string) => `'use strict';
(() => {
  const buttons = ${JSON.stringify(CONNECT_BUTTONS)};
  const plyr = PlyrKit.createPlyr({ gameId: ${JSON.stringify(gameId)}, signer: '/plyr/sign', apiBase: ${JSON.stringify(apiBase)} });
  window.plyr = plyr;
  window.results = [];
  const record = (value) => window.results.push(value);
  plyr.on('login', ({ session, method }) => { document.body.dataset.login = method + ':' + session.plyrId; });
  plyr.on('error', (error) => record({ ok: false, code: error.code, event: true }));
  for (const [id, options] of Object.entries(buttons)) {
    const button = document.createElement('button');
    button.id = id;
    button.textContent = id;
    button.addEventListener('click', () => {
      plyr.connect(options).then(
        (session) => record({ ok: true, plyrId: session.plyrId }),
        (error) => record({ ok: false, code: error.code }),
      );
    });
    document.body.append(button);
  }
  plyr.ready.then(() => { document.body.dataset.ready = '1'; });
})();
`;

const EVIL_PAGE = '<!doctype html><html><head><title>evil</title></head><body>evil</body></html>';

/** The game page server, its sandbox and the evil origin. */
export interface ConnectGame {
  sandbox: Sandbox;
  /** The game page's URL. */
  url: string;
  /** An unrelated origin's page (frameable by the game page). */
  evilUrl: string;
  close(): Promise<void>;
}

const listen = async (server: Server): Promise<string> => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

/** Starts the sandbox, the game page (with its signing endpoint) and the evil origin. */
export async function startConnectGame(): Promise<ConnectGame> {
  if (!existsSync(UMD)) throw new Error('dist/plyr-kit.umd.js is missing: run `npm run build` first.');
  const sandbox = await startSandbox();
  const evil = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(EVIL_PAGE);
  });
  const evilUrl = await listen(evil);
  const signer = toNodeListener(
    createSigningHandler({
      ...sandboxKeys(sandbox),
      mode: 'sign',
      basePath: '/plyr/sign',
      rateLimit: false,
    }),
  );
  const umd = await readFile(UMD, 'utf8');
  const script = pageScript(sandbox.gameId, sandbox.url);
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `connect-src 'self' ${sandbox.url}`,
    `frame-src ${sandbox.url} ${evilUrl}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  const game = createServer((req, res) => {
    const { pathname: path, searchParams } = new URL(req.url ?? '/', 'http://x');
    const blocked = searchParams.get('popups') === 'blocked';
    if (path.startsWith('/plyr/sign')) return signer(req, res);
    const files: Record<string, [string, string]> = {
      '/': [
        'text/html; charset=utf-8',
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>game</title>' +
          '<script src="/plyr-kit.umd.js"></script><script src="/page.js" defer></script></head><body></body></html>',
      ],
      '/plyr-kit.umd.js': ['text/javascript; charset=utf-8', umd],
      '/page.js': ['text/javascript; charset=utf-8', script],
    };
    const file = files[path];
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'content-type': file[0],
      'content-security-policy': blocked ? `${csp}; sandbox allow-scripts allow-same-origin` : csp,
      'x-content-type-options': 'nosniff',
    });
    res.end(file[1]);
  });
  const url = `${await listen(game)}/`;
  const close = (server: Server) =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return {
    sandbox,
    url,
    evilUrl,
    async close() {
      await Promise.all([close(game), close(evil)]);
      await sandbox.close();
    },
  };
}
