/**
 * Compiling and running the Unity package's C# with Mono (Debian packages `mono-mcs` and `mono-runtime`), against
 * the UnityEngine stand-in under test/unity/csharp. Without Mono the C# suite fails with a clear message when `CI`
 * is set, and is skipped with a warning otherwise.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from '@jest/globals';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const runtimeDir = join(repoRoot, 'unity', 'Runtime');
const testDir = join(repoRoot, 'test', 'unity', 'csharp');

/** The Runtime's C# sources. */
export const RUNTIME_SOURCES = readdirSync(runtimeDir)
  .filter((f) => f.endsWith('.cs'))
  .map((f) => join(runtimeDir, f));
/** The sample scene scripts of the package. */
export const SAMPLE_SOURCES = [
  join(repoRoot, 'unity', 'Samples~', 'SignIn', 'PlyrSignInSample.cs'),
  join(repoRoot, 'unity', 'Samples~', 'RealPlay', 'PlyrRealPlaySample.cs'),
];
/** The UnityEngine stand-in. */
export const UNITY_STUB = join(testDir, 'UnityEngineStub.cs');
/** The C# test program's sources. */
export const PROTOCOL_TESTS = [
  join(testDir, 'ProtocolTests.cs'),
  join(testDir, 'RealPlayTests.cs'),
  join(testDir, 'PanelTests.cs'),
];

/** Why the C# tests cannot run. */
export const MONO_MISSING =
  'Mono not found: install the Debian packages mono-mcs and mono-runtime (apt-get install mono-mcs mono-runtime).';

/** True when `mcs` and `mono` run. */
export function hasMono(): boolean {
  return ['mcs', 'mono'].every((tool) => spawnSync(tool, ['--version'], { encoding: 'utf8' }).status === 0);
}

/** `describe` that needs Mono: under CI a failing test without it; locally a skipped suite and a warning. */
export function describeWithMono(name: string, fn: () => void): void {
  if (hasMono()) describe(name, fn);
  else if (process.env.CI)
    describe(name, () => {
      it('needs Mono', () => {
        throw new Error(MONO_MISSING);
      });
    });
  else {
    console.warn(`Skipping "${name}": ${MONO_MISSING}`);
    describe.skip(name, fn);
  }
}

/** Output of a tool run. */
export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** A fresh directory for build outputs. */
export function buildDir(): string {
  return mkdtempSync(join(tmpdir(), 'plyr-kit-unity-cs-'));
}

/** Runs `mcs` with `args` (warnings are errors: the Runtime must compile cleanly in a Unity project too). */
export function mcs(args: string[]): RunResult {
  const result = spawnSync('mcs', ['-nologo', '-warnaserror+', ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs a compiled program with `mono`. */
export function mono(exe: string, args: string[]): RunResult {
  const result = spawnSync('mono', ['--debug', exe, ...args], { encoding: 'utf8', timeout: 30_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
