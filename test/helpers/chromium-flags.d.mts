// Types of test/helpers/chromium-flags.mjs (plain JavaScript, so that bench/phaser.mjs can import it unbuilt).

/** Path of the Chromium binary: Debian's /usr/bin/chromium unless `PLYR_CHROMIUM` says otherwise. */
export declare const CHROMIUM_PATH: string;
/** Flags for a quiet, offline-friendly headless Chromium in containers. */
export declare const CHROMIUM_ARGS: string[];
/** Why a browser test or benchmark cannot run. */
export declare const CHROMIUM_MISSING: string;
