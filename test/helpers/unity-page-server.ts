/**
 * A loopback server for the Unity bridge's browser test, shaped like a Unity WebGL game's host: the test page
 * (test/unity/page, playing the Unity loader's role) and dist/plyr-kit.unity.umd.js under the demo's strict CSP,
 * the reference signing endpoint at /plyr/sign (same origin) in front of a sandbox platform, and the studio's MG+
 * relay at /mg (same origin, `createRelayHandler`) in front of the sandbox's MG+.
 * (The demo server serves only the demo's own files, so the page gets this equivalent host.)
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contentSecurityPolicy } from '../../demo/server.mjs';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { createSigningHandler, type SigningHandlerOptions, toNodeListener } from '../../src/server/index.js';
import { listenOnLoopback, sandboxKeys } from './server-harness.js';
import { UNITY_RELAY_PATH, unityRelayListener } from './unity-relay.js';
import { readUmd } from './unity-vm.js';

const pageDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'unity', 'page');
const uiUmdFile = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'plyr-kit.ui.umd.js');

/** What the host serves besides the UMD bundle and the signer. */
export interface UnityPageServerOptions {
  /**
   * The page's files (path → content type and body) instead of test/unity/page; the UMD bundle stays at
   * `/plyr-kit.unity.umd.js`.
   */
  files?: Record<string, readonly [string, string | Uint8Array]>;
  /** Let the page compile WebAssembly (CSP `'wasm-unsafe-eval'`), as a real Unity WebGL build needs. */
  wasm?: boolean;
  /** Overrides of the signing endpoint's options (e.g. its rate limits, for a load test). */
  signer?: Partial<SigningHandlerOptions>;
  /** Serve dist/plyr-kit.ui.umd.js next to the bridge (default true), as a WebGL template with the panels does. */
  uiUmd?: boolean;
}

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
export async function startUnityPageServer(options: UnityPageServerOptions = {}): Promise<UnityPageServer> {
  const sandbox = await startSandbox();
  // The sandbox is the platform here, and its PLYR[CONNECT] page may be framed (the bridge's default mode).
  const strict = contentSecurityPolicy(sandbox.url, sandbox.url);
  // Only the one keyword WebAssembly needs is added to the demo's policy; scripts stay 'self'-only.
  const csp = options.wasm
    ? strict.replace(`script-src 'self'`, `script-src 'self' 'wasm-unsafe-eval'`)
    : strict;
  const js = 'text/javascript; charset=utf-8';
  const files: Record<string, readonly [string, string | Uint8Array]> = {
    ...(options.files ?? {
      '/': ['text/html; charset=utf-8', readFileSync(join(pageDir, 'index.html'), 'utf8')],
      '/unity-loader-stand-in.js': [js, readFileSync(join(pageDir, 'unity-loader-stand-in.js'), 'utf8')],
    }),
    '/plyr-kit.unity.umd.js': [js, readUmd()],
  };
  if (options.uiUmd !== false && existsSync(uiUmdFile))
    files['/plyr-kit.ui.umd.js'] = [js, readFileSync(uiUmdFile, 'utf8')];
  const signer = toNodeListener(
    createSigningHandler({
      ...sandboxKeys(sandbox),
      mode: 'sign',
      basePath: '/plyr/sign',
      ...options.signer,
    }),
  );
  const relay = unityRelayListener(sandbox);
  const host = await listenOnLoopback((req, res) => {
    const path = new URL(req.url ?? '/', 'http://page.invalid').pathname;
    if (path === '/plyr/sign') return signer(req, res);
    if (path.startsWith(`${UNITY_RELAY_PATH}/`)) return relay(req, res);
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
