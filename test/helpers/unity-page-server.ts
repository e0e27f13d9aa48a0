/**
 * A loopback server for the Unity bridge's browser test, shaped like a Unity WebGL game's host: the test page
 * (test/unity/page, playing the Unity loader's role) and dist/plyr-kit.unity.umd.js under the demo's strict CSP,
 * and the reference signing endpoint at /plyr/sign (same origin) in front of a sandbox platform.
 * (The demo server serves only the demo's own files, so the page gets this equivalent host.)
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contentSecurityPolicy } from '../../demo/server.mjs';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { createSigningHandler, toNodeListener } from '../../src/server/index.js';
import { listenOnLoopback, sandboxKeys } from './server-harness.js';
import { readUmd } from './unity-vm.js';

const pageDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'unity', 'page');

/** A running host. */
export interface UnityPageServer {
  /** URL of the test page. */
  pageUrl: string;
  /** Origin of the page (the signer is at `/plyr/sign` on it). */
  origin: string;
  sandbox: Sandbox;
  close(): Promise<void>;
}

/** Starts the sandbox and the page's host on free loopback ports. */
export async function startUnityPageServer(): Promise<UnityPageServer> {
  const sandbox = await startSandbox();
  // The sandbox is the platform here, and its PLYR[CONNECT] page may be framed (the bridge's default mode).
  const csp = contentSecurityPolicy(sandbox.url, sandbox.url);
  const js = 'text/javascript; charset=utf-8';
  const files: Record<string, [string, string]> = {
    '/': ['text/html; charset=utf-8', readFileSync(join(pageDir, 'index.html'), 'utf8')],
    '/unity-loader-stand-in.js': [js, readFileSync(join(pageDir, 'unity-loader-stand-in.js'), 'utf8')],
    '/plyr-kit.unity.umd.js': [js, readUmd()],
  };
  const signer = toNodeListener(
    createSigningHandler({
      ...sandboxKeys(sandbox),
      mode: 'sign',
      basePath: '/plyr/sign',
    }),
  );
  const host = await listenOnLoopback((req, res) => {
    const path = new URL(req.url ?? '/', 'http://page.invalid').pathname;
    if (path === '/plyr/sign') return signer(req, res);
    const file = files[path];
    res.writeHead(file ? 200 : 404, {
      'content-type': file ? file[0] : 'text/plain',
      'content-security-policy': csp,
      'cache-control': 'no-store',
    });
    res.end(file ? file[1] : 'not found');
  });
  return {
    pageUrl: `${host.url}/`,
    origin: host.url,
    sandbox,
    async close() {
      await host.close();
      await sandbox.close();
    },
  };
}
