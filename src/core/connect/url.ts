/**
 * Where the PLYR[CONNECT] hosted page lives (docs/platform/plyr-api.md#base-urls-and-cors, #plyrconnect-hand-off)
 * and the URL of one attempt on it.
 */
import { PlyrError } from '../errors.js';
import type { ConnectAction } from '../types.js';

/** The platform's hosted pages, by API host. */
const HOSTED_PAGES: Readonly<Record<string, string>> = {
  'api.plyr.network': 'https://connect.plyr.network/',
  'api-testnet.plyr.network': 'https://connect-testnet.plyr.network/',
};

/**
 * The PLYR[CONNECT] hosted page's base URL, as `createPlyr` picks it: `override` (its `connectUrl`) when given,
 * else the platform's page for a platform `apiBase`, else `<apiBase>/connect/` (where the sandbox serves it).
 * Servers use it to allow the page in the game's CSP (`frame-src` for iframe mode). Throws `INVALID_INPUT`.
 * @example connectPageUrl('https://api-testnet.plyr.network').origin // 'https://connect-testnet.plyr.network'
 */
export function connectPageUrl(apiBase: string, override?: string): URL {
  try {
    if (override !== undefined) return new URL(override, globalThis.location?.href);
    const api = new URL(apiBase);
    return new URL(HOSTED_PAGES[api.host] ?? `${api.origin}/connect/`);
  } catch (error) {
    throw new PlyrError('INVALID_INPUT', 'Invalid connectUrl', { cause: error });
  }
}

/** The URL of one attempt: `<page>?action=<action>&requestData=<base64 JSON>`. */
export function attemptUrl(page: URL, action: ConnectAction, requestData: string): string {
  const url = new URL(page.href);
  url.searchParams.set('action', action);
  url.searchParams.set('requestData', requestData);
  return url.href;
}
