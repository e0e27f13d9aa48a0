/**
 * A split bundle on the sandbox: the sandbox, a signing endpoint in relay mode at `/plyr/relay` (no rate limits) and
 * the split bundle with its page, all on one loopback origin, plus any static files the page loads (e.g. Phaser).
 */
import type { Sandbox } from '../../src/sandbox/index.js';
import { startSandbox } from '../../src/sandbox/index.js';
import { createSigningHandler, toNodeListener } from '../../src/server/index.js';
import { sandboxKeys } from './server-harness.js';
import { type SplitBundleServer, type SplitEntry, startSplitBundleServer } from './split-bundle.js';

export async function startSplitBundleOnSandbox(options: {
  entry: SplitEntry;
  /** The page, given the sandbox (its `url` is the page's `apiBase`, its `gameId` the game's). */
  page: (sandbox: Sandbox) => string;
  /** More files by URL path, served as JavaScript. */
  files?: Record<string, Buffer | string>;
}): Promise<SplitBundleServer & { sandbox: Sandbox }> {
  const sandbox = await startSandbox();
  const relay = toNodeListener(
    createSigningHandler({
      ...sandboxKeys(sandbox),
      mode: 'relay',
      basePath: '/plyr/relay',
      rateLimit: false,
    }),
  );
  const server = await startSplitBundleServer({
    entry: options.entry,
    page: options.page(sandbox),
    handle: (req, res) => {
      const file = options.files?.[req.url ?? ''];
      if (file !== undefined) {
        res.writeHead(200, { 'content-type': 'text/javascript' }).end(file);
        return true;
      }
      if (!(req.url ?? '').startsWith('/plyr/relay')) return false;
      relay(req, res);
      return true;
    },
  });
  return {
    ...server,
    sandbox,
    async close() {
      await server.close();
      await sandbox.close();
    },
  };
}
