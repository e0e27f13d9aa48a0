/**
 * The input checks of a PLYR[CONNECT] attempt. They run up front, before the popup opens and before the flow's
 * code is loaded, so bad options reject with `INVALID_INPUT` and nothing is shown or sent.
 */
import type { ConnectAction, ConnectMode, ConnectOptions } from '../types.js';
import * as check from '../validate.js';
import { invalid } from '../validate.js';

/** Options of an attempt, checked, with their defaults. */
export interface CheckedConnectOptions {
  mode: ConnectMode;
  action: ConnectAction;
  timeoutMs: number;
  expiresIn: number;
  /** Where the hosted page answers (http or https). */
  callbackUrl: string;
  /** `loginAndApprove` only. */
  tokens?: string[];
  amounts?: Array<number | string>;
  plyrId?: string;
  /** `iframe`: where to put the iframe. */
  container?: HTMLElement;
}

const MODES: readonly ConnectMode[] = ['popup', 'iframe', 'redirect'];
const ACTIONS: readonly ConnectAction[] = ['login', 'loginAndApprove'];
const DEFAULT_TIMEOUT_MS = 300_000;
const DEFAULT_EXPIRES_IN_S = 86_400;

/** The URL of this page without its fragment: the default place for the hosted page to answer to. */
function currentPage(): string | undefined {
  const href = globalThis.location?.href;
  return href ? href.replace(/#.*$/, '') : undefined;
}

/** Checks `options` and fills in the defaults. Throws `INVALID_INPUT`. */
export function checkConnectOptions(options: ConnectOptions): CheckedConnectOptions {
  const mode = options.mode ?? 'popup';
  const action = options.action ?? 'login';
  if (!MODES.includes(mode)) throw invalid('mode');
  if (!ACTIONS.includes(action)) throw invalid('action');
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isSafeInteger(timeoutMs) || timeoutMs <= 0) throw invalid('timeoutMs');
  let callbackUrl: URL;
  try {
    callbackUrl = new URL(options.callbackUrl ?? currentPage() ?? '', currentPage());
  } catch {
    throw invalid('callbackUrl');
  }
  if (!/^https?:$/.test(callbackUrl.protocol)) throw invalid('callbackUrl');
  const checked: CheckedConnectOptions = {
    mode,
    action,
    timeoutMs,
    expiresIn: check.expiresIn(options.expiresIn) ?? DEFAULT_EXPIRES_IN_S,
    callbackUrl: callbackUrl.href,
    container: options.container,
  };
  if (action === 'loginAndApprove') {
    checked.tokens = check.tokens(options.tokens, true);
    checked.amounts = check.amounts(options.amounts, checked.tokens.length);
    if (options.plyrId !== undefined) checked.plyrId = check.plyrId(options.plyrId);
  }
  return checked;
}
