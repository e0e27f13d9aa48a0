/**
 * Refusals a developer causes and fixes (the page's origin, the game id, the signer mode, the keys, the server's
 * clock), explained for the console: which cause and how to fix it. Players see the scenes' friendly text instead.
 */

/** The refusal code of the signing endpoint (`{ error, code }`), kept as the PlyrError's `cause`. */
function refusalCode(error: { cause?: unknown }): string | undefined {
  const { cause } = error;
  return typeof cause === 'object' && cause !== null && typeof (cause as { code?: unknown }).code === 'string'
    ? (cause as { code: string }).code
    : undefined;
}

/** The signer URL named in a "No signing endpoint at …" message, as a path when it is on this page's origin. */
function signerPath(message: string): string {
  const url = message.replace(/^No signing endpoint at /, '');
  try {
    const parsed = new URL(url, typeof location === 'undefined' ? undefined : location.href);
    return typeof location !== 'undefined' && parsed.origin === location.origin
      ? parsed.pathname
      : parsed.href;
  } catch {
    return url;
  }
}

const pageOrigin = (): string => (typeof location === 'undefined' ? 'this page' : location.origin);

const SIGNER_MODE =
  "The client's signer mode must match the endpoint's: a URL string (or `{ url }`) is relay mode, for " +
  "createSigningHandler's default `mode: 'relay'`, with `url` equal to its `basePath`; `{ url, mode: 'sign' }` is " +
  "for `mode: 'sign'`.";

/**
 * The cause of `error` and how to fix it, when a developer can fix it; `null` for failures a player causes
 * (a wrong code, a throttled login, ...) or cannot do anything about. Duck-typed: the error may come from another
 * copy of plyr-kit.
 */
export function developerHint(error: unknown): string | null {
  if (!(error instanceof Error)) return null;
  const { code, message } = error as Error & { code?: unknown };
  switch (code) {
    case 'GAME_MISMATCH':
      return `${message}. The signing endpoint's keys (and gameId) must be those of the game the client names.`;
    case 'AUTH_REJECTED':
      return "The platform refused the signing endpoint's API key or signature: check its apiKey, secretKey and apiBase (testnet keys work on testnet only).";
    case 'CLOCK_SKEW':
      return "The signing server's clock is more than 5 minutes off the platform's: synchronise it (NTP).";
    case 'SIGNER_UNREACHABLE':
      if ((error as { status?: unknown }).status === 404)
        return `signing endpoint not found at ${signerPath(message)} (HTTP 404) — is plyrKit() in the Vite config that \`npm run dev\` uses? (Phaser's template runs \`vite --config vite/config.dev.mjs\`.) Elsewhere, mount the endpoint at the client's \`signer\` URL.`;
      return `Nothing answered at the client's signer URL (${message}): is the signing endpoint running, and does \`signer\` point at it?`;
    case 'SIGNER_REJECTED':
      break;
    default:
      return null;
  }
  switch (refusalCode(error)) {
    case 'ORIGIN_NOT_ALLOWED':
      return (
        `The signing endpoint refused the origin ${pageOrigin()} (ORIGIN_NOT_ALLOWED). Add it to the endpoint's ` +
        "`origins` (default: the endpoint's own origin only). Behind a dev server's proxy, the request keeps the " +
        "page's origin: use plyr-kit/vite, which serves the endpoint on the game's own origin, or list the dev " +
        "server's origin in `origins`."
      );
    case 'PATH_NOT_ALLOWED':
    case 'METHOD_NOT_ALLOWED':
    case 'INVALID_BODY':
      return `The signing endpoint refused the request (${message}). ${SIGNER_MODE}`;
    default:
      return `The signing endpoint refused the request (${message}).`;
  }
}
