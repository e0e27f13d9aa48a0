/**
 * The core as a bundler splits it for a game (bundled with its dependencies, code splitting, ES modules), served with
 * a test page from one loopback origin that records which chunks the page downloads; and the page opening that the
 * chunk suites share (a fresh context per test, no page errors allowed).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import commonjs from '@rollup/plugin-commonjs';
import nodeResolve from '@rollup/plugin-node-resolve';
import typescript from '@rollup/plugin-typescript';
import type { Browser, Page } from 'playwright-core';
import { rollup } from 'rollup';
import { useWatchedPages } from './e2e-browser.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const VIRTUAL_ENTRY = '\0entry';

/** What the bundle starts from: `src/index.ts` itself, or an entry module's source (paths from the repo root). */
export type SplitEntry = { file: string } | { source: string };

/** Bundles `entry` with code splitting: the files by URL path (`/index.js`, `/chunks/<name>-<hash>.js`). */
async function bundleSplit(entry: SplitEntry): Promise<Map<string, string>> {
  const virtual = 'source' in entry ? entry.source : undefined;
  const bundle = await rollup({
    input: virtual === undefined ? join(root, (entry as { file: string }).file) : VIRTUAL_ENTRY,
    preserveEntrySignatures: 'allow-extension',
    onwarn: () => {},
    plugins: [
      ...(virtual === undefined
        ? []
        : [
            {
              name: 'entry',
              resolveId: (id: string) => (id === VIRTUAL_ENTRY ? id : null),
              load: (id: string) => (id === VIRTUAL_ENTRY ? virtual : null),
            },
          ]),
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
  return new Map(output.map((file) => [`/${file.fileName}`, file.type === 'chunk' ? file.code : '']));
}

/** The absolute path of a repo file, for an entry module's `import`. */
export const repoPath = (...parts: string[]): string => join(root, ...parts);

/** A running split-bundle server. */
export interface SplitBundleServer {
  url: string;
  /** The `/chunks/…` paths requested so far (emptied by {@link useChunkPages}' `openPage`). */
  requests: string[];
  /** The entry bundle's code. */
  entryCode: string;
  close(): Promise<void>;
}

/**
 * Serves `page` at `/` and the split bundle of `entry`; `handle` may answer a request first (return true when it
 * did), e.g. a relay on the same origin.
 */
export async function startSplitBundleServer(options: {
  entry: SplitEntry;
  page: string;
  handle?: (req: IncomingMessage, res: ServerResponse) => boolean;
}): Promise<SplitBundleServer> {
  const files = await bundleSplit(options.entry);
  const requests: string[] = [];
  const server = createServer((req, res) => {
    if (options.handle?.(req, res)) return;
    const path = (req.url ?? '/').split('?')[0] as string;
    if (path.startsWith('/chunks/')) requests.push(path);
    const body = path === '/' ? options.page : files.get(path);
    if (body === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': path === '/' ? 'text/html' : 'text/javascript' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    requests,
    entryCode: files.get('/index.js') ?? '',
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * `openPage()` for a suite on a split-bundle server: forgets the chunk requests so far, opens the page in a fresh
 * context and waits for `window.ready`. After each test the context is closed and the page must have had no errors.
 */
export function useChunkPages(suite: {
  readonly server: Pick<SplitBundleServer, 'url' | 'requests'>;
  readonly browser: Browser;
}): () => Promise<Page> {
  const newPage = useWatchedPages(suite);
  return async () => {
    suite.server.requests.length = 0;
    const page = await newPage();
    await page.goto(suite.server.url);
    await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
    return page;
  };
}
