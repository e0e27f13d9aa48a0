/** The studio's MG+ relay (the real `createRelayHandler`) on loopback in front of a sandbox's MG+, for the Unity tests. */
import type { RequestListener } from 'node:http';
import type { Sandbox } from '../../src/sandbox/index.js';
import { MGPLUS_SANDBOX_GAME } from '../../src/sandbox/mgplus/emulator.js';
import { createRelayHandler, toNodeListener } from '../../src/server/index.js';
import { listenOnLoopback } from './server-harness.js';

/** The MG+ provider id the Unity tests' relays serve. */
export const UNITY_MGPLUS_PROVIDER = 'plyr-kit';

/** Where the relay is mounted on its server. */
export const UNITY_RELAY_PATH = '/mg';

/** The relay for `sandbox`'s MG+ as a node:http listener, mounted at {@link UNITY_RELAY_PATH}. */
export function unityRelayListener(sandbox: Sandbox): RequestListener {
  return toNodeListener(
    createRelayHandler({
      baseUrl: sandbox.url,
      sharedSecret: sandbox.mgplus.sharedSecret,
      provider: UNITY_MGPLUS_PROVIDER,
      allowedGames: [MGPLUS_SANDBOX_GAME],
      basePath: UNITY_RELAY_PATH,
    }),
  );
}

/** The relay on its own loopback server; `url` is what a client's `relay` option takes. */
export async function startUnityRelay(sandbox: Sandbox): Promise<{ url: string; close(): Promise<void> }> {
  const server = await listenOnLoopback(unityRelayListener(sandbox));
  return { url: `${server.url}${UNITY_RELAY_PATH}`, close: server.close };
}
