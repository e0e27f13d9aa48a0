/**
 * Child processes for the scale-out tests, run from the TypeScript sources (see ts-register.mjs): a signing
 * endpoint in relay mode on the Redis (or memory) state, and an MG+ round player that a test kills mid-round.
 * Each prints one line when ready (`port <n>`) or at the point the test waits for, and is stopped by the test.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REGISTER = fileURLToPath(new URL('./ts-register.mjs', import.meta.url));
const SCRIPTS = {
  signer: fileURLToPath(new URL('./redis-signer-process.ts', import.meta.url)),
  rounds: fileURLToPath(new URL('./redis-round-process.ts', import.meta.url)),
} as const;

/** A running child and the lines it printed. */
export interface Child {
  readonly process: ChildProcess;
  /** Resolves with the first printed line that starts with `prefix` (rejects if the child exits first). */
  line(prefix: string, timeoutMs?: number): Promise<string>;
  /** Whether it is still running. */
  alive(): boolean;
  /** Kills it with `signal` and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts `node --import ts-register <script>` with `env` added to this process's environment. */
export function startChild(kind: keyof typeof SCRIPTS, env: Record<string, string>): Child {
  const proc = spawn(process.execPath, ['--import', REGISTER, SCRIPTS[kind]], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let stderr = '';
  const waiters = new Set<() => void>();
  let buffered = '';
  proc.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk;
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    lines.push(...parts);
    for (const wake of waiters) wake();
  });
  proc.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk;
  });
  proc.on('exit', () => {
    for (const wake of waiters) wake();
  });
  return {
    process: proc,
    line(prefix, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => done(new Error(`no "${prefix}" line in ${timeoutMs} ms:\n${stderr}`)),
          timeoutMs,
        );
        const check = () => {
          const found = lines.find((l) => l.startsWith(prefix));
          if (found !== undefined) done(undefined, found);
          else if (proc.exitCode !== null || proc.signalCode !== null)
            done(
              new Error(
                `${kind} exited (${proc.exitCode ?? proc.signalCode}) before "${prefix}":\n${stderr}`,
              ),
            );
        };
        const done = (error?: Error, line?: string) => {
          clearTimeout(timer);
          waiters.delete(check);
          if (error) reject(error);
          else resolve(line!);
        };
        waiters.add(check);
        check();
      });
    },
    alive: () => proc.exitCode === null && proc.signalCode === null,
    kill(signal = 'SIGTERM') {
      if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
      return new Promise((resolve) => {
        proc.once('exit', () => resolve());
        proc.kill(signal);
      });
    },
  };
}
