/**
 * Driving the Unity stand-in page (test/unity/page) from a Chromium test as Unity's jslib would: `PlyrKit.init` and
 * `PlyrKit.call` in the page, and the messages its `unityInstance.SendMessage` recorder received for "C#".
 */
import type { Page } from 'playwright-core';
import type { BridgeEvent, BridgeResponse } from '../../src/unity/index.js';

/** A message the page sent to Unity. */
export interface RecordedUnityMessage {
  gameObject: string;
  method: string;
  value: string;
}

/** Everything the page has sent to Unity so far. */
export const unityMessages = (page: Page): Promise<RecordedUnityMessage[]> =>
  page.evaluate(() => (window as unknown as { unityMessages: RecordedUnityMessage[] }).unityMessages);

/** `PlyrKit.init(config, 'PlyrKit')` in the page; what it returned. */
export const unityInit = (page: Page, config: unknown): Promise<boolean> =>
  page.evaluate(
    (c) =>
      (window as unknown as { PlyrKit: { init: (c: string, go: string) => boolean } }).PlyrKit.init(
        c,
        'PlyrKit',
      ),
    JSON.stringify(config),
  );

/** Calls window.PlyrKit.call as the jslib would; the answer comes later (see {@link unityAnswer}). */
export async function unitySend(page: Page, id: string, method: string, args: unknown = ''): Promise<void> {
  await page.evaluate(
    ([i, m, a]) =>
      (window as unknown as { PlyrKit: { call: (...x: string[]) => void } }).PlyrKit.call(i, m, a),
    [id, method, typeof args === 'string' ? args : JSON.stringify(args)] as const,
  );
}

/** The first message `method` Unity received whose JSON has `key` equal to `value` (waits for it), parsed. */
export async function unityReceived<T>(page: Page, method: string, key: string, value: string): Promise<T> {
  const handle = await page.waitForFunction(
    ([m, k, v]) =>
      (window as unknown as { unityMessages: RecordedUnityMessage[] }).unityMessages.find(
        (r) => r.method === m && JSON.parse(r.value)[k] === v,
      )?.value,
    [method, key, value] as const,
  );
  return JSON.parse((await handle.jsonValue()) as string) as T;
}

/** The answer Unity received for request `id` (waits for it). */
export const unityAnswer = (page: Page, id: string): Promise<BridgeResponse> =>
  unityReceived<BridgeResponse>(page, 'OnPlyrResponse', 'id', id);

/** The first event `name` Unity received (waits for it). */
export const unityEvent = (page: Page, name: string): Promise<BridgeEvent> =>
  unityReceived<BridgeEvent>(page, 'OnPlyrEvent', 'event', name);

/** Calls window.PlyrKit.call and waits for the answer with that id. */
export async function unityCall(
  page: Page,
  id: string,
  method: string,
  args: unknown = '',
): Promise<BridgeResponse> {
  await unitySend(page, id, method, args);
  return unityAnswer(page, id);
}
