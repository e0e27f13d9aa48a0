/**
 * What the Vite plugin mounts on the dev server: the signing endpoint (relay mode), and with the sandbox also the
 * MG+ relay, a route that tells a sandbox player's current 2FA code and one that opens real play with a fresh MG+
 * launch token. One node:http-style middleware serves them
 * all on the game's own origin, so the browser needs no CORS and no proxy. Built from the public APIs of
 * `plyr-kit/server` and `plyr-kit/sandbox` only, as a developer's own server would be.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Sandbox, type SandboxOptions, startSandbox } from '../sandbox/index.js';
import {
  createMgPlusClient,
  createRelayHandler,
  createSigningHandler,
  type MgPlusClient,
  type NodeListener,
  type SigningHandlerOptions,
  toNodeListener,
} from '../server/index.js';
import type { PlatformKeys } from './platform-env.js';

/** Options of the signing endpoint that the plugin leaves to the developer (rate limits, allow-list, origins…). */
export type DevSignerOptions = Omit<
  SigningHandlerOptions,
  'apiKey' | 'secretKey' | 'gameId' | 'apiBase' | 'mode' | 'basePath'
>;

/** Where things are mounted on the dev server. */
export interface DevPaths {
  /** The signing endpoint (relay mode). */
  signer: string;
  /** The MG+ relay (sandbox only), or `false` for none. */
  mgplus: string | false;
  /** Prefix of the sandbox's dev routes (`<prefix>/totp/<plyrId>`, `<prefix>/realplay`). */
  sandbox: string;
}

/** What {@link startDevPlatform} needs. */
export interface DevPlatformSetup {
  /** The real platform, or `null` for a sandbox started with `sandbox`. */
  real: PlatformKeys | null;
  sandbox: SandboxOptions;
  paths: DevPaths;
  /** The MG+ provider id and the game ids the relay serves (default: any). */
  mgplus: { provider: string; games?: string[] };
  signer: DevSignerOptions;
}

/** A running dev platform. */
export interface DevPlatform {
  /** The platform origin the game's `apiBase` must name. */
  readonly apiBase: string;
  /** The game's PLYR[ID] the endpoint signs for. */
  readonly gameId: string;
  /** The sandbox, or `null` on the real platform. */
  readonly sandbox: Sandbox | null;
  /** The MG+ client of the relay (its sessions included), or `null` when there is no relay. */
  readonly mgplus: MgPlusClient | null;
  /** A connect/Vite middleware: serves its paths, passes anything else to `next`. */
  readonly middleware: (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;
  /** The lines to print at start, with routes as URLs of `pageUrl` (e.g. `http://localhost:5173/`) when known. */
  describe(pageUrl?: string): string[];
  /** Closes the sandbox (if any). Idempotent. */
  close(): Promise<void>;
}

const under = (path: string, prefix: string): boolean => path === prefix || path.startsWith(`${prefix}/`);

function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(value));
}

/** `GET <prefix>/totp/<plyrId>` → `{ otp }`: the sandbox player's current code (what the demo's dev panel shows). */
function totpRoute(sandbox: Sandbox, prefix: string): NodeListener {
  const pattern = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/totp/([A-Za-z0-9-]{1,64})$`);
  return (req, res, next) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const match = pattern.exec(path);
    if (!match) return next?.();
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return sendJson(res, 405, { error: 'Use GET.', code: 'METHOD_NOT_ALLOWED' }, { allow: 'GET, HEAD' });
    const plyrId = (match[1] as string).toLowerCase();
    if (!sandbox.users.some((u) => u.plyrId === plyrId))
      return sendJson(res, 404, {
        error: `No sandbox player ${plyrId} (seeded: ${sandbox.users.map((u) => u.plyrId).join(', ')}).`,
        code: 'NOT_FOUND',
      });
    sendJson(res, 200, { plyrId, otp: sandbox.totp(plyrId) });
  };
}

/**
 * `GET <prefix>/realplay?player=&game=&page=` → 302 to `page` (default `/`) with a fresh MG+ launch token from the
 * sandbox (`?launchToken=…`), as an operator's lobby opens a real-play launch. `player`: a sandbox MG+ player's label
 * or id (default `eur`); `game`: the game id the token is for (default the relay's first game, else the sandbox's).
 */
function realPlayRoute(sandbox: Sandbox, prefix: string, games: readonly string[] | undefined): NodeListener {
  const route = `${prefix}/realplay`;
  return (req, res, next) => {
    const url = new URL(req.url ?? '/', 'http://dev.invalid');
    if (url.pathname !== route) return next?.();
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return sendJson(res, 405, { error: 'Use GET.', code: 'METHOD_NOT_ALLOWED' }, { allow: 'GET, HEAD' });
    const page = url.searchParams.get('page') ?? '/';
    // A path of this dev server only (no `//host`): the route must not redirect elsewhere.
    if (!/^\/(?![/\\])/.test(page))
      return sendJson(res, 400, {
        error: '`page` must be a path such as /index.html.',
        code: 'INVALID_INPUT',
      });
    const player = url.searchParams.get('player') ?? 'eur';
    const game = url.searchParams.get('game') ?? games?.[0];
    sandbox.mgplus.mintLaunchToken({ player, ...(game ? { game } : {}) }).then(
      (launchToken) => {
        const target = new URL(sandbox.mgplus.launchUrl(launchToken, new URL(page, url).href));
        res.writeHead(302, { location: `${target.pathname}${target.search}`, 'cache-control': 'no-store' });
        res.end();
      },
      (error: unknown) => {
        const players = sandbox.mgplus.players.map((p) => p.label).join(', ');
        sendJson(res, 404, { error: `${(error as Error).message} Players: ${players}.`, code: 'NOT_FOUND' });
      },
    );
  };
}

/** Starts the sandbox (unless `setup.real`) and builds the middleware. */
export async function startDevPlatform(setup: DevPlatformSetup): Promise<DevPlatform> {
  const { paths } = setup;
  const sandbox = setup.real ? null : await startSandbox({ host: '127.0.0.1', ...setup.sandbox });
  try {
    const keys: PlatformKeys = setup.real ?? {
      apiBase: (sandbox as Sandbox).url,
      apiKey: (sandbox as Sandbox).apiKey,
      secretKey: (sandbox as Sandbox).secretKey,
      gameId: (sandbox as Sandbox).gameId,
    };
    const signer = toNodeListener(
      createSigningHandler({
        ...setup.signer,
        ...keys,
        // Explicit: relay is what a dev server on one origin needs (the browser talks to nothing else), whatever the
        // handler's default. Origins: the default rule, same-origin (the `Origin` host is the request's `Host`).
        mode: 'relay',
        basePath: paths.signer,
      }),
    );
    // One MG+ client for the relay and the developer's round route (through the plugin's `api`): the relay keeps
    // each launch's session in it, which the round route then finds by the browser's `sessionId`.
    const client =
      sandbox && paths.mgplus !== false
        ? createMgPlusClient({
            baseUrl: sandbox.url,
            sharedSecret: sandbox.mgplus.sharedSecret,
            provider: setup.mgplus.provider,
            amounts: { currencies: { ...sandbox.mgplus.currencyDecimals } },
          })
        : null;
    const mgplus =
      client && paths.mgplus !== false
        ? toNodeListener(
            createRelayHandler({
              client,
              ...(setup.mgplus.games ? { allowedGames: setup.mgplus.games } : {}),
              basePath: paths.mgplus,
            }),
          )
        : null;
    const totp = sandbox ? totpRoute(sandbox, paths.sandbox) : null;
    const realPlay = sandbox && mgplus ? realPlayRoute(sandbox, paths.sandbox, setup.mgplus.games) : null;

    return {
      apiBase: keys.apiBase,
      gameId: keys.gameId,
      sandbox,
      mgplus: client,
      middleware(req, res, next) {
        const path = (req.url ?? '/').split('?')[0] ?? '/';
        if (under(path, paths.signer)) return signer(req, res, next);
        if (mgplus && paths.mgplus !== false && under(path, paths.mgplus)) return mgplus(req, res, next);
        if (realPlay && path === `${paths.sandbox}/realplay`) return realPlay(req, res, next);
        if (totp && under(path, paths.sandbox)) return totp(req, res, next);
        next();
      },
      describe(pageUrl) {
        const at = (path: string) => (pageUrl ? new URL(path, pageUrl).href : path);
        const lines = [
          `platform: ${sandbox ? 'local sandbox' : 'PLYR'} ${keys.apiBase} (game ${keys.gameId})`,
          `signing endpoint: ${at(paths.signer)} (relay mode)`,
        ];
        if (mgplus && paths.mgplus !== false) lines.push(`MG+ relay: ${at(paths.mgplus)}`);
        if (sandbox) {
          lines.push(`sandbox players: ${sandbox.users.map((u) => u.plyrId).join(', ')}`);
          lines.push(`their 2FA codes: ${at(`${paths.sandbox}/totp/`)}<plyrId>`);
          if (realPlay)
            lines.push(
              `real play on MG+: ${at(`${paths.sandbox}/realplay`)}?player=${sandbox.mgplus.players.map((p) => p.label).join('|')}`,
            );
        }
        return lines;
      },
      close: () => sandbox?.close() ?? Promise.resolve(),
    };
  } catch (error) {
    await sandbox?.close();
    throw error;
  }
}
