// Types of demo/server.mjs (the server is plain JavaScript so that `node demo/server.mjs` runs without a build step).
import type { Sandbox } from '../src/sandbox/index.js';
import type { PlyrGameClientOptions } from '../src/server/index.js';

/** Environment variables that switch the demo from the sandbox to the real platform (all four or none). */
export declare const PLATFORM_ENV: readonly string[];
/** The seeded sandbox player whose code the dev panel shows. */
export declare const DEMO_PLAYER: string;
/** The other seeded sandbox player (its code is on the dev panel too). */
export declare const SECOND_PLAYER: string;
/** Where the MG+ real-play relay is mounted (`/mg`; sandbox only). */
export declare const MGPLUS_RELAY_PATH: string;
/** The demo's MG+ provider id. */
export declare const MGPLUS_PROVIDER: string;
/** The demo's MG+ game id (launch tokens are minted for it). */
export declare const MGPLUS_GAME: string;
/** Where the demo server plays real-play rounds (`POST`, sandbox only; see demo/realplay-rounds.mjs). */
export declare const SPIN_PATH: string;
/** Where the demo server runs entry-fee matches (`/demo/match`; sandbox only; see demo/match-rounds.mjs). */
export declare const MATCH_PATH: string;

/** Options of {@link startDemoServer}. */
export interface DemoServerOptions {
  /** Default 8080; 0 picks a free port. */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
  /** `relay` (default): the endpoint forwards the browser's calls; `sign`: the browser calls the platform with signed headers. */
  mode?: 'sign' | 'relay';
  /** Where the PLYR_* variables are read from. Default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Passed to `startSandbox` (e.g. a clock). */
  sandboxOptions?: Record<string, unknown>;
  /** Merged into the `createSigningHandler` options (e.g. `{ rateLimit: false }`). */
  signerOptions?: Record<string, unknown>;
  /** The match loop's options (demo/match-rounds.mjs). */
  matchOptions?: {
    /** Merged into the `createPlyrGameClient` options (e.g. short `intents` timings, `recovery`). */
    game?: Partial<PlyrGameClientOptions>;
    /** Draws the winner: an index below `n`. Default `crypto.randomInt`. */
    random?: (n: number) => number;
    /** A waiting player whose page has not polled for this long has left (ms). Default 20 000. */
    staleMs?: number;
    /** How often a match being confirmed looks at its intent (ms). Default 1 000. */
    confirmPollMs?: number;
    /** The match loop's clock (ms since the epoch): its per-minute limits and waiting seats. Default `Date.now`. */
    now?: () => number;
    /** Requests per client address and minute: `posts` (player, join, leave), `polls` (reads of a match). */
    limits?: { posts?: number; polls?: number };
  };
}

/** A running demo. */
export interface DemoServer {
  /** Origin of the demo page, e.g. `http://127.0.0.1:8080`. */
  url: string;
  /** Platform origin the browser talks to (the sandbox or the real platform). */
  apiBase: string;
  /** The game's PLYR[ID]. */
  gameId: string;
  mode: 'sign' | 'relay';
  /** The local sandbox, or `null` on the real platform. */
  sandbox: Sandbox | null;
  /** PLYR[ID] of the seeded demo player, or `null` on the real platform. */
  demoPlayer: string | null;
  close(): Promise<void>;
}

/** Starts the demo: sandbox (unless the PLYR_* variables are set), signing endpoint and static game. */
export declare function startDemoServer(options?: DemoServerOptions): Promise<DemoServer>;

/** The real platform from the PLYR_* variables, or `null` when none is set (throws when only some are). */
export declare function platformFromEnv(
  env: Record<string, string | undefined>,
): { apiBase: string; apiKey: string; secretKey: string; gameId: string } | null;

/** The page's Content-Security-Policy. */
export declare function contentSecurityPolicy(
  platformOrigin: string | null,
  hostedLoginOrigin?: string | null,
): string;
