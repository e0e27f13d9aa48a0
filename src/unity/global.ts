/**
 * `window.PlyrKit`: the one global the Unity `.jslib` talks to. The UMD build installs it when it loads.
 */
import { createUnityBridge, type UnityBridge, type UnityBridgeOptions } from './bridge.js';

/** Name of the global. */
export const GLOBAL_NAME = 'PlyrKit';

/**
 * Installs a bridge as `target.PlyrKit` (default `window`/`globalThis`) unless one is there already, and returns
 * the installed one. Idempotent: a page that loads the script twice keeps its first bridge and its client.
 */
export function installPlyrKitGlobal(
  target: Record<string, unknown> = globalThis as unknown as Record<string, unknown>,
  options: UnityBridgeOptions = {},
): UnityBridge {
  const existing = target[GLOBAL_NAME] as UnityBridge | undefined;
  if (existing && typeof existing.call === 'function' && typeof existing.init === 'function') return existing;
  const bridge = createUnityBridge({ scope: target, ...options });
  target[GLOBAL_NAME] = bridge;
  return bridge;
}
