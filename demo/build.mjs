#!/usr/bin/env node
// Builds the demo bundle (demo/dist/demo.js) with demo/rollup.config.mjs. `node demo/build.mjs` always builds;
// `--if-stale` (tests, bench) skips the build when the bundle is newer than every source.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rollup } from 'rollup';

const demoDir = fileURLToPath(new URL('.', import.meta.url));
const rootDir = resolve(demoDir, '..');
/** The bundle the demo page loads. */
export const DEMO_BUNDLE = join(demoDir, 'dist', 'demo.js');
const SOURCES = [join(demoDir, 'src'), join(rootDir, 'src'), join(demoDir, 'rollup.config.mjs')];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** True when demo/dist/demo.js is missing or older than the demo's or the library's sources. */
export function isDemoStale() {
  return !existsSync(DEMO_BUNDLE) || statSync(DEMO_BUNDLE).mtimeMs < Math.max(...SOURCES.map(newestMtime));
}

/**
 * Builds demo/dist/demo.js.
 * @param {{ onlyIfStale?: boolean }} [options]
 * @returns {Promise<boolean>} whether it built
 */
export async function buildDemo({ onlyIfStale = false } = {}) {
  if (onlyIfStale && !isDemoStale()) return false;
  const { default: config } = await import('./rollup.config.mjs');
  const warnings = [];
  const bundle = await rollup({ ...config, onwarn: (warning) => warnings.push(warning) });
  try {
    await bundle.write(config.output);
  } finally {
    await bundle.close();
  }
  for (const warning of warnings) {
    // Circular imports inside dependencies are harmless; anything else is worth seeing.
    if (warning.code !== 'CIRCULAR_DEPENDENCY') console.warn(`demo build: ${warning.message}`);
  }
  return true;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  buildDemo({ onlyIfStale: process.argv.includes('--if-stale') })
    .then((built) => {
      if (built)
        console.log(`demo: built demo/dist/demo.js in ${Math.round(performance.now() - started)} ms`);
    })
    .catch((error) => {
      console.error(`demo build failed: ${error instanceof Error ? error.message : error}`);
      process.exit(1);
    });
}
