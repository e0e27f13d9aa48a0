/**
 * The demo as `npm run demo` serves it, started in-process on a free port for the end-to-end tests. The demo bundle
 * is rebuilt first when it is missing or older than its sources (the demo compiles src/ directly).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DemoServer, DemoServerOptions } from '../../demo/server.mjs';

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
