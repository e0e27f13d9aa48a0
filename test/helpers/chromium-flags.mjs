// Headless Chromium settings shared by the end-to-end helper (test/helpers/e2e-browser.ts) and bench/phaser.mjs.
// Plain JavaScript so that `node bench/phaser.mjs` can import it without a build step; types in chromium-flags.d.mts.

/** Path of the Chromium binary: Debian's /usr/bin/chromium unless `PLYR_CHROMIUM` says otherwise. */
export const CHROMIUM_PATH = process.env.PLYR_CHROMIUM ?? '/usr/bin/chromium';

/** Flags for a quiet, offline-friendly headless Chromium in containers. */
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Why a browser test or benchmark cannot run. */
export const CHROMIUM_MISSING = `Chromium not found at ${CHROMIUM_PATH}: install Debian's chromium (apt-get install chromium) or set PLYR_CHROMIUM.`;
