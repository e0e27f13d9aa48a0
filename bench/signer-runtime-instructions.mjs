// Instructions per request of the sign endpoint against the hand-written handler on the same runtime (the servers of
// bench/signer.mjs: node:http on Node, `Deno.serve` on Deno), counted by valgrind's callgrind. Requests/s and CPU time
// on a shared 2-core machine move by 10 % and more from round to round; these counts do not, so they show what a
// change to the handler is worth. They leave out the kernel's share (the loopback writes), which the two servers pay
// alike per request. Bun is left out: its JIT tiers up differently under valgrind, so a larger handler is counted
// at a lower tier than it runs at natively. Slow (valgrind), so not part of `npm run bench`.
//
// Usage: `npm run build && node bench/signer-runtime-instructions.mjs` (prints JSON; needs valgrind).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { callgrindMissing, counting, dumped, underCallgrind } from './callgrind.mjs';
import { load, RUNTIMES } from './signer.mjs';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 3000);
const WARMUP = Number(process.env.BENCH_WARMUP_REQUESTS ?? 6000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const COUNTED = ['node', 'deno'];

/** Instructions per request of one server (`baseline` or `signer`) of `runtime`. */
async function count(runtime, kind) {
  const dir = mkdtempSync(join(tmpdir(), 'plyr-kit-callgrind-'));
  const { command, args } = RUNTIMES[runtime];
  const server = underCallgrind(dir, kind, command, [...args, kind], {
    DENO_NO_UPDATE_CHECK: '1',
    NO_COLOR: '1',
  });
  try {
    const port = await new Promise((resolve, reject) => {
      server.once('exit', (code) => reject(new Error(`${runtime} ${kind} exited with ${code}`)));
      server.stdout.once('data', (d) => resolve(Number(String(d).trim())));
    });
    const url = `http://127.0.0.1:${port}/plyr/sign`;
    await load(url, { amount: WARMUP, timeout: 60 });
    counting(server, true);
    await load(url, { amount: REQUESTS, timeout: 60 });
    counting(server, false);
    return Math.round((await dumped(dir, kind, server)) / REQUESTS);
  } finally {
    server.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Counts each runtime's baseline and signer `RUNS` times. */
export async function run() {
  const missing = callgrindMissing();
  if (missing !== undefined) return { skipped: missing };
  const byRuntime = {};
  for (const runtime of COUNTED) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      const baseline = await count(runtime, 'baseline');
      const signer = await count(runtime, 'signer');
      runs.push({ baseline, signer, ratio: Math.round((baseline / signer) * 1000) / 1000 });
    }
    byRuntime[runtime] = runs;
  }
  return {
    instructionsPerRequest: byRuntime,
    setup: {
      requests: REQUESTS,
      warmupRequests: WARMUP,
      connections: 32,
      ratio: 'baseline instructions / signer instructions (as a throughput ratio reads)',
      request: 'POST /plyr/sign, the login envelope of bench/signer.mjs; sign mode, no limits',
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(JSON.stringify(await run(), null, 2));
