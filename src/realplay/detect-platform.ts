/** The device class MG+ wants (`mobile` or `desktop`), from the browser. */
import type { RealPlayPlatform } from './types.js';

/** What `detectPlatform` reads of `navigator` (the browser's, or one a test or a server passes). */
export interface NavigatorLike {
  userAgent?: string;
  maxTouchPoints?: number;
  userAgentData?: { mobile?: boolean };
}

const MOBILE_UA = /Android|iPhone|iPad|iPod|Mobile|Silk|Kindle|BlackBerry|Opera Mini|IEMobile/i;

/**
 * `mobile` for phones and tablets, else `desktop` (also outside a browser). Uses User-Agent Client Hints where
 * available, then the user agent; iPadOS reports a Mac user agent, so a touch-capable "Macintosh" counts as mobile.
 */
export function detectPlatform(nav: NavigatorLike | undefined = globalThis.navigator): RealPlayPlatform {
  if (nav === undefined) return 'desktop';
  if (nav.userAgentData?.mobile === true) return 'mobile';
  const ua = nav.userAgent ?? '';
  if (MOBILE_UA.test(ua)) return 'mobile';
  if (/Macintosh/.test(ua) && (nav.maxTouchPoints ?? 0) > 1) return 'mobile';
  return 'desktop';
}
