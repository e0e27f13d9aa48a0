/**
 * The sandbox's PLYR[CONNECT] hosted page for the Unity bridge's vm page (unity-vm.ts): finds the iframe the client
 * put over the game and answers as that page does when the player clicks Approve or Deny — the sandbox's approve
 * route over real HTTP, then the `plyrconnect` message from the hosted page's origin.
 */
import { approveOnSandbox, base64Json, requestDataOf } from './connect-sandbox.js';
import { until } from './core-fixture.js';
import type { FakeElement } from './unity-dom.js';
import type { UnityVm } from './unity-vm.js';

/** The hosted page's iframe in `page` (waits for it: the client loads its PLYR[CONNECT] code first). */
export async function connectFrame(page: UnityVm, limitMs = 5000): Promise<FakeElement> {
  await until(() => page.document.connectElements('frame').length > 0, limitMs);
  return page.document.connectElements('frame')[0] as FakeElement;
}

/** What the hosted page in `frame` was asked: its origin, `action` and decoded `requestData`. */
export function frameRequest(frame: FakeElement): {
  origin: string;
  action: string;
  requestData: Record<string, unknown>;
} {
  const url = new URL(frame.src);
  return {
    origin: url.origin,
    action: url.searchParams.get('action') ?? '',
    requestData: requestDataOf(url.href),
  };
}

/**
 * Answers the attempt in `page`'s iframe as the player's click on the hosted page would: `approve` signs `plyrId`
 * in on the sandbox, `deny` answers `{ error }`. Resolves to the attempt's request data.
 */
export async function answerInFrame(
  page: UnityVm,
  decision: 'approve' | 'deny',
  plyrId = 'demo-player',
): Promise<Record<string, unknown>> {
  const { origin, action, requestData } = frameRequest(await connectFrame(page));
  let data: Record<string, unknown> = { error: 'User rejected the request' };
  if (decision === 'approve') {
    const approved = await approveOnSandbox(origin, requestData, { plyrId, action });
    if (approved.status !== 200) throw new Error(`the sandbox refused to approve: ${approved.error}`);
    data = approved.data;
  }
  page.postMessage(origin, {
    vendor: 'plyrconnect',
    action,
    callbackString: requestData.callbackString,
    callbackData: base64Json(data),
  });
  return requestData;
}
