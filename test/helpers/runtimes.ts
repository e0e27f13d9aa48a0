/**
 * Other JavaScript runtimes, from npm (`bun`, `deno` in devDependencies), as child processes: a TypeScript program
 * is written to a temporary directory and run there, with only the permissions a studio would grant. A runtime
 * whose binary cannot start makes its suite skip with the reason (and fail under `CI`, where it must run).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from '@jest/globals';
import { root } from './readme.js';

/** A runtime the tests run the built server in. */
export type RuntimeName = 'bun' | 'deno';

const BIN: Record<RuntimeName, string> = {
  bun: join(root, 'node_modules', '.bin', 'bun'),
  deno: join(root, 'node_modules', '.bin', 'deno'),
};

/** How each runtime runs a file: Deno with the permissions the README's recipe names. */
const ARGS: Record<RuntimeName, (file: string) => string[]> = {
  bun: (file) => ['run', file],
  deno: (file) => ['run', '--allow-net', '--allow-env', '--no-prompt', file],
};

/** Why the runtime's binary cannot start, or `undefined` when it runs. */
export function runtimeMissing(name: RuntimeName): string | undefined {
  const run = spawnSync(BIN[name], ['--version'], { encoding: 'utf8', timeout: 20_000 });
  if (run.error !== undefined)
    return `${BIN[name]} cannot start (${run.error.message}); npm install installs it`;
  if (run.status !== 0) return `${BIN[name]} --version exited with ${run.status}: ${run.stderr.trim()}`;
  return undefined;
}

/** `describe` that needs the runtime: skipped with the reason when its binary cannot start (a failure under CI). */
export function describeInRuntime(name: RuntimeName, title: string, fn: () => void): void {
  const missing = runtimeMissing(name);
  if (missing === undefined) describe(title, fn);
  else if (process.env.CI)
    describe(title, () => {
      it(`needs ${name}`, () => {
        throw new Error(missing);
      });
    });
  else {
    console.warn(`Skipping "${title}": ${missing}`);
    describe.skip(title, fn);
  }
}

/** A program running in a runtime. */
export interface RuntimeProcess {
  /** What it printed so far (stdout and stderr), for failure messages. */
  output(): string;
  /** Stops it and removes its directory. */
  stop(): Promise<void>;
}

/** Runs `code` (TypeScript) as `server.ts` in a fresh directory, with `env` added to this process's environment. */
export function startInRuntime(
  name: RuntimeName,
  code: string,
  env: Record<string, string> = {},
): RuntimeProcess {
  const dir = mkdtempSync(join(tmpdir(), `plyr-kit-${name}-`));
  const file = join(dir, 'server.ts');
  writeFileSync(file, code);
  const child: ChildProcess = spawn(BIN[name], ARGS[name](file), {
    cwd: dir,
    // Deno's module cache stays in the directory, so the run leaves nothing behind.
    env: { ...process.env, ...env, DENO_DIR: join(dir, '.deno'), DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  return {
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One answer, as the test reads it. */
export interface Answer {
  status: number;
  json: Record<string, unknown>;
}

/** Options of {@link send}. */
export interface SendOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** The local address to connect from (any of 127.0.0.0/8 on loopback): what the server sees as the client. */
  from?: string;
}

/** One HTTP request to `127.0.0.1:port` from the address `from` (default 127.0.0.1). */
export function send(port: number, path: string, options: SendOptions = {}): Promise<Answer> {
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.method ?? (body === undefined ? 'GET' : 'POST'),
        localAddress: options.from ?? '127.0.0.1',
        agent: false,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...options.headers,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => {
          let json: Record<string, unknown> = {};
          try {
            json = JSON.parse(text) as Record<string, unknown>;
          } catch {
            json = { text };
          }
          resolve({ status: res.statusCode ?? 0, json });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The address the readiness probe comes from, so it takes no token from the addresses a test counts. */
const READY_FROM = '127.0.0.9';

/** Waits until something accepts connections on `127.0.0.1:port` (the runtime has started its server). */
export async function waitForPort(port: number, child: RuntimeProcess, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await send(port, '/__ready', { from: READY_FROM });
      return;
    } catch {
      if (Date.now() > deadline)
        throw new Error(`nothing listens on port ${port} after ${timeoutMs} ms:\n${child.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
