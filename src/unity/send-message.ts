/**
 * Finding Unity's `SendMessage(gameObjectName, methodName, value)`. The `.jslib` passes the one of Unity's module
 * (in the jslib scope); a page may pass a function or its `unityInstance`. Without either, the classic page globals
 * `window.unityInstance` (Unity 2020+ templates) and `window.gameInstance` (2019 and older) are looked up when a
 * message is sent — not at `init`, because a template assigns them only once the instance has started.
 */

/** Unity's `SendMessage`. */
export type SendMessageFunction = (gameObjectName: string, methodName: string, value: string) => void;

/** Something that can send: the function itself or an object with a `SendMessage` method (a `unityInstance`). */
export type SendMessageSource = SendMessageFunction | { SendMessage: SendMessageFunction };

const hasSendMessage = (value: unknown): value is { SendMessage: SendMessageFunction } =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { SendMessage?: unknown }).SendMessage === 'function';

/** True when `value` can be used as a {@link SendMessageSource}. */
export function isSendMessageSource(value: unknown): value is SendMessageSource {
  return typeof value === 'function' || hasSendMessage(value);
}

/** The function to call now: `explicit` if given, else the page's `unityInstance`/`gameInstance`, else `undefined`. */
export function resolveSendMessage(
  explicit: SendMessageSource | undefined,
  scope: Record<string, unknown>,
): SendMessageFunction | undefined {
  if (typeof explicit === 'function') return explicit;
  if (explicit) return (go, method, value) => explicit.SendMessage(go, method, value);
  for (const name of ['unityInstance', 'gameInstance']) {
    const instance = scope[name];
    if (hasSendMessage(instance)) return (go, method, value) => instance.SendMessage(go, method, value);
  }
  return undefined;
}
