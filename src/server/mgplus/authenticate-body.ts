/**
 * What a browser may send the MG+ relay for `POST /v1/authenticate`, and the exact payload the relay forwards.
 * Unknown keys are refused (in particular `ip`: the relay takes it from the connection).
 */

/** The fields MG+ wants, in the order they are sent. */
export interface AuthenticatePayload {
  launchToken: string;
  provider: string;
  game: string;
  ip: string;
  platform: 'mobile' | 'desktop';
}

import { isLaunchToken, MAX_LAUNCH_TOKEN_LENGTH } from '../../realplay/launch-token-rule.js';

const MGPLUS_ID = /^[A-Za-z0-9_.-]{1,255}$/;
const CLIENT_KEYS = new Set(['launchToken', 'provider', 'game', 'platform']);

/** The relay's configuration the body is checked against. */
export interface AuthenticateBodyRules {
  provider?: string;
  allowedGames?: readonly string[];
}

/**
 * The refusal of a `provider` that is not the relay's: names the provider the relay expects and the options that set
 * it on either side (a developer reads it in the browser's `PlyrError` message).
 */
function providerMismatch(sent: unknown, expected: string): string {
  const shown = typeof sent === 'string' && MGPLUS_ID.test(sent) ? `"${sent}"` : "the game's";
  return (
    `\`provider\` ${shown} does not match this relay's "${expected}": set the game's ` +
    `createRealPlay({ provider: "${expected}" }), or the relay's provider (createMgPlusClient({ provider }) or ` +
    'createRelayHandler({ provider }); in Vite dev, plyrKit({ mgplus: { provider } })).'
  );
}

/** The checked browser fields (everything but `ip`), or the reason they were refused. */
export function checkAuthenticateBody(
  body: unknown,
  rules: AuthenticateBodyRules,
): { ok: true; value: Omit<AuthenticatePayload, 'ip'> } | { ok: false; error: string } {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    return { ok: false, error: 'The body must be a JSON object.' };
  const b = body as Record<string, unknown>;
  if (Object.hasOwn(b, 'ip')) return { ok: false, error: '`ip` is set by the relay from the connection.' };
  const unknown = Object.keys(b).filter((k) => !CLIENT_KEYS.has(k));
  if (unknown.length > 0) return { ok: false, error: `Unknown field(s): ${unknown.join(', ')}.` };

  const { launchToken, game, platform } = b;
  // Opaque to us: MG+ judges the token (the guide's own example is not a JWT), we only bound it (the browser's rule).
  if (typeof launchToken !== 'string' || !isLaunchToken(launchToken))
    return {
      ok: false,
      error: `\`launchToken\` must be 1-${MAX_LAUNCH_TOKEN_LENGTH} visible ASCII characters.`,
    };

  let provider = b.provider;
  if (rules.provider !== undefined) {
    if (provider !== undefined && provider !== rules.provider)
      return { ok: false, error: providerMismatch(provider, rules.provider) };
    provider = rules.provider;
  }
  if (typeof provider !== 'string' || !MGPLUS_ID.test(provider))
    return { ok: false, error: '`provider` must be 1-255 characters of a-z A-Z 0-9 _ - .' };

  if (typeof game !== 'string' || !MGPLUS_ID.test(game))
    return { ok: false, error: '`game` must be 1-255 characters of a-z A-Z 0-9 _ - .' };
  if (rules.allowedGames !== undefined && !rules.allowedGames.includes(game))
    return { ok: false, error: `\`game\` "${game}" is not served by this relay.` };

  if (platform !== 'mobile' && platform !== 'desktop')
    return { ok: false, error: '`platform` must be "mobile" or "desktop".' };

  return { ok: true, value: { launchToken, provider, game, platform } };
}
