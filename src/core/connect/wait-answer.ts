/**
 * Popup and iframe modes: waits for the hosted page's `postMessage` answer, judged by {@link readConnectMessage},
 * until the player closes the window, the attempt is cancelled or its time is up.
 */
import { PlyrError } from '../errors.js';
import type { ConnectAttempt } from './attempt.js';
import { readConnectMessage } from './message.js';

/** How often a popup is checked for having been closed. */
const CLOSED_CHECK_MS = 400;

/** Options of {@link waitForAnswer}. */
export interface WaitOptions {
  attempt: ConnectAttempt;
  timeoutMs: number;
  /** Aborted with the PlyrError to reject with (cancel, a newer attempt, the iframe's close button). */
  signal: AbortSignal;
  /** True once the player closed the popup. */
  closed?: () => boolean;
}

/** The decoded `callbackData` of this attempt's answer. */
export function waitForAnswer(options: WaitOptions): Promise<Record<string, unknown>> {
  const { attempt, signal, closed } = options;
  return new Promise((resolve, reject) => {
    let closedBefore = false;
    const finish = (settle: () => void): void => {
      removeEventListener('message', onMessage);
      signal.removeEventListener('abort', onAbort);
      clearTimeout(timer);
      clearInterval(watch);
      settle();
    };
    const onMessage = (event: MessageEvent): void => {
      const verdict = readConnectMessage(event, attempt);
      if (verdict.kind === 'answer') finish(() => resolve(verdict.data));
      else if (verdict.kind === 'reject') finish(() => reject(verdict.error));
    };
    const onAbort = (): void => finish(() => reject(signal.reason));
    const timer = setTimeout(
      () => finish(() => reject(new PlyrError('CONNECT_TIMEOUT', 'PLYR[CONNECT]: no answer in time'))),
      options.timeoutMs,
    );
    // Closed on two checks in a row: a page that posts its answer and closes itself at once must not lose the
    // race against this check.
    const watch = setInterval(() => {
      if (!closed?.()) return;
      if (closedBefore)
        finish(() => reject(new PlyrError('CONNECT_CLOSED', 'PLYR[CONNECT]: the window was closed')));
      closedBefore = true;
    }, CLOSED_CHECK_MS);
    if (signal.aborted) return onAbort();
    addEventListener('message', onMessage);
    signal.addEventListener('abort', onAbort);
  });
}
