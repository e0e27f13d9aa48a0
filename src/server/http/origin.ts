/**
 * The `Origin` allow-list and CORS headers. Browsers send `Origin` on every cross-origin request and on same-origin
 * POSTs, so a page on another site cannot get requests signed unless its origin is listed. Requests without
 * `Origin` (same-origin GETs, server-to-server calls) are served: they cannot come from another site's page.
 */

/** Allowed page origins: exact origins (`https://game.example`), or `'*'` for any. */
export type OriginsOption = readonly string[] | '*';

/** The verdict on a request's `Origin`. */
export interface OriginCheck {
  allowed: boolean;
  /** CORS headers to add to the answer (empty when there is no `Origin`). */
  headers: Record<string, string>;
}

const NONE: OriginCheck = { allowed: true, headers: {} };

/**
 * Builds the origin check. `origins` undefined means same-origin only: `Origin` must have the host of the
 * request URL (the deployment serves the game and the endpoint from one site).
 */
export function createOriginCheck(
  origins: OriginsOption | undefined,
): (origin: string | null, selfHost: string) => OriginCheck {
  if (origins === '*') {
    return (origin) => (origin === null ? NONE : { allowed: true, headers: corsHeaders(origin) });
  }
  if (origins !== undefined) {
    if (!Array.isArray(origins) || origins.some((o) => typeof o !== 'string'))
      throw new TypeError("origins must be an array of origins or '*'.");
    const allowed = new Set(origins.map((o) => o.replace(/\/+$/, '')));
    return (origin) => {
      if (origin === null) return NONE;
      return allowed.has(origin)
        ? { allowed: true, headers: corsHeaders(origin) }
        : { allowed: false, headers: {} };
    };
  }
  return (origin, selfHost) => {
    if (origin === null) return NONE;
    return hostOf(origin) === selfHost
      ? { allowed: true, headers: corsHeaders(origin) }
      : { allowed: false, headers: {} };
  };
}

function corsHeaders(origin: string): Record<string, string> {
  // The origin is echoed (never `*` with it) and `Vary` keeps caches from serving one origin's answer to another.
  return { 'access-control-allow-origin': origin, vary: 'Origin' };
}

function hostOf(origin: string): string | undefined {
  const match = /^https?:\/\/([^/?#]+)$/i.exec(origin);
  return match?.[1]?.toLowerCase();
}

/** Headers of a CORS preflight answer. */
export function preflightHeaders(
  cors: Record<string, string>,
  methods: string,
  requestHeaders: string | null,
): Record<string, string> {
  // Echo the requested header names (the client may add its own, e.g. the game's auth), if they look like names.
  const names =
    requestHeaders !== null && requestHeaders.length <= 512 && /^[A-Za-z0-9\-_, ]*$/.test(requestHeaders)
      ? requestHeaders
      : 'content-type';
  return {
    ...cors,
    'access-control-allow-methods': methods,
    'access-control-allow-headers': names || 'content-type',
    'access-control-max-age': '600',
  };
}
