/**
 * A Vite + Phaser game project made the way the README's "Start from Phaser's Vite template" says, in a temporary
 * directory: the template's layout (test/fixtures/phaser-template-vite), the README's `// <file>` code blocks written
 * over those files,
 * and a node_modules laid out as `npm install plyr-kit` would (plyr-kit with its package.json and the built dist/,
 * its dependencies, Vite, and Phaser 3 or 4 as `phaser`), linked from this repository: no network.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const FIXTURE = join(repoRoot, 'test', 'fixtures', 'phaser-template-vite');
/** The files the README's steps write. */
const README_FILES = ['vite/config.dev.mjs', 'src/game/main.js', 'src/game/scenes/MainMenu.js'];
const RUNNER = join(repoRoot, 'test', 'helpers', 'vite-fixture-server.mjs');

/** The README section's code blocks that start with `// <path>`, by path. */
export function readmeFiles(heading: string): Map<string, string> {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const start = readme.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`README has no section "${heading}"`);
  const end = readme.indexOf('\n## ', start + 1);
  const files = new Map<string, string>();
  for (const [, code] of readme.slice(start, end).matchAll(/```(?:js|ts)\n([\s\S]*?)```/g)) {
    const path = /^\/\/ ([\w./-]+)\n/.exec(code ?? '')?.[1];
    if (path) files.set(path, code as string);
  }
  return files;
}

/** A fixture project on disk. */
export interface FixtureProject {
  root: string;
  /** Removes the directory. */
  remove(): void;
}

/**
 * Lays out `root/node_modules` as `npm install plyr-kit` would: plyr-kit (package.json and the built dist/), its
 * dependencies, Vite, and `phaserPackage` (`phaser` = 4, `phaser3` = 3, `null`: none) as `phaser`, plus `extra`
 * packages (e.g. `pixi.js`), linked from this repository.
 */
export function linkPackages(
  root: string,
  phaserPackage: 'phaser' | 'phaser3' | null,
  extra: readonly string[] = [],
): void {
  const modules = join(root, 'node_modules');
  const kit = join(modules, 'plyr-kit');
  mkdirSync(kit, { recursive: true });
  cpSync(join(repoRoot, 'package.json'), join(kit, 'package.json'));
  cpSync(join(repoRoot, 'dist'), join(kit, 'dist'), { recursive: true });
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  const link = (name: string, from = name) => {
    mkdirSync(dirname(join(modules, name)), { recursive: true });
    symlinkSync(join(repoRoot, 'node_modules', from), join(modules, name), 'dir');
  };
  for (const dep of Object.keys(pkg.dependencies)) link(dep);
  link('vite');
  if (phaserPackage) link('phaser', phaserPackage);
  for (const name of extra) link(name);
}

/**
 * A copy of `examples/<name>` in a temporary directory, with a node_modules as its `npm install` would lay out (the
 * built plyr-kit and `extra` packages, e.g. `pixi.js`, linked from this repository): the example as a user gets it.
 */
export function makeExampleProject(name: string, extra: readonly string[] = []): FixtureProject {
  const root = mkdtempSync(join(tmpdir(), `plyr-kit-example-${name}-`));
  cpSync(join(repoRoot, 'examples', name), root, {
    recursive: true,
    filter: (source) => !/[\\/](node_modules|dist)$/.test(source),
  });
  linkPackages(root, null, extra);
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** Makes the project with `phaserPackage` (`phaser` = 4, `phaser3` = 3) installed as `phaser`. */
export function makeFixtureProject(phaserPackage: 'phaser' | 'phaser3'): FixtureProject {
  const root = mkdtempSync(join(tmpdir(), 'plyr-kit-vite-'));
  cpSync(FIXTURE, root, { recursive: true });
  const files = readmeFiles("Start from Phaser's Vite template");
  for (const name of README_FILES) {
    const code = files.get(name);
    if (!code) throw new Error(`README's Vite section has no \`// ${name}\` block`);
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), code);
  }
  linkPackages(root, phaserPackage);
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** Runs `vite build` on the project (in a child process); resolves when it is built. */
export function buildFixture(root: string, limitMs = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [RUNNER, 'build', root], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    // The runner reports a failed build as {"error": …} on stdout.
    child.stdout.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`vite build failed (${code}): ${stderr}`));
    });
  });
}

/** A running dev server. */
export interface FixtureServer {
  /** The page's URL, e.g. `http://127.0.0.1:41234/`. */
  url: string;
  /** What the server printed at start (Vite's URLs and the plugin's lines). */
  banner: string;
  /** Closes the server; resolves with whether the sandbox still answered after the close. */
  close(): Promise<{ sandboxAnswered: boolean }>;
}

/** Options of {@link serveFixture}. */
export interface ServeOptions {
  /** No vite.config.js: `plyrKit(plugin)` from dist/vite.js and this Vite `config` instead. */
  inline?: { plugin: Record<string, unknown>; config?: Record<string, unknown> };
  limitMs?: number;
}

/** Starts Vite's dev server on the project, port 0 (in a child process). Rejects with what the server reported. */
export function serveFixture(root: string, options: ServeOptions = {}): Promise<FixtureServer> {
  const args = [RUNNER, 'serve', root, ...(options.inline ? [JSON.stringify(options.inline)] : [])];
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const lines = () => stdout.split('\n').filter((l) => l.startsWith('{"'));
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`vite dev server did not start: ${stderr}`));
    }, options.limitMs ?? 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const error = lines()
        .map((l) => JSON.parse(l) as { error?: string })
        .find((m) => m.error)?.error;
      reject(new Error(error ?? `vite dev server exited (${code}): ${stderr}`));
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!stdout.includes('{"printed":true}')) return;
      clearTimeout(timer);
      const url = (JSON.parse(lines()[0] as string) as { url: string }).url;
      resolve({
        url,
        banner: stdout,
        close: async () => {
          child.stdin?.write('close\n');
          const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
          await exited;
          clearTimeout(killer);
          const last = lines()
            .map((l) => JSON.parse(l) as { closed?: boolean; sandboxAnswered?: boolean })
            .find((m) => m.closed);
          if (!last) throw new Error(`vite dev server did not close cleanly: ${stderr}`);
          return { sandboxAnswered: last.sandboxAnswered === true };
        },
      });
    });
  });
}
