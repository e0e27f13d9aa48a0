/**
 * plyr-kit/unity: the JavaScript half of the Unity WebGL bridge. The core client runs in the page and Unity talks
 * to it through `window.PlyrKit` (from the package's `PlyrKit.jslib`) with a small JSON message protocol.
 *
 * Loading this module in a browser installs `window.PlyrKit` (if no bridge is there; the core UMD's namespace there
 * is kept and given the bridge's members): that is what the UMD build
 * `dist/plyr-kit.unity.umd.js` is for, loaded by a `<script>` tag of the WebGL template. Bundler users should call
 * {@link installPlyrKitGlobal} themselves (it is idempotent): a bundler that trusts the package's
 * `sideEffects: false` may drop a bare `import 'plyr-kit/unity'`.
 * @packageDocumentation
 */
import { installPlyrKitGlobal } from './global.js';

export type { UnityBridge, UnityBridgeOptions } from './bridge.js';
export { createUnityBridge, DEFAULT_GAME_OBJECT, EVENT_METHOD, RESPONSE_METHOD } from './bridge.js';
export type { UnityBridgeConfig } from './config.js';
export { GLOBAL_NAME, installPlyrKitGlobal } from './global.js';
export { METHOD_NAMES } from './methods.js';
export type {
  BridgeError,
  BridgeErrorCode,
  BridgeEvent,
  BridgeResponse,
  UnityErrorCode,
} from './protocol.js';
export type { UnityFreeGameOffer, UnityRealPlayConfig, UnityRealPlayPlayer } from './realplay.js';
export { REAL_PLAY_EVENT_NAMES } from './realplay.js';
export type { SendMessageFunction, SendMessageSource } from './send-message.js';
export type { UiModule, UnityUiConfig } from './ui.js';
export { UI_SCRIPT_NAME } from './ui.js';

// Only in a page (Unity WebGL runs in one); never in Node or a worker without `window`.
if (typeof window !== 'undefined' && typeof document !== 'undefined')
  installPlyrKitGlobal(window as unknown as Record<string, unknown>);
