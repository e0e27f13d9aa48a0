/**
 * The popup of popup mode. It lives apart from the rest of PLYR[CONNECT] because it is the one part that cannot be
 * loaded lazily: the window must open synchronously inside the player's click, before the flow's code arrives.
 */
import { PlyrError } from '../errors.js';

const POPUP_WIDTH = 480;
const POPUP_HEIGHT = 720;

/**
 * Opens an empty popup centred over the game; the flow then sends it to the hosted page. Must run synchronously
 * inside the player's click: otherwise browsers block it (`CONNECT_BLOCKED`). Not `noopener`: the hosted page
 * answers through `window.opener`.
 */
export function openPopup(): Window {
  const { screenX = 0, screenY = 0, outerWidth = 0, outerHeight = 0 } = globalThis;
  const left = Math.max(0, screenX + (outerWidth - POPUP_WIDTH) / 2);
  const top = Math.max(0, screenY + (outerHeight - POPUP_HEIGHT) / 2);
  const popup = globalThis.open?.(
    'about:blank',
    'plyrconnect',
    `popup=yes,width=${POPUP_WIDTH},height=${POPUP_HEIGHT},left=${Math.round(left)},top=${Math.round(top)}`,
  );
  if (!popup) throw new PlyrError('CONNECT_BLOCKED', 'PLYR[CONNECT]: the browser blocked the popup');
  return popup;
}
