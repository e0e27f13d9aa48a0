/** The `PlyrKit_Init` config the Unity tests give the bridge against the loopback sandbox and signing endpoint. */
import type { CoreEnv } from './core-fixture.js';

/**
 * A bridge config for `env`: its sandbox game and signer, in-memory storage, no tab sync and no retries (so a
 * failure shows at once); `extra` keys are merged in last.
 */
export function bridgeConfig(env: CoreEnv, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    gameId: env.sandbox.gameId,
    signer: env.signUrl,
    apiBase: env.sandbox.url,
    storage: 'memory',
    syncTabs: false,
    retries: 0,
    ...extra,
  };
}
