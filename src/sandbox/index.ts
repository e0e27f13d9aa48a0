/**
 * plyr-kit/sandbox: a faithful local, in-memory emulator of the PLYR platform's player-auth HTTP API and its game
 * economy (rooms, allowances, tasks, balances, chips; `sandbox.game`), plus MG+, for the demo and for tests. Real cryptography (ES256 session JWTs, RFC 6238 TOTP, HMAC-SHA256 request signatures), the
 * platform's status codes, error strings and quirks, and an injectable clock.
 *
 * ```ts
 * const sb = await startSandbox();
 * // sb.url + '/api/user/login', signed with sb.apiKey / sb.secretKey; sb.totp('demo-player') is the current code
 * await sb.close();
 * ```
 */
import { createHash } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type { AddressInfo } from 'node:net';
import { FaultRegistry } from './faults.js';
import { GameEconomy } from './game/economy.js';
import { gameRoutes } from './game/routes.js';
import { createMgPlusEmulator } from './mgplus/emulator.js';
import { toChecksumAddress } from './plyr/address.js';
import type { Platform } from './plyr/context.js';
import { JwtIssuer } from './plyr/jwt.js';
import { Router } from './plyr/router.js';
import { authRoutes } from './plyr/routes/auth.js';
import { connectPageRoutes } from './plyr/routes/connect-page.js';
import { ipfsRoutes } from './plyr/routes/ipfs.js';
import { ippRoutes } from './plyr/routes/ipp.js';
import { miscRoutes } from './plyr/routes/misc.js';
import { sandboxRoutes } from './plyr/routes/sandbox.js';
import { sessionRoutes } from './plyr/routes/session.js';
import { userRoutes } from './plyr/routes/user.js';
import { SandboxState } from './plyr/state.js';
import { totpCode } from './plyr/totp.js';
import { createSandboxServer, type ServerDeps } from './server.js';
import type { Sandbox, SandboxFault, SandboxOptions, SandboxUser } from './types.js';

export type { ChainMove as GameMove } from './game/chain.js';
export type {
  GameFaultKind,
  GameFaultOnce,
  GameFaultPlan,
  GameFaultStats,
} from './game/faults.js';
export type { GameTaskName } from './game/task-names.js';
export type {
  GameAllowanceSnapshot,
  GameAmount,
  GameChipSnapshot,
  GameLedgerSnapshot,
  GameRoomSnapshot,
  GameTaskSnapshot,
  GameTransactionSnapshot,
  SandboxGameEconomy,
  SandboxGameFaults,
  SandboxGameOptions,
} from './game/types.js';
export type {
  MgPlusEmulator,
  MgPlusEmulatorOptions,
  MgPlusPlayerSummary,
  MgPlusWalletFaults,
  MintLaunchTokenOptions,
} from './mgplus/emulator.js';
export type {
  MgPlusFaultKind,
  MgPlusFaultOnce,
  MgPlusFaultPlan,
  MgPlusFaultStats,
  MgPlusWalletCall,
} from './mgplus/faults.js';
export type { MgPlusLedgerEntry, MgPlusLedgerSnapshot } from './mgplus/ledger.js';
export type { MgPlusSandboxPlayer, MgPlusSeedOffer } from './mgplus/players.js';
export type { Sandbox, SandboxFault, SandboxGame, SandboxOptions, SandboxUser } from './types.js';

/**
 * The seeded players and their fixed base32 TOTP secrets. `second-player` stores its avatar as an `ipfs://` URI (of
 * the default image) so that the raw value of `/user/basic` differs from the resolved one elsewhere. Avatars resolve
 * to the sandbox's own IPFS stand-in (`routes/ipfs.ts`).
 */
const SEEDED_USERS = [
  { plyrId: 'demo-player', totpSecret: 'BIRB2XZ4LVPW2GRTHQEGCOJYGZNVA4ZV', avatar: '' },
  {
    plyrId: 'second-player',
    totpSecret: 'AEHCSJK4NBLXOKQQMATSG4T7HIWBOX2R',
    avatar: 'ipfs://QmNRjvbBfJ7GpRzjs7uxRUytAAuuXjhBqKhDETbET2h6wR',
  },
];

/** The second registered game, for cross-game cases. */
const OTHER_GAME_ID = 'other-game';

/** A stable address per seeded player and role, so the same player has the same wallets on every start. */
const seededAddress = (plyrId: string, role: string): string =>
  toChecksumAddress(
    `0x${createHash('sha256').update(`plyr-kit sandbox ${role} ${plyrId}`).digest('hex').slice(0, 40)}`,
  );

/**
 * Starts a sandbox on `host:port` (default a free port on 127.0.0.1) with a fresh state: the main game
 * (`plyr-kit-demo` unless `gameId` is given), `other-game`, and the seeded players `demo-player` and `second-player`.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const now = options.now ?? Date.now;
  const host = options.host ?? '127.0.0.1';
  const state = new SandboxState(now);
  const main = state.addApiKey(options.gameId ?? 'plyr-kit-demo', 'user', options.apiKey, options.secretKey);
  const other = state.addApiKey(OTHER_GAME_ID, 'user');
  const admin = state.addApiKey('plyr-admin', 'admin');
  const users: SandboxUser[] = SEEDED_USERS.map(({ plyrId, totpSecret, avatar }) => {
    const user = state.addUser({
      plyrId,
      secret: totpSecret,
      avatar,
      primaryAddress: seededAddress(plyrId, 'primary'),
      mirror: seededAddress(plyrId, 'mirror'),
    });
    return { plyrId, totpSecret, primaryAddress: user.primaryAddress, mirrorAddress: user.mirror };
  });

  let url = '';
  const platform: Platform = {
    state,
    jwt: new JwtIssuer(),
    now,
    frontendUrl: () => options.frontendUrl ?? `${url}/sandbox/pgu`,
    origin: () => url,
  };
  const faults = new FaultRegistry();
  const closing = new AbortController();
  // Every chain wait listens on this one signal (and removes itself), so a busy sandbox has many at once.
  setMaxListeners(0, closing.signal);
  const game = new GameEconomy(
    state,
    now,
    options.game,
    users.map((u) => u.plyrId),
    closing.signal,
  );
  const router = new Router([
    ...miscRoutes(platform),
    ...userRoutes(platform),
    ...sessionRoutes(platform),
    ...ippRoutes(platform),
    ...authRoutes(platform),
    ...sandboxRoutes(platform, faults),
    ...connectPageRoutes(platform),
    ...ipfsRoutes(),
    ...gameRoutes(platform, game),
  ]);
  const deps: ServerDeps = { router, faults, closing: closing.signal };
  const server = createSandboxServer(deps);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const mgplus = createMgPlusEmulator({ ...options.mgplus, now, baseUrl: url });
  deps.mgplus = mgplus;

  let closed: Promise<void> | undefined;
  return {
    url,
    gameId: main.plyrId,
    apiKey: main.apiKey,
    secretKey: main.secretKey,
    games: [main, other].map(({ plyrId, apiKey, secretKey }) => ({ gameId: plyrId, apiKey, secretKey })),
    admin: { apiKey: admin.apiKey, secretKey: admin.secretKey },
    users,
    mgplus,
    game: game.control(),
    totp(plyrId: string, atMs?: number): string {
      const user = state.users.get(plyrId);
      if (!user || user.isInstantPlayPass) throw new Error(`No player with a TOTP secret: ${plyrId}`);
      return totpCode(user.secret, atMs ?? now());
    },
    injectFault(fault: SandboxFault): void {
      faults.add(fault);
    },
    clearFaults(): void {
      faults.clear();
    },
    close(): Promise<void> {
      closed ??= new Promise<void>((resolve) => {
        closing.abort(new Error('sandbox closed'));
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
