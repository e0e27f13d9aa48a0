/**
 * Which platform the dev server signs for: the real one when all four `PLYR_*` variables are set, else the sandbox.
 * The same variables and rule as the demo server (`demo/server.mjs`).
 */

/** The environment variables that point the dev server at the real platform (all four or none). */
export const PLATFORM_ENV = ['PLYR_API_BASE', 'PLYR_API_KEY', 'PLYR_SECRET_KEY', 'PLYR_GAME_ID'] as const;

/** A platform the signing endpoint signs for. */
export interface PlatformKeys {
  /** Platform origin, e.g. `https://api-testnet.plyr.network`. */
  apiBase: string;
  apiKey: string;
  secretKey: string;
  gameId: string;
}

/**
 * The real platform named by `env`, or `null` when none of the variables is set. Some but not all set is a mistake
 * that would otherwise silently fall back to the sandbox: it throws, naming the missing ones.
 */
export function platformFromEnv(env: Readonly<Record<string, string | undefined>>): PlatformKeys | null {
  const set = PLATFORM_ENV.filter((name) => env[name]);
  if (set.length === 0) return null;
  const missing = PLATFORM_ENV.filter((name) => !env[name]);
  if (missing.length > 0)
    throw new Error(
      `plyr-kit/vite: to use the real platform set all of ${PLATFORM_ENV.join(', ')} (missing: ${missing.join(', ')}); unset them all to use the sandbox.`,
    );
  let apiBase: string;
  try {
    apiBase = new URL(env.PLYR_API_BASE as string).origin;
  } catch {
    throw new Error('plyr-kit/vite: PLYR_API_BASE must be a URL, e.g. https://api-testnet.plyr.network.');
  }
  return {
    apiBase,
    apiKey: env.PLYR_API_KEY as string,
    secretKey: env.PLYR_SECRET_KEY as string,
    gameId: env.PLYR_GAME_ID as string,
  };
}
