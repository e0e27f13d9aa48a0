// Running a process under valgrind's callgrind and reading its instruction count: used by the instruction benches
// (signer-instructions.mjs, signer-runtime-instructions.mjs), whose counts do not move with the machine's other load.
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Why callgrind cannot run here, or `undefined`. */
export function callgrindMissing() {
  for (const name of ['valgrind', 'callgrind_control'])
    try {
      execFileSync(name, ['--version'], { stdio: 'ignore' });
    } catch {
      return `${name} not found (apt-get install valgrind)`;
    }
  return undefined;
}

/** `command args` under callgrind, counting off until {@link counting} turns it on; its output files in `dir`. */
export function underCallgrind(dir, name, command, args, env = {}) {
  const proc = spawn(
    'valgrind',
    [
      '--tool=callgrind',
      '--instr-atstart=no',
      '--smc-check=all-non-file', // JIT code (V8) changes under valgrind's feet
      `--callgrind-out-file=${join(dir, `${name}.out`)}`,
      command,
      ...args,
    ],
    // Under callgrind a Redis call takes far longer than the endpoint's default 1 s timeout allows.
    { stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, BENCH_REDIS_TIMEOUT_MS: '60000', ...env } },
  );
  return proc;
}

/** Turns counting on or off in a callgrind process. */
export function counting(proc, on) {
  execFileSync('callgrind_control', ['-i', on ? 'on' : 'off', String(proc.pid)], { stdio: 'ignore' });
}

/** Dumps a callgrind process's counts and returns the instructions counted since counting was turned on. */
export async function dumped(dir, name, proc) {
  execFileSync('callgrind_control', ['-d', String(proc.pid)], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    for (const file of readdirSync(dir).filter((f) => f.startsWith(`${name}.out.`))) {
      const totals = /^totals: (\d+)/m.exec(readFileSync(join(dir, file), 'utf8'));
      if (totals) return Number(totals[1]);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`callgrind wrote no counts for ${name}`);
}
