/**
 * Building the Unity bridge's Emscripten harness (test/unity/emscripten): a small C program that calls
 * PlyrKit.jslib's entry points as IL2CPP does, linked with the jslib and Unity's framework-side SendMessage, built
 * plain and as a release build (`-O2 --closure 1`). Needs Debian's `emscripten` (3.1.6), and for the release build
 * Debian's `node-acorn` (put on NODE_PATH) and Closure Compiler from the `google-closure-compiler` devDependency.
 * Without them the suite fails with a clear message when `CI` is set, and is skipped with a warning otherwise.
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from '@jest/globals';
import { hasChromium } from './e2e-browser.js';
import { JSLIB_FILE } from './unity-vm.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The harness's sources and page. */
export const HARNESS_DIR = join(repoRoot, 'test', 'unity', 'emscripten');
/** Closure Compiler of the devDependency (its native Linux build: nothing is downloaded when it runs). */
const CLOSURE = join(repoRoot, 'node_modules', '.bin', 'google-closure-compiler');
/** Where Debian's node-acorn lives; Emscripten's JS optimiser (any -O build) requires 'acorn'. */
const DEBIAN_NODE_MODULES = '/usr/share/nodejs';
const EMCC = process.env.EMCC ?? 'emcc';

/** The two builds: what a development build and a release build of a Unity game do to the jslib. */
export type HarnessBuild = 'plain' | 'closure';

/** What a release build adds to the command line. */
const BUILD_FLAGS: Record<HarnessBuild, readonly string[]> = {
  plain: [],
  closure: ['-O2', '--closure', '1'],
};

/** The Emscripten version (`emcc --version`'s first line), or `null` when emcc does not run. */
export function emscriptenVersion(): string | null {
  const run = spawnSync(EMCC, ['--version'], { encoding: 'utf8', timeout: 60_000 });
  if (run.status !== 0) return null;
  return /\d+\.\d+\.\d+/.exec(run.stdout)?.[0] ?? run.stdout.split('\n')[0] ?? null;
}

/** What is missing for the suite (empty when nothing is). */
export function emscriptenProblems(): string[] {
  const problems: string[] = [];
  if (emscriptenVersion() === null)
    problems.push("emcc not found: install Debian's emscripten (apt-get install emscripten).");
  if (!existsSync(join(DEBIAN_NODE_MODULES, 'acorn', 'package.json')))
    problems.push(
      "acorn not found for Emscripten's optimiser: install Debian's node-acorn (apt-get install node-acorn).",
    );
  if (!existsSync(CLOSURE)) problems.push('google-closure-compiler is not installed: run npm install.');
  if (!hasChromium())
    problems.push("Chromium not found: install Debian's chromium (apt-get install chromium).");
  return problems;
}

/** `describe` that needs the toolchain and Chromium: under CI a failing test without them; locally a skipped suite. */
export function describeWithEmscripten(name: string, fn: () => void): void {
  const problems = emscriptenProblems();
  if (problems.length === 0) describe(name, fn);
  else if (process.env.CI)
    describe(name, () => {
      it('needs Emscripten and Chromium', () => {
        throw new Error(problems.join('\n'));
      });
    });
  else {
    console.warn(`Skipping "${name}": ${problems.join(' ')}`);
    describe.skip(name, fn);
  }
}

/** A built harness. */
export interface BuiltHarness {
  build: HarnessBuild;
  /** The Emscripten output: the module factory `unityFramework` (JavaScript) and its WebAssembly. */
  js: string;
  wasm: Uint8Array;
  /** Wall time of `emcc`. */
  buildMs: number;
}

/** The C functions the page calls (with ccall) and Unity's native SendMessage receivers. */
const EXPORTED_FUNCTIONS = [
  '_harness_init',
  '_harness_call',
  '_harness_call_many',
  '_SendMessage',
  '_SendMessageString',
  '_SendMessageFloat',
];

/**
 * Compiles and links the harness into a fresh temporary directory. The Emscripten cache is used frozen (Debian's
 * prebuilt system libraries; nothing is written to it), so a build leaves nothing behind outside the temp dir.
 */
export async function buildHarness(build: HarnessBuild): Promise<BuiltHarness> {
  const out = mkdtempSync(join(tmpdir(), `plyr-kit-emscripten-${build}-`));
  const args = [
    join(HARNESS_DIR, 'harness.c'),
    '--js-library',
    JSLIB_FILE,
    '--pre-js',
    join(HARNESS_DIR, 'unity-framework.pre.js'),
    '--no-entry',
    // A module factory like Unity's framework: the jslib and SendMessage share its scope, not the page's.
    '-sMODULARIZE=1',
    '-sEXPORT_NAME=unityFramework',
    '-sENVIRONMENT=web',
    '-sALLOW_MEMORY_GROWTH=1',
    '-sEXPORTED_RUNTIME_METHODS=ccall',
    `-sEXPORTED_FUNCTIONS=${EXPORTED_FUNCTIONS.join(',')}`,
    ...BUILD_FLAGS[build],
    '-o',
    join(out, 'unity.js'),
  ];
  const env = {
    ...process.env,
    EM_FROZEN_CACHE: '1',
    EM_CLOSURE_COMPILER: CLOSURE,
    NODE_PATH: [DEBIAN_NODE_MODULES, process.env.NODE_PATH].filter(Boolean).join(delimiter),
    TMPDIR: out,
  };
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    execFile(EMCC, args, { env, timeout: 180_000, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`emcc (${build}) failed: ${error.message}\n${stdout}\n${stderr}`));
      else resolve();
    });
  });
  const buildMs = performance.now() - started;
  try {
    return {
      build,
      js: readFileSync(join(out, 'unity.js'), 'utf8'),
      wasm: readFileSync(join(out, 'unity.wasm')),
      buildMs,
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** The harness page's own files (index.html and the boot script), read once. */
export function harnessPageFiles(): { html: string; boot: string } {
  return {
    html: readFileSync(join(HARNESS_DIR, 'index.html'), 'utf8'),
    boot: readFileSync(join(HARNESS_DIR, 'boot.js'), 'utf8'),
  };
}
