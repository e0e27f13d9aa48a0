/**
 * The allow-list: which platform requests the endpoint will sign, and what their bodies may contain.
 * `PLAYER_AUTH_ROUTES` is exactly what the plyr-kit browser client needs for player login, guest accounts, session
 * checks and the player's own spending consent (read and revoke this game's allowances); a game that needs more adds
 * its own {@link RouteRule}s, never a game-economy write (see `server-only.ts`).
 */
import type { BodySchema, FieldRule, StringRule } from './validate.js';

/** One allowed platform request. */
export interface RouteRule {
  /** HTTP method of the platform route. */
  method: 'GET' | 'POST';
  /**
   * Platform path pattern with the `/api` prefix; `:name` segments are parameters, e.g. `/api/user/info/:plyrId`.
   * Query strings are never allowed.
   */
  path: string;
  /** Pattern per parameter (anchor it). Default {@link DEFAULT_PARAM_PATTERN}. */
  params?: Readonly<Record<string, RegExp>>;
  /** Body schema (POST only). Default: only the empty object `{}` is accepted. */
  body?: BodySchema;
  /**
   * The configured game only: a POST body's `gameId` is overwritten with it (the field is added when absent), and a
   * `:gameId` path parameter must name it (any case), else the request is refused with `PATH_NOT_ALLOWED`.
   */
  forceGameId?: boolean;
  /**
   * Extra rate-limit bucket: `plyrId` (per player, for routes that take a 2FA code, so a 6-digit code cannot be
   * brute-forced) or `guestRegister` (per IP, so guest accounts cannot be mass-created). A right code on a `plyrId`
   * route forgives the player's earlier wrong codes only on a login (`/api/user/login`, `/api/user/loginAndApprove`),
   * as on the platform.
   */
  limit?: 'plyrId' | 'guestRegister';
}

/** Default pattern of a path parameter: 1..64 letters, digits or `-` (a PLYR[ID], an address, a code). */
export const DEFAULT_PARAM_PATTERN = /^[A-Za-z0-9-]{1,64}$/;

/**
 * The 2FA routes whose success resets the platform's count of an account's wrong codes (only a login does,
 * docs/platform/plyr-api.md#otp-check-and-lock-out). After a right code elsewhere (a revoke) the wrong codes before it
 * still count towards the lock, so the endpoint keeps counting them too.
 */
export const RESETS_WRONG_CODES: ReadonlySet<string> = new Set([
  '/api/user/login',
  '/api/user/loginAndApprove',
]);

const PLYR_ID: StringRule = { type: 'string', min: 5, max: 64, pattern: /^[A-Za-z0-9-]+$/ };
const OTP: StringRule = { type: 'string', pattern: /^\d{6}$/ };
/** Seconds; capped at 10 years so the platform's JWT library never sees an absurd value. */
const EXPIRES_IN: FieldRule = { type: 'integer', min: 1, max: 315_360_000, optional: true };
const UID: StringRule = { type: 'string', min: 8, max: 128, pattern: /^[A-Za-z0-9-]+$/, optional: true };
const SESSION_JWT: StringRule = {
  type: 'string',
  min: 1,
  max: 4096,
  pattern: /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/,
};
/** Replaced by the configured gameId; accepted so clients that send their own do not break. */
const GAME_ID: StringRule = { type: 'string', max: 128, optional: true };
/** A token symbol (`plyr`, `gamr`) or a 0x address. */
const TOKEN: StringRule = {
  type: 'string',
  min: 1,
  max: 42,
  pattern: /^(?:0x[0-9a-fA-F]{40}|[A-Za-z0-9._-]{1,32})$/,
};
const UID_PARAM = /^[A-Za-z0-9-]{8,128}$/;
const PLYR_ID_PARAM = /^[A-Za-z0-9-]{5,64}$/;

const LOGIN_FIELDS = { plyrId: PLYR_ID, otp: OTP, expiresIn: EXPIRES_IN, uid: UID, gameId: GAME_ID } as const;

/** The player-auth routes the plyr-kit client uses (the default allow-list). */
export const PLAYER_AUTH_ROUTES: readonly RouteRule[] = Object.freeze<RouteRule[]>([
  {
    method: 'POST',
    path: '/api/user/login',
    body: { fields: LOGIN_FIELDS },
    forceGameId: true,
    limit: 'plyrId',
  },
  {
    method: 'POST',
    path: '/api/user/loginAndApprove',
    body: {
      fields: {
        ...LOGIN_FIELDS,
        tokens: { type: 'array', items: TOKEN, min: 1, max: 20 },
        amounts: { type: 'array', items: { type: 'amount' }, min: 1, max: 20 },
      },
      check: (body) =>
        (body.tokens as unknown[]).length === (body.amounts as unknown[]).length
          ? undefined
          : 'tokens and amounts must have the same length.',
    },
    forceGameId: true,
    limit: 'plyrId',
  },
  { method: 'POST', path: '/api/user/logout', body: { fields: { sessionJwt: SESSION_JWT } } },
  { method: 'POST', path: '/api/user/session/verify', body: { fields: { sessionJwt: SESSION_JWT } } },
  {
    method: 'POST',
    path: '/api/instantPlayPass/register',
    // `tokens` defaults to [] because the platform answers 500 (after creating the user) when it is missing.
    body: { fields: { tokens: { type: 'array', items: TOKEN, max: 20, default: [] }, gameId: GAME_ID } },
    forceGameId: true,
    limit: 'guestRegister',
  },
  {
    method: 'POST',
    path: '/api/instantPlayPass/reveal/claimingCode',
    body: { fields: { sessionJwt: SESSION_JWT, gameId: GAME_ID } },
    forceGameId: true,
  },
  { method: 'GET', path: '/api/instantPlayPass/verify/claimingCode/:code' },
  { method: 'GET', path: '/api/user/info/:plyrIdOrAddress' },
  { method: 'GET', path: '/api/user/avatar/:plyrId' },
  { method: 'GET', path: '/api/user/exists/:q' },
  { method: 'GET', path: '/api/jwt/publicKey' },
  { method: 'GET', path: '/api/auth/read/:uid', params: { uid: UID_PARAM } },
  { method: 'POST', path: '/api/auth/revoke/:uid', params: { uid: UID_PARAM } },
  // The player's consent (docs/platform/plyr-game.md#allowances): this game's allowances, and their revocation with
  // a 2FA code. Giving consent is loginAndApprove above; spending it is the studio server's (server-only.ts).
  {
    method: 'GET',
    path: '/api/game/allowanceByGameId/:plyrId/:gameId',
    params: { plyrId: PLYR_ID_PARAM },
    forceGameId: true,
  },
  {
    method: 'POST',
    path: '/api/game/revoke',
    // `token`: a token of the list, an address, or `all` (every token of this game).
    body: { fields: { plyrId: PLYR_ID, otp: OTP, token: TOKEN, gameId: GAME_ID } },
    forceGameId: true,
    limit: 'plyrId',
  },
]);

/** A rule with its path pattern split into segments, ready for matching. */
export interface CompiledRoute {
  rule: RouteRule;
  /** Literal segments as strings, parameters as their patterns. */
  segments: readonly (string | RegExp)[];
  /** With `forceGameId`: the index of the `:gameId` segment, which must name the configured game. */
  gameIdAt?: number;
}

/** Compiles rules once (throws a TypeError for a malformed rule, at start-up rather than per request). */
export function compileRoutes(rules: readonly RouteRule[]): CompiledRoute[] {
  return rules.map((rule) => {
    if (rule.method !== 'GET' && rule.method !== 'POST')
      throw new TypeError(`allow: unsupported method ${String(rule.method)} for ${rule.path}`);
    if (typeof rule.path !== 'string' || !rule.path.startsWith('/api/') || /[?#]/.test(rule.path))
      throw new TypeError(`allow: path must start with /api/ and have no query: ${String(rule.path)}`);
    const names = rule.path.slice(1).split('/');
    const segments = names.map((segment) => {
      if (!segment.startsWith(':')) return segment;
      const name = segment.slice(1);
      const pattern = rule.params?.[name] ?? DEFAULT_PARAM_PATTERN;
      // A global or sticky RegExp keeps state between test() calls; matching must not.
      return pattern.global || pattern.sticky
        ? new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''))
        : pattern;
    });
    const gameIdAt = rule.forceGameId ? names.indexOf(':gameId') : -1;
    return gameIdAt === -1 ? { rule, segments } : { rule, segments, gameIdAt };
  });
}

/** How a path matched the allow-list. */
export type RouteMatch =
  | { kind: 'match'; route: CompiledRoute }
  /** The path is allowed, but only with other methods. */
  | { kind: 'method'; allowed: readonly string[] }
  | { kind: 'none' };

/** The compiled allow-list: its routes in order, and the answers for its literal paths worked out in advance. */
export interface RouteTable {
  readonly routes: readonly CompiledRoute[];
  /** Method → path → the match, for every path of a rule without parameters (what most requests ask for). */
  readonly known: ReadonlyMap<string, ReadonlyMap<string, RouteMatch>>;
}

/** Indexes compiled routes: each literal path's match is {@link scanRoutes}'s own answer, so order still decides. */
export function routeTable(routes: readonly CompiledRoute[]): RouteTable {
  const known = new Map<string, Map<string, RouteMatch>>();
  for (const method of ['GET', 'POST']) {
    const paths = new Map<string, RouteMatch>();
    for (const { rule, segments } of routes)
      if (segments.every((segment) => typeof segment === 'string'))
        paths.set(rule.path, scanRoutes(routes, method, rule.path));
    known.set(method, paths);
  }
  return { routes, known };
}

/** Matches a raw platform path (no query) and method against the compiled allow-list. */
export function matchRoute(table: RouteTable, method: string, path: string): RouteMatch {
  return table.known.get(method)?.get(path) ?? scanRoutes(table.routes, method, path);
}

/** The first route, in order, whose method and segments match; or the methods the path allows; or none. */
function scanRoutes(routes: readonly CompiledRoute[], method: string, path: string): RouteMatch {
  if (path.length > 512 || !path.startsWith('/api/')) return { kind: 'none' };
  const parts = path.slice(1).split('/');
  let otherMethods: string[] | undefined;
  for (const route of routes) {
    const { segments } = route;
    if (segments.length !== parts.length) continue;
    let ok = true;
    for (let i = 0; i < segments.length; i++) {
      const segment = segments[i]!;
      const part = parts[i]!;
      if (typeof segment === 'string' ? segment !== part : !segment.test(part)) {
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    if (route.rule.method === method) return { kind: 'match', route };
    otherMethods = [...(otherMethods ?? []), route.rule.method];
  }
  return otherMethods === undefined ? { kind: 'none' } : { kind: 'method', allowed: otherMethods };
}
