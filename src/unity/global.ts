/**
 * `window.PlyrKit`: the one global the Unity `.jslib` talks to. The UMD build installs it when it loads.
 *
 * The core UMD (`plyr-kit.umd.js`) names its namespace `window.PlyrKit` too, so a page may load both: the bridge's
 * members are then added to the core's namespace instead of replacing it (and the core UMD, loaded second, extends
 * the bridge the same way), so `PlyrKit.createPlyr` and `PlyrKit.init`/`PlyrKit.call` all stay reachable.
 */
import { createUnityBridge, type UnityBridge, type UnityBridgeOptions } from './bridge.js';

/** Name of the global. */
export const GLOBAL_NAME = 'PlyrKit';

const isBridge = (value: unknown): value is UnityBridge =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as UnityBridge).call === 'function' &&
  typeof (value as UnityBridge).init === 'function';

/**
 * Installs a bridge as `target.PlyrKit` (default `window`/`globalThis`) unless one is there already, and returns
 * the installed one. Idempotent: a page that loads the script twice keeps its first bridge and its client. An object
 * already at `target.PlyrKit` that is no bridge (the core UMD's namespace) is kept and given the bridge's members.
 */
export function installPlyrKitGlobal(
  target: Record<string, unknown> = globalThis as unknown as Record<string, unknown>,
  options: UnityBridgeOptions = {},
): UnityBridge {
  const existing = target[GLOBAL_NAME];
  if (isBridge(existing)) return existing;
  const bridge = createUnityBridge({ scope: target, ...options });
  if (typeof existing === 'object' && existing !== null && Object.isExtensible(existing)) {
    // Descriptors, not values: `client` is a getter that must keep reading the bridge's current client.
    Object.defineProperties(existing, Object.getOwnPropertyDescriptors(bridge));
    return existing as UnityBridge;
  }
  target[GLOBAL_NAME] = bridge;
  return bridge;
}
