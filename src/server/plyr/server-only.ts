/**
 * The browser never moves tokens. Every game-economy write (rooms that take and pay out tokens, in-game chips, and
 * consent given without a 2FA code) belongs on the studio's server, through `createPlyrGameClient`, where the game
 * decides amounts and journals each move (docs/platform/plyr-game.md). The signing endpoint signs for anyone who can
 * load the game's page, so an allow-list rule for one of these paths would let any visitor pay from players' approved
 * allowances into rooms, pay rooms out, or mint and burn chips. `createSigningHandler` refuses such a rule at
 * creation, in both modes, whatever its method or parameter patterns.
 */
import type { CompiledRoute } from './routes.js';

/** Game-economy writes that are server-only (docs/platform/plyr-game.md#rooms, #in-game-chips, #allowances). */
export const SERVER_ONLY_PATHS: readonly string[] = Object.freeze([
  ...[
    'create',
    'join',
    'leave',
    'pay',
    'earn',
    'end',
    'close',
    'joinPay',
    'createJoinPay',
    'earnLeave',
    'earnLeaveEnd',
    'approveBySignature',
  ].map((name) => `/api/game/${name}`),
  ...['create', 'createBySignature', 'mint', 'burn', 'transfer'].map((name) => `/api/game/chip/${name}`),
]);

/** Every POST below it is a chip write (chip reads are GETs), known today or not. */
const CHIP_PREFIX = ['api', 'game', 'chip'];

const matches = (segment: string | RegExp, part: string): boolean =>
  typeof segment === 'string' ? segment === part : segment.test(part);

/** The server-only path that `route` could match, or `undefined`. */
function serverOnlyPath(route: CompiledRoute): string | undefined {
  const { segments } = route;
  for (const path of SERVER_ONLY_PATHS) {
    const parts = path.slice(1).split('/');
    if (parts.length === segments.length && parts.every((part, i) => matches(segments[i]!, part)))
      return path;
  }
  if (
    route.rule.method === 'POST' &&
    segments.length > CHIP_PREFIX.length &&
    CHIP_PREFIX.every((part, i) => matches(segments[i]!, part))
  )
    return route.rule.path;
  return undefined;
}

/** Throws a TypeError for the first rule that could let the browser reach a game-economy write. */
export function refuseServerOnlyRoutes(routes: readonly CompiledRoute[]): void {
  for (const route of routes) {
    const path = serverOnlyPath(route);
    if (path === undefined) continue;
    throw new TypeError(
      `createSigningHandler: \`allow\` has a rule for ${route.rule.method} ${route.rule.path}, which reaches ${path}: a game-economy write that moves tokens. The browser must never be able to send it (anyone who loads the page could). Make these calls on the studio's server with createPlyrGameClient (plyr-kit/server).`,
    );
  }
}
