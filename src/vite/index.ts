/**
 * plyr-kit/vite: a Vite plugin for the five-minute path. In `vite` dev it serves, on the game's own origin, the
 * signing endpoint (relay mode, `/plyr/relay`), a local sandbox of the PLYR platform with seeded players, the MG+
 * real-play relay (`/mg`), the players' current 2FA codes (`/sandbox/totp/<plyrId>`) and a page that opens real play
 * with a fresh MG+ launch token (`/sandbox/realplay?player=eur`). Builds are untouched.
 *
 * ```ts
 * // vite.config.ts
 * import { defineConfig } from 'vite';
 * import { plyrKit } from 'plyr-kit/vite';
 * export default defineConfig({ plugins: [plyrKit({ gameId: 'my-game' })] });
 * ```
 * Node only; `vite` (6.0.9 or later) is an optional peer dependency.
 * @packageDocumentation
 */
export type { DevSignerOptions } from './dev-platform.js';
export { PLATFORM_ENV } from './platform-env.js';
export { PAGE_ENV, type PlyrKitApi, type PlyrKitViteOptions, plyrKit } from './plugin.js';
