/**
 * `plyrKit()`: the Vite plugin. In `vite` dev only (never in `vite build` or `vite preview`) it starts the sandbox
 * (or, with the `PLYR_*` variables, signs for the real platform), mounts the signing endpoint, the MG+ relay, the
 * sandbox's 2FA-code route and the route that opens real play with a fresh MG+ launch token on the dev server, tells the game where the platform is through
 * `import.meta.env.PLYR_API_BASE` / `PLYR_GAME_ID`, prints the players, and closes the sandbox with the server.
 */
import { createServer as createNetServer } from 'node:net';
import { resolve } from 'node:path';
import { loadEnv, type Plugin, type UserConfig } from 'vite';
import type { Sandbox, SandboxOptions } from '../sandbox/index.js';
import type { MgPlusClient } from '../server/index.js';
import { type DevPaths, type DevPlatform, type DevSignerOptions, startDevPlatform } from './dev-platform.js';
import { type PlatformKeys, platformFromEnv } from './platform-env.js';

/** Options of {@link plyrKit}. */
export interface PlyrKitViteOptions {
  /**
   * The game's PLYR[ID] in the sandbox (its main game). Default `plyr-kit-demo`. Give the game the same one (or read
   * `import.meta.env.PLYR_GAME_ID`). Ignored on the real platform, where `PLYR_GAME_ID` names it.
   */
  gameId?: string;
  /** Where the signing endpoint is mounted (relay mode). Default `/plyr/relay`: the game's `signer`. */
  signerPath?: string;
  /** Where the MG+ real-play relay is mounted (sandbox only), or `false` for none. Default `/mg`. */
  mgplusPath?: string | false;
  /**
   * Prefix of the sandbox's dev routes. Default `/sandbox`. `GET <prefix>/totp/<plyrId>` → `{ plyrId, otp }`;
   * `GET <prefix>/realplay?player=eur&game=…&page=/` (with the MG+ relay) → 302 to `page` with a fresh launch token
   * of that sandbox MG+ player (`?launchToken=…`), for the game (default: the first of `mgplus.games`, else the
   * sandbox's `plyr-kit-demo`).
   */
  sandboxPath?: string;
  /**
   * MG+ relay: the provider id (default `plyr-kit`; the game's `createRealPlay({ provider })` must be the same) and the
   * game ids it serves (default: any).
   */
  mgplus?: { provider?: string; games?: string[] };
  /** More options of the sandbox (`startSandbox`), e.g. a fixed `port`. Default host `127.0.0.1`, a free port. */
  sandbox?: Omit<SandboxOptions, 'gameId'>;
  /** More options of the signing endpoint (`createSigningHandler`): `rateLimit`, `allow`, `origins`, `timeoutMs`… */
  signer?: DevSignerOptions;
  /**
   * Where `PLYR_API_BASE`, `PLYR_API_KEY`, `PLYR_SECRET_KEY`, `PLYR_GAME_ID` are read (all four: the real platform
   * instead of the sandbox). Default: `process.env` and the project's `.env` files (`.env.local` keeps the secret
   * out of git); Vite exposes none of them to the page.
   */
  env?: Record<string, string | undefined>;
  /** Print the platform, the routes and the sandbox players when the server starts. Default `true`. */
  log?: boolean;
}

/**
 * What the plugin offers other plugins of the same dev server (Vite's `api` convention), e.g. the game's own round
 * route in `vite` dev:
 *
 * ```ts
 * const kit = plyrKit();
 * const rounds: Plugin = {
 *   name: 'my-rounds',
 *   configureServer(server) {
 *     server.middlewares.use('/spin', async (req, res) => {
 *       const mg = kit.api.mgplus(); // the relay's client: the session of each launch is in it
 *       const session = mg && (await mg.session(sessionIdFrom(req)));
 *       // … checkBet(session, { bet }), then mg.playRound(session, { bet, payout }) as on your server
 *     });
 *   },
 * };
 * export default defineConfig({ plugins: [kit, rounds] });
 * ```
 */
export interface PlyrKitApi {
  /**
   * The MG+ client of the dev server's relay (at `mgplusPath`), sessions included, once the dev server has started;
   * `null` before, on the real platform, or with `mgplusPath: false`.
   */
  mgplus(): MgPlusClient | null;
  /** The sandbox the dev server started (its players, ledger and faults), or `null` (before, or the real platform). */
  sandbox(): Sandbox | null;
}

/** The values the plugin gives the page as `import.meta.env.*`. */
export const PAGE_ENV = { apiBase: 'PLYR_API_BASE', gameId: 'PLYR_GAME_ID' } as const;

const DEFAULT_GAME_ID = 'plyr-kit-demo';

function checkPath(name: string, value: string): string {
  if (!/^\/[A-Za-z0-9._~\-/]*[^/]$/.test(value))
    throw new TypeError(`plyrKit: \`${name}\` must be a path like /plyr/relay (no trailing slash).`);
  return value;
}

/** A free TCP port on `host`, so that `apiBase` is known when Vite asks for its `define` (before any server). */
function freePort(host: string): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createNetServer();
    probe.once('error', fail);
    probe.listen(0, host, () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? done(address.port) : fail(new Error('no port')),
      );
    });
  });
}

/** Refuses an `envPrefix` that would hand `PLYR_SECRET_KEY` to the page. */
function checkEnvPrefix(prefix: string | string[] | undefined): void {
  const prefixes = prefix === undefined ? [] : Array.isArray(prefix) ? prefix : [prefix];
  const leaking = prefixes.find((p) => 'PLYR_SECRET_KEY'.startsWith(p));
  if (leaking !== undefined)
    throw new Error(
      `plyrKit: envPrefix ${JSON.stringify(leaking)} would expose PLYR_SECRET_KEY to the page; use another prefix.`,
    );
}

/**
 * The plyr-kit Vite plugin: sign-in against a local sandbox (or the real platform) from `vite` dev, on the game's own
 * origin.
 *
 * ```ts
 * // vite.config.ts
 * import { defineConfig } from 'vite';
 * import { plyrKit } from 'plyr-kit/vite';
 * export default defineConfig({ plugins: [plyrKit({ gameId: 'my-game' })] });
 * // the game: { gameId: 'my-game', signer: '/plyr/relay', apiBase: import.meta.env.PLYR_API_BASE }
 * ```
 */
export function plyrKit(options: PlyrKitViteOptions = {}): Plugin<PlyrKitApi> & { api: PlyrKitApi } {
  const paths: DevPaths = {
    signer: checkPath('signerPath', options.signerPath ?? '/plyr/relay'),
    mgplus: options.mgplusPath === false ? false : checkPath('mgplusPath', options.mgplusPath ?? '/mg'),
    sandbox: checkPath('sandboxPath', options.sandboxPath ?? '/sandbox'),
  };
  const sandboxHost = options.sandbox?.host ?? '127.0.0.1';
  /** Decided in `config`, used by `configureServer` of the same server. */
  let real: PlatformKeys | null = null;
  let sandboxPort = 0;
  /** The running dev platform (the newest server's: a restart makes a new one). */
  let platform: DevPlatform | null = null;

  return {
    name: 'plyr-kit',
    api: {
      mgplus: () => platform?.mgplus ?? null,
      sandbox: () => platform?.sandbox ?? null,
    },
    // Dev server only: a production build or `vite preview` must never carry a signing endpoint or a sandbox.
    apply: (_config, env) => env.command === 'serve' && !env.isPreview,

    async config(config, env): Promise<UserConfig> {
      const envDir = config.envDir === false ? null : resolve(config.root ?? '.', config.envDir ?? '');
      real = platformFromEnv(
        options.env ?? (envDir === null ? process.env : loadEnv(env.mode, envDir, 'PLYR_')),
      );
      let apiBase: string;
      if (real) apiBase = real.apiBase;
      else {
        sandboxPort = options.sandbox?.port || (await freePort(sandboxHost));
        apiBase = `http://${sandboxHost.includes(':') ? `[${sandboxHost}]` : sandboxHost}:${sandboxPort}`;
      }
      return {
        define: {
          [`import.meta.env.${PAGE_ENV.apiBase}`]: JSON.stringify(apiBase),
          [`import.meta.env.${PAGE_ENV.gameId}`]: JSON.stringify(
            real?.gameId ?? options.gameId ?? DEFAULT_GAME_ID,
          ),
        },
      };
    },

    configResolved(config) {
      checkEnvPrefix(config.envPrefix);
    },

    async configureServer(server) {
      const started: DevPlatform = await startDevPlatform({
        real,
        sandbox: {
          ...options.sandbox,
          host: sandboxHost,
          port: sandboxPort,
          gameId: options.gameId ?? DEFAULT_GAME_ID,
        },
        paths,
        mgplus: { ...options.mgplus, provider: options.mgplus?.provider ?? 'plyr-kit' },
        signer: options.signer ?? {},
      });
      platform = started;
      // Before Vite's own middlewares (static files, SPA fallback), after its host and CORS checks.
      server.middlewares.use(started.middleware);

      // This server's close closes this server's sandbox (a restart makes a new server with a new sandbox).
      const close = server.close.bind(server);
      server.close = async () => {
        try {
          await close();
        } finally {
          if (platform === started) platform = null;
          await started.close();
        }
      };

      if (options.log !== false) {
        const printUrls = server.printUrls.bind(server);
        server.printUrls = () => {
          printUrls();
          const page = server.resolvedUrls?.local[0];
          for (const line of started.describe(page)) server.config.logger.info(`  \u279c  plyr-kit ${line}`);
        };
      }
    },
  };
}
