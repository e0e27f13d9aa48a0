/**
 * Runs the documentation's code examples as written: the ```ts blocks of a Markdown section, with only what a
 * reader replaces replaced, in a fresh Node process from the repository root (types stripped by @swc/core, as
 * the Jest transform and test/helpers/ts-loader.mjs do).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expect } from '@jest/globals';
import { transformSync } from '@swc/core';

/** The repository root. */
export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The `file:` URL of a built entry point, for replacing `'plyr-kit…'` in an import. */
export const distUrl = (file: string): string => JSON.stringify(pathToFileURL(join(root, 'dist', file)).href);

/** The ```ts blocks of the section `## heading` of `file` (relative to the root; default the README). */
export function examples(heading: string, file = 'README.md'): string[] {
  const text = `\n${readFileSync(join(root, file), 'utf8')}`; // a heading on the first line counts too
  const start = text.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`${file} has no section "## ${heading}"`);
  const end = text.indexOf('\n## ', start + 1);
  const section = text.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);
}

/** `code` with each `[from, to]` replaced; a `from` that is not there fails the test (the docs changed). */
export function replaced(code: string, replacements: Array<[string, string]>): string {
  let out = code;
  for (const [from, to] of replacements) {
    expect(out).toContain(from);
    out = out.replaceAll(from, to);
  }
  return out;
}

/** What a {@link runModule} child did. */
export interface ModuleRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Options of {@link runModule}. */
export interface RunModuleOptions {
  /** Environment variables added to the child's (the examples read `process.env`). */
  env?: Record<string, string>;
  /** Killed after this many ms (the run then has `code` null). Default 20 s. */
  timeoutMs?: number;
  /** `commonjs`: plain JavaScript run as CommonJS (`require` resolves the package itself). Default: an ES module. */
  type?: 'module' | 'commonjs';
}

/** Runs a TypeScript or JavaScript ES module (or CommonJS) in a new Node process from the repository root. */
export function runModule(code: string, options: RunModuleOptions = {}): Promise<ModuleRun> {
  const type = options.type ?? 'module';
  const js =
    type === 'commonjs'
      ? code
      : transformSync(code, {
          filename: 'example.ts',
          jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
          module: { type: 'es6' },
        }).code;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`--input-type=${type}`, '-'], {
      cwd: root,
      env: { ...process.env, ...options.env },
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (exit) => {
      clearTimeout(timer);
      resolve({ code: exit, stdout, stderr });
    });
    child.stdin.end(js);
  });
}
