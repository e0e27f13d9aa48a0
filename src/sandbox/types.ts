/** Public types of the sandbox (`plyr-kit/sandbox`). */

import type { SandboxFault } from './faults.js';
import type { SandboxGameEconomy, SandboxGameOptions } from './game/types.js';
import type { MgPlusEmulator, MgPlusEmulatorOptions } from './mgplus/emulator.js';

export type { SandboxFault };

/** Options of {@link startSandbox}. */
export interface SandboxOptions {
  /** Port to listen on. Default `0` (a free port). */
  port?: number;
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /**
   * The sandbox clock in ms since the epoch. Default `Date.now`. It drives the HMAC ±5 min window, TOTP steps, JWT
   * `iat`/`exp` and their checks, the 2FA lock-out and reuse cache, deadlines and the 10 min `/auth/read` TTL, so tests
   * can move time instead of sleeping.
   */
  now?: () => number;
  /** The main game's PLYR[ID]. Default `plyr-kit-demo`. */
  gameId?: string;
  /** The main game's API key. Default: 16 random bytes, hex. */
  apiKey?: string;
  /** The main game's secret key (HMAC key, used as UTF-8 text). Default: 32 random bytes, hex. */
  secretKey?: string;
  /**
   * Origin of the (simulated) PLYR[ID] sign-up site used in `claimingUrl` (`${frontendUrl}/signup?claimingCode=…`).
   * Default `${url}/sandbox/pgu`, a tiny page of the sandbox that can claim the guest account.
   */
  frontendUrl?: string;
  /** Options of the MG+ emulator mounted at `/v1/authenticate` (its clock is the sandbox clock). */
  mgplus?: Omit<MgPlusEmulatorOptions, 'baseUrl' | 'now'>;
  /**
   * The game economy (`/api/game/*`, tasks, balances, chips): chain and poll timings, seeded balances, the earn fee.
   * Defaults: a 25 ms chain, the platform's 50 × 500 ms sync wait, 1000 plyr and 1000 gamr per seeded player.
   */
  game?: SandboxGameOptions;
}

/** A registered game: its PLYR[ID] and its API key pair (role `user`). */
export interface SandboxGame {
  gameId: string;
  apiKey: string;
  secretKey: string;
}

/** A seeded player with a fixed base32 TOTP secret (add it to an authenticator app to log in by hand). */
export interface SandboxUser {
  plyrId: string;
  /** Base32 TOTP secret (SHA-1, 6 digits, 30 s). */
  totpSecret: string;
  /** EIP-55 checksummed primary wallet address. */
  primaryAddress: string;
  /** Mirror (in-game) wallet address. */
  mirrorAddress: string;
}

/** A running sandbox (see {@link startSandbox}). */
export interface Sandbox {
  /** Origin, e.g. `http://127.0.0.1:41234`; platform routes live under `url + '/api'`. */
  url: string;
  /** The main game's PLYR[ID]. */
  gameId: string;
  /** The main game's API key. */
  apiKey: string;
  /** The main game's secret key. */
  secretKey: string;
  /** Every registered game: the main one first, then `other-game` (for cross-game cases). */
  games: SandboxGame[];
  /** An admin-role key (only `GET /api/status` needs it); not a game. */
  admin: { apiKey: string; secretKey: string };
  /** Seeded players: `demo-player` and `second-player`. */
  users: SandboxUser[];
  /** The MG+ emulator (`POST /v1/authenticate`, `/sandbox/mgplus/*`): its shared secret, players, launch tokens. */
  mgplus: MgPlusEmulator;
  /** The PLYR game economy: its books (`ledger()`), its tasks, fault injection (also under `/sandbox/game/*`). */
  game: SandboxGameEconomy;
  /** The current 6-digit TOTP code of a player with a TOTP secret, at `atMs` (default: the sandbox clock). */
  totp(plyrId: string, atMs?: number): string;
  /** Adds a fault (see {@link SandboxFault}). */
  injectFault(fault: SandboxFault): void;
  /** Removes every fault. */
  clearFaults(): void;
  /** Stops listening, drops open connections and cancels pending fault delays. */
  close(): Promise<void>;
}
