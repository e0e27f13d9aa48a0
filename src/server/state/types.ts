/**
 * The server side's shared state behind one small interface: rate limits, 2FA strikes, real-play sessions and the
 * MG+ journal. One process keeps it in memory (`createMemoryState`, the default); several instances, restarts and
 * serverless functions share it through Redis (`createRedisState`).
 */
import type { PlyrGameJournal } from '../game/journal.js';
import type { MgPlusStores } from '../mgplus/client.js';
import type { SigningLimitStore } from '../plyr/two-factor-limit.js';

// The stores each product defines for itself, re-exported where the state that builds them is.
export type { LimitContext, RateLimiter } from '../http/rate-limit.js';
export type { TokenThenStrike, TwoFactorLimiter } from '../plyr/two-factor-limit.js';

/** The answer of {@link ServerState.health}. */
export interface StateHealth {
  ok: boolean;
  store: 'memory' | 'redis';
  /** Round-trip time of the check in ms (Redis). */
  latencyMs?: number;
  /** Why the store is not usable (never contains a secret). */
  error?: string;
}

/**
 * Shared state of the server handlers and the MG+ client: the stores each product defines (the signing endpoint's
 * limits, the MG+ relay's limits, real-play sessions and the round journal), built in one place. Pass the same one
 * to `createSigningHandler({ state })`, `createRelayHandler({ state })` and `createMgPlusClient({ state })`.
 */
export interface ServerState extends SigningLimitStore, MgPlusStores {
  /** Which store this is. */
  readonly store: 'memory' | 'redis';
  /** The game-economy journal (pass the state as `createPlyrGameClient({ state })`). */
  readonly gameJournal: PlyrGameJournal;
  /** Whether the store answers (for a health check route); never rejects. */
  health(): Promise<StateHealth>;
}
